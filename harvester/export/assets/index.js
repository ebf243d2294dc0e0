/* index.html: sort by clicking a column header, filter by text and status. No network, no eval.
   Rows are kept in one array; sorting re-appends them in a DocumentFragment (one reflow). */
(function () {
  "use strict";
  var table = document.getElementById("cohort");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var haystack = rows.map(function (row) { return row.textContent.toLowerCase(); });
  rows.forEach(function (row, i) { row._harvesterIndex = i; });
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var filterBox = document.getElementById("filter");
  var statusBox = document.getElementById("status-filter");
  var shown = document.getElementById("shown-count");
  var current = { col: -1, dir: 1 };

  function cellKey(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) { return null; }
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent; }
    raw = raw.trim();
    if (raw === "") { return null; }
    if (numeric) {
      var n = Number(raw);
      return isNaN(n) ? null : n;
    }
    return raw;
  }

  function sortBy(col) {
    var numeric = headers[col].getAttribute("data-type") === "num";
    var dir = current.col === col ? -current.dir : 1;
    current = { col: col, dir: dir };
    var keyed = rows.map(function (row) {
      return { row: row, key: cellKey(row, col, numeric) };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) { return a.row._harvesterIndex - b.row._harvesterIndex; }
        return a.key === null ? 1 : -1; /* empty cells last in both directions */
      }
      var c = numeric ? a.key - b.key : collator.compare(a.key, b.key);
      return c !== 0 ? c * dir : a.row._harvesterIndex - b.row._harvesterIndex;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    tbody.appendChild(frag);
    headers.forEach(function (th, i) {
      if (i === col) { th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  function applyFilter() {
    var q = filterBox ? filterBox.value.trim().toLowerCase() : "";
    var status = statusBox ? statusBox.value : "";
    var count = 0;
    rows.forEach(function (row, i) {
      var show = (q === "" || haystack[i].indexOf(q) !== -1) &&
        (status === "" || row.getAttribute("data-status") === status);
      row.hidden = !show;
      if (show) { count += 1; }
    });
    if (shown) { shown.textContent = String(count); }
  }

  headers.forEach(function (th, i) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(i); }); }
  });
  if (filterBox) { filterBox.addEventListener("input", applyFilter); }
  if (statusBox) { statusBox.addEventListener("change", applyFilter); }
  applyFilter();
}());
