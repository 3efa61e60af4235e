/* Site search on each language's search page; query and filters live in the URL (?q=…&soort=…).
   The index: plugins/huurwijzer/site/search_index.py. A first search loads one file of terms
   per query word and the shown results' records; filter values load when a filter is reached. */
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 24;
const form = document.getElementById("search");
const input = document.getElementById("s-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const lang = document.documentElement.lang;
const base = `/search-index/${lang}/`;

document.getElementById("no-js").hidden = true;
form.hidden = false;

const files = new Map();
function load(path) {
  if (!files.has(path)) {
    files.set(path, fetch(base + path, { cache: "no-cache" }).then((r) => (r.ok ? r.json() : null)));
  }
  return files.get(path);
}

/* Lowercase, accents folded, split on anything but a-z and 0-9: as the index does. */
function words(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().match(/[a-z0-9]+/g) || [];
}

let filterValues = null;
/* Every value of every filter, once, the first time a tenant reaches a filter. */
function loadFilters() {
  filterValues ||= load("filters.json").then((available) => {
    for (const select of selects) {
      const known = new Set(Array.from(select.options, (o) => o.value));
      const values = Object.keys(available[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b, lang));
      for (const value of values) if (!known.has(value)) select.add(new Option(value, value));
    }
    return available;
  });
  return filterValues;
}
for (const select of selects) {
  for (const type of ["focus", "pointerdown", "mouseenter"]) select.addEventListener(type, loadFilters, { once: true });
}
if (selects.includes(document.activeElement)) loadFilters();

/* One query word: page → score, page → part of its text to show, the terms matched (marks).
   It matches the terms it begins (3+ letters, half weight) and every form of a term it
   equals (the index groups a term's forms by their stem). */
async function match(word) {
  const shard = await load(`t/${word.length < 3 ? word : word.slice(0, 3)}.json`);
  const scores = new Map();
  const parts = new Map();
  const terms = new Set();
  if (!shard) return { scores, parts, terms };
  const stems = new Map();  /* stem number → weight */
  for (const [term, stem] of Object.entries(shard.w)) {
    const weight = term === word ? 1 : word.length >= 3 && term.startsWith(word) ? 0.5 : 0;
    if (weight > (stems.get(stem) || 0)) stems.set(stem, weight);
  }
  for (const [term, stem] of Object.entries(shard.w)) if (stems.has(stem)) terms.add(term);
  for (const [stem, weight] of stems) {
    const postings = shard.p[stem];
    for (let i = 0, page = 0; i < postings.length; i += 3) {
      page += postings[i];
      const value = postings[i + 1] * weight;
      if (value > (scores.get(page) || 0)) {
        scores.set(page, value);
        parts.set(page, postings[i + 2]);
      }
    }
  }
  return { scores, parts, terms };
}

/* Pages holding every query word (and every chosen filter value), best first. */
async function find(query, filters) {
  const queryWords = [...new Set(words(query))];
  const matches = await Promise.all(queryWords.map(match));
  const chosen = Object.entries(filters);
  const available = chosen.length ? await loadFilters() : {};
  const allowed = chosen.map(([key, value]) => new Set((available[key] || {})[value] || []));
  const total = new Map();
  for (const [page, value] of matches[0].scores) {
    let sum = value;
    for (const other of matches.slice(1)) sum = other.scores.has(page) ? sum + other.scores.get(page) : NaN;
    if (!Number.isNaN(sum) && allowed.every((pages) => pages.has(page))) total.set(page, sum);
  }
  const pages = [...total.keys()].sort((a, b) => total.get(b) - total.get(a) || a - b);
  const terms = new Set(matches.flatMap((m) => [...m.terms]));
  return { pages, terms, parts: matches[0].parts };
}

/* EXCERPT_WORDS words around the first match, matches in <mark>; text nodes only, no HTML. */
function excerpt(text, terms, later) {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const hit = (t) => words(t[0]).some((w) => terms.has(w));
  const first = Math.max(tokens.findIndex(hit), 0);
  const from = Math.max(first - 6, 0);
  const shown = tokens.slice(from, from + EXCERPT_WORDS);
  const out = document.createElement("p");
  if (!shown.length) return out;
  let at = shown[0].index;
  if (from > 0 || later) out.append("… ");
  for (const token of shown) {
    out.append(text.slice(at, token.index));
    if (hit(token)) {
      const mark = document.createElement("mark");
      mark.textContent = token[0];
      out.append(mark);
    } else {
      out.append(token[0]);
    }
    at = token.index + token[0].length;
  }
  if (from + EXCERPT_WORDS < tokens.length) out.append(" …");
  return out;
}

let latest = 0;
let shown = { pages: [], terms: new Set(), parts: new Map(), count: 0 };  /* the latest search, and how many are on the page */
async function showMore(ticket) {
  const next = shown.pages.slice(shown.count, shown.count + PAGE_SIZE);
  const records = await Promise.all(next.map((page) => {
    const part = shown.parts.get(page);
    return load(`r/${page}${part ? "." + part : ""}.json`).then((r) => r && { ...r, part });
  }));
  if (ticket !== latest) return;
  shown.count += next.length;
  list.append(...records.filter(Boolean).map((record) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = record.u;
    link.textContent = record.t || record.u;
    const heading = document.createElement("h2");
    heading.append(link);
    li.append(heading, excerpt(record.x, shown.terms, record.part > 0));
    return li;
  }));
  more.hidden = shown.count >= shown.pages.length;
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
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
  if (!words(query).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = status.dataset.empty;
    return;
  }
  const found = await find(query, filters);
  if (ticket !== latest) return;
  shown = { ...found, count: 0 };
  list.replaceChildren();
  await showMore(ticket);
  if (ticket !== latest) return;
  const n = found.pages.length;
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
form.addEventListener("input", (event) => (event.target === input ? later() : run()));
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
more.addEventListener("click", () => showMore(latest));
run();
