/* similarity/index.html: sort by a header, filter by question, cohort and group. No network.
   "#group=ID" in the address (the cohort index links so) pre-fills the group filter. */
(function () {
  "use strict";
  var table = document.getElementById("pairs");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var question = document.getElementById("question-filter");
  var cohort = document.getElementById("cohort-filter");
  var group = document.getElementById("group-filter");
  var shown = document.getElementById("shown-count");
  var current = { col: -1, dir: 1 };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent).trim() : "";
    if (numeric) { var n = Number(raw); return raw === "" || isNaN(n) ? null : n; }
    return raw;
  }
  function sortBy(col) {
    var numeric = headers[col].getAttribute("data-type") === "num";
    var dir = current.col === col ? -current.dir : (numeric ? -1 : 1);
    current = { col: col, dir: dir };
    var keyed = rows.map(function (row, i) { return { row: row, i: i, k: key(row, col, numeric) }; });
    keyed.sort(function (a, b) {
      if (a.k === null || b.k === null) { return a.k === b.k ? a.i - b.i : (a.k === null ? 1 : -1); }
      var c = numeric ? a.k - b.k : collator.compare(a.k, b.k);
      return c !== 0 ? c * dir : a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    tbody.appendChild(frag);
    headers.forEach(function (th, i) {
      if (i === col) { th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }
  function apply() {
    var q = question ? question.value : "";
    var c = cohort ? cohort.value : "";
    var g = group ? group.value.trim() : "";
    var count = 0;
    rows.forEach(function (row) {
      var groups = (row.getAttribute("data-groups") || "").split("\n");
      var cohorts = (row.getAttribute("data-cohorts") || "").split("\n");
      var show = (q === "" || row.getAttribute("data-key") === q) &&
        (c === "" || cohorts.indexOf(c) !== -1) &&
        (g === "" || groups.indexOf(g) !== -1);
      row.hidden = !show;
      if (show) { count += 1; }
    });
    if (shown) { shown.textContent = String(count); }
  }
  headers.forEach(function (th, i) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(i); }); }
  });
  [question, cohort].forEach(function (box) { if (box) { box.addEventListener("change", apply); } });
  if (group) { group.addEventListener("input", apply); }
  var match = /^#group=(.*)$/.exec(window.location.hash);
  if (match && group) { group.value = decodeURIComponent(match[1]); }
  apply();
}());
