// gongwen serve: the comparison table's filter, and the span a URL's
// #START-END names (byte offsets of the document's text) marked and
// scrolled to. No other script runs on these pages.
(function () {
  "use strict";

  function filterRows() {
    var box = document.getElementById("filter");
    if (!box) return;
    var rows = document.querySelectorAll("table.wide tbody tr");
    var shown = document.getElementById("shown");
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      var n = 0;
      rows.forEach(function (r) {
        var keep = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !keep;
        if (keep) n += 1;
      });
      if (shown) shown.textContent = n + " of " + rows.length + " rows";
    });
  }

  // UTF-8 length of the code point at s[i], and its length in UTF-16.
  function units(s, i) {
    var c = s.codePointAt(i);
    var bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    return [bytes, c > 0xffff ? 2 : 1];
  }

  // A DOM range over bytes [start, end) of the article's text, which is
  // the document's text exactly, in order.
  function byteRange(root, start, end) {
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var pos = 0, node, from = null, to = null;
    while ((node = walk.nextNode())) {
      var s = node.data, i = 0;
      while (true) {
        if (from === null && pos >= start) from = [node, i];
        if (pos >= end) { to = [node, i]; break; }
        if (i >= s.length) break;
        var u = units(s, i);
        pos += u[0];
        i += u[1];
      }
      if (to) break;
    }
    if (!from || !to) return null;
    var r = document.createRange();
    r.setStart(from[0], from[1]);
    r.setEnd(to[0], to[1]);
    return r;
  }

  function target() {
    var text = document.getElementById("text");
    var m = /^#(\d+)-(\d+)$/.exec(location.hash);
    if (!text || !m) return;
    document.querySelectorAll(".target").forEach(function (e) {
      e.classList.remove("target");
    });
    var el = document.getElementById(m[1] + "-" + m[2]);
    if (!el) {
      var r = byteRange(text, +m[1], +m[2]);
      if (!r || r.collapsed) return;
      el = document.createElement("mark");
      el.className = "target";
      el.appendChild(r.extractContents());
      r.insertNode(el);
    }
    el.classList.add("target");
    el.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", filterRows);
  // After the browser's own jump to the anchor, which would put the span
  // at the top edge.
  window.addEventListener("load", function () {
    setTimeout(target, 0);
  });
  window.addEventListener("hashchange", target);
})();
