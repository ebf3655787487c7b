// Test harness, injected into a copy of a report page: after layout, measures every section and
// writes what it found as JSON into a pre element (id layout-report) for --dump-dom to return.
(function () {
  'use strict';
  function box(r) { return { left: r.left, top: r.top + window.scrollY, width: r.width, height: r.height }; }
  function overlap(a, b) {
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 1 && h > 1 ? w * h : 0;
  }
  function check() {
    var out = { height: document.documentElement.scrollHeight, sections: [], problems: [] };
    Array.prototype.forEach.call(document.querySelectorAll('main > section'), function (sec) {
      var r = sec.getBoundingClientRect();
      var info = { id: sec.id, box: box(r), svgs: 0, drawn: 0, texts: 0, tables: sec.querySelectorAll('table').length,
                   text: sec.textContent.replace(/\s+/g, ' ').trim().length };
      if (sec.scrollWidth > sec.clientWidth + 1) {
        out.problems.push(sec.id + ': content ' + sec.scrollWidth + ' px wide in a card of ' + sec.clientWidth);
      }
      Array.prototype.forEach.call(sec.querySelectorAll('svg.chart'), function (svg) {
        info.svgs++;
        info.drawn += svg.querySelectorAll('path, line, rect, circle, polygon, polyline').length;
        var frame = svg.getBoundingClientRect();
        if (frame.width < 100 || frame.height < 100) {
          out.problems.push(svg.id + ': drawn ' + frame.width + ' x ' + frame.height + ' px');
        }
        var texts = Array.prototype.filter.call(svg.querySelectorAll('text'), function (t) {
          return t.textContent.trim() !== '';
        }).map(function (t) { return { t: t.textContent.trim(), r: t.getBoundingClientRect() }; });
        info.texts += texts.length;
        texts.forEach(function (a, i) {
          if (a.r.left < frame.left - 1 || a.r.right > frame.right + 1 || a.r.top < frame.top - 1
              || a.r.bottom > frame.bottom + 1) {
            out.problems.push(svg.id + ': "' + a.t + '" sticks out of the plot');
          }
          for (var j = i + 1; j < texts.length; j++) {
            if (overlap(a.r, texts[j].r) > 0) {
              out.problems.push(svg.id + ': "' + a.t + '" overlaps "' + texts[j].t + '"');
            }
          }
        });
      });
      out.sections.push(info);
    });
    var pre = document.createElement('pre');
    pre.id = 'layout-report';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
}());
