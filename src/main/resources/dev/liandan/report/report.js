// Sortable tables: click a column heading to sort by it; numbers sort as numbers, blanks last.
(function () {
  'use strict';
  function key(text) {
    var t = text.trim();
    if (t === '' || t === '-') { return null; }
    var n = Number(t);
    return isNaN(n) ? t.toLowerCase() : n;
  }
  function compare(a, b) {
    if (a === null) { return b === null ? 0 : 1; }
    if (b === null) { return -1; }
    if (typeof a === 'number' && typeof b === 'number') { return a - b; }
    return String(a).localeCompare(String(b));
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.title = 'sort by ' + th.textContent;
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
          return { row: row, key: key(row.cells[col].textContent), i: i };
        });
        rows.sort(function (x, y) {
          if (x.key === null || y.key === null) { return compare(x.key, y.key) || x.i - y.i; }
          return (ascending ? 1 : -1) * compare(x.key, y.key) || x.i - y.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  });
}());
