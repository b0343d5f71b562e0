/* cxmodel site search: vanilla JavaScript over window.CXMODEL_INDEX (search-index.js),
   so it works from file:// and any static host. Results are built with DOM methods and
   textContent only: nothing from the model is ever parsed as HTML. The words it shows
   come from the page, in the page's language (data-none on the result list; the kinds of
   element in the index). */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var index = window.CXMODEL_INDEX || [];
  if (!input || !list) { return; }

  // Full-width and compatibility forms (ＡＰＰ, ｱ), case and diacritics do not matter.
  function fold(text) {
    return String(text || "").normalize("NFKC").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  var prepared = index.map(function (e) {
    return { entry: e, id: fold(e.i), name: fold(e.n), text: fold(e.t) };
  });

  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (item.id === w || item.name === w) { total += 10; }
      else if (item.id.indexOf(w) === 0 || item.name.indexOf(w) === 0) { total += 6; }
      else if (item.id.indexOf(w) >= 0 || item.name.indexOf(w) >= 0) { total += 4; }
      else if (item.text.indexOf(w) >= 0) { total += 1; }
      else { return 0; }
    }
    return total;
  }

  function render(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { list.hidden = true; return; }
    var found = prepared.map(function (item) { return { item: item, s: score(item, words) }; })
      .filter(function (r) { return r.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.item.name.localeCompare(b.item.name); })
      .slice(0, 20);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = list.getAttribute("data-none") || "";
      none.className = "none";
      list.appendChild(none);
    }
    found.forEach(function (r) {
      var e = r.item.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.n;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " · " + e.k + " · " + e.i;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  // Enter opens the first result (below); the form itself never submits anywhere.
  if (input.form) {
    input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  input.addEventListener("input", function () { render(input.value); });
  input.addEventListener("keydown", function (event) {
    // While an input method is composing (Chinese, Japanese), Enter and Escape belong to it.
    if (event.isComposing || event.keyCode === 229) { return; }
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    } else if (event.key === "Escape") {
      input.value = ""; render("");
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
  });
}());
