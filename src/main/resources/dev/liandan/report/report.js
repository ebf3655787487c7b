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

// A table wider than its card scrolls sideways: say so, and how many columns are out of view.
(function () {
  'use strict';
  var box = document.getElementById('leaderboard-scroll');
  var hint = document.getElementById('leaderboard-hint');
  if (!box || !hint) { return; }
  function update() {
    var table = box.querySelector('table');
    if (!table || !table.tHead) { return; }
    var right = box.getBoundingClientRect().right;
    var hidden = 0;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.getBoundingClientRect().right > right + 1) { hidden++; }
    });
    var over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('overflowing', over && hidden > 0);
    hint.hidden = !over;
    hint.textContent = hidden > 0 ? 'Scroll the table sideways: ' + hidden + ' more column' + (hidden === 1 ? '' : 's')
        + ' to the right \u2192' : 'Scroll the table sideways to see every column.';
  }
  box.addEventListener('scroll', update);
  window.addEventListener('resize', update);
  update();
}());
