/* Overview filter: narrows the list as you type; the state lives in the URL query.
   Without this script the whole list shows and the municipality links do the filtering. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var list = document.getElementById("corporaties");
  var status = document.getElementById("filter-status");
  if (!form || !list || !status || !window.URLSearchParams) return;
  var names = ["q", "gemeente", "ontruimen", "incasso"];
  var fold = function (text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  };
  var rows = Array.prototype.map.call(list.children, function (row) {
    return {
      row: row,
      text: fold(row.getAttribute("data-search")),
      places: " " + row.getAttribute("data-municipalities") + " ",
      eviction: row.getAttribute("data-eviction"),
      collection: row.getAttribute("data-collection")
    };
  });
  var timer = 0;

  function apply() {
    var q = fold(form.elements.q.value);
    var place = form.elements.gemeente.value;
    var eviction = form.elements.ontruimen.value;
    var collection = form.elements.incasso.value;
    var count = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var show = (!q || r.text.indexOf(q) !== -1) &&
        (!place || r.places.indexOf(" " + place + " ") !== -1) &&
        (!eviction || r.eviction === eviction) &&
        (!collection || r.collection === collection);
      if (r.row.hidden === show) r.row.hidden = !show;
      if (show) count++;
    }
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
    clearTimeout(timer);  // announce once typing pauses, not on every key
    timer = setTimeout(function () {
      status.textContent = count === 1 ? "1 corporatie gevonden" : count + " corporaties gevonden";
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
