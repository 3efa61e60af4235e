/* Site search on /zoeken/ (and each language's search page) with Pagefind: query and filters live in the URL (?q=…&soort=…).
   A first search loads only what it needs (issue 23): Pagefind runs on the page itself (no
   worker script), the filters' values load when a tenant first reaches a filter, and only
   the shown results' fragments load (PAGE_SIZE at a time, "Meer resultaten" for more). */
const PAGE_SIZE = 10;
const form = document.getElementById("search");
const input = document.getElementById("s-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ excerptLength: 24, noWorker: true });

document.getElementById("no-js").hidden = true;
form.hidden = false;

let filterValues = null;
/* Every value of every filter, once, the first time a tenant reaches a filter. */
function loadFilters() {
  filterValues ||= pagefind.filters().then((available) => {
    for (const select of selects) {
      const known = new Set(Array.from(select.options, (o) => o.value));
      const values = Object.keys(available[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b, document.documentElement.lang));
      for (const value of values) if (!known.has(value)) select.add(new Option(value, value));
    }
  });
  return filterValues;
}
for (const select of selects) {
  for (const type of ["focus", "pointerdown", "mouseenter"]) select.addEventListener(type, loadFilters, { once: true });
}
/* A filter reached while Pagefind was still loading (its focus came before the listeners). */
if (selects.includes(document.activeElement)) loadFilters();

/* Copy an excerpt as text, keeping only Pagefind's <mark> highlights. */
function excerpt(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const out = document.createElement("p");
  for (const node of doc.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

let latest = 0;
let shown = [];  /* the results of the latest search, and how many are on the page */
async function showMore(ticket) {
  const next = shown.results.slice(shown.count, shown.count + PAGE_SIZE);
  const items = await Promise.all(next.map((r) => r.data()));
  if (ticket !== latest) return;
  shown.count += next.length;
  list.append(...items.map((item) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title || item.url;
    const heading = document.createElement("h2");
    heading.append(link);
    li.append(heading, excerpt(item.excerpt));
    return li;
  }));
  more.hidden = shown.count >= shown.results.length;
}

async function run() {
  const ticket = ++latest;
  const query = input.value.trim();
  const filters = {};
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const select of selects) {
    if (select.value) {
      filters[select.dataset.filter] = select.value;
      params.set(select.name, select.value);
    }
  }
  const search = params.toString();
  history.replaceState(null, "", search ? "?" + search : location.pathname);
  if (!query) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = status.dataset.empty;
    return;
  }
  const found = await pagefind.debouncedSearch(query, { filters }, 150);
  if (found === null || ticket !== latest) return;
  shown = { results: found.results, count: 0 };
  list.replaceChildren();
  await showMore(ticket);
  if (ticket !== latest) return;
  const n = found.results.length;
  /* The words come from the page (data-*), in the page's language. */
  status.textContent = n === 0 ? status.dataset.none
    : n === 1 ? status.dataset.one : status.dataset.many.replace("{n}", n);
}

const start = new URLSearchParams(location.search);
input.value = start.get("q") || "";
for (const select of selects) {
  /* A filter in the address is used at once; the other values load when needed. */
  const value = start.get(select.name);
  if (value) select.add(new Option(value, value));
  select.value = value || "";
}
form.addEventListener("input", run);
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
more.addEventListener("click", () => showMore(latest));
run();
