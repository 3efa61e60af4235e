/* Site search on /zoeken/ (and each language's search page) with Pagefind: query and filters live in the URL (?q=…&soort=…). */
const form = document.getElementById("search");
const input = document.getElementById("s-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ excerptLength: 24 });

document.getElementById("no-js").hidden = true;
form.hidden = false;

const available = await pagefind.filters();
for (const select of selects) {
  const values = Object.keys(available[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b, document.documentElement.lang));
  for (const value of values) select.add(new Option(value, value));
}

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
    status.textContent = status.dataset.empty;
    return;
  }
  const found = await pagefind.debouncedSearch(query, { filters }, 150);
  if (found === null || ticket !== latest) return;
  const items = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title || item.url;
    const heading = document.createElement("h2");
    heading.append(link);
    li.append(heading, excerpt(item.excerpt));
    return li;
  }));
  const n = found.results.length;
  /* The words come from the page (data-*), in the page's language. */
  status.textContent = n === 0 ? status.dataset.none
    : n === 1 ? status.dataset.one : status.dataset.many.replace("{n}", n);
}

const start = new URLSearchParams(location.search);
input.value = start.get("q") || "";
for (const select of selects) select.value = start.get(select.name) || "";
form.addEventListener("input", run);
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
run();
