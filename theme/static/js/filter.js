/* Overview filter: narrows the lists as you type; the state lives in the URL query.
   Without this script every corporation shows and the municipality links do the filtering. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  var empty = document.getElementById("filter-empty");
  var lists = document.querySelectorAll(".corp-list");
  if (!form || !lists.length || !status || !window.URLSearchParams) return;
  var names = ["q", "gemeente", "ontruimen", "incasso"];
  var fold = function (text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  };
  var rows = [];
  Array.prototype.forEach.call(lists, function (list) {
    Array.prototype.forEach.call(list.children, function (row) {
      rows.push({
        row: row,
        list: list,
        text: fold(row.getAttribute("data-search")),
        places: " " + row.getAttribute("data-municipalities") + " ",
        eviction: row.getAttribute("data-eviction"),
        measures: " " + row.getAttribute("data-measures") + " "
      });
    });
  });
  var timer = 0;

  function apply() {
    var q = fold(form.elements.q.value);
    var place = form.elements.gemeente.value;
    var eviction = form.elements.ontruimen.value;
    var measure = form.elements.incasso.value;
    var count = 0;
    var shown = new Map();
    rows.forEach(function (r) {
      var show = (!q || r.text.indexOf(q) !== -1) &&
        (!place || r.places.indexOf(" " + place + " ") !== -1) &&
        (!eviction || r.eviction === eviction) &&
        (!measure || r.measures.indexOf(" " + measure + " ") !== -1);
      if (r.row.hidden === show) r.row.hidden = !show;
      if (show) count++;
      shown.set(r.list, (shown.get(r.list) || 0) + (show ? 1 : 0));
    });
    shown.forEach(function (n, list) {  // a list with nothing left hides with its heading
      var heading = document.getElementById("kop-" + list.id);
      list.hidden = n === 0;
      if (heading) heading.hidden = n === 0;
      if (heading && heading.nextElementSibling) heading.nextElementSibling.hidden = n === 0;
    });
    if (empty) empty.hidden = count !== 0;
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
    clearTimeout(timer);  // announce once typing pauses, not on every key
    timer = setTimeout(function () {
      status.textContent = count === 1 ? status.getAttribute("data-one") :
        status.getAttribute("data-many").replace("{n}", count);
    }, 250);
  }

  var start = new URLSearchParams(location.search);
  names.forEach(function (name) {
    if (start.has(name)) form.elements[name].value = start.get(name);
  });
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
