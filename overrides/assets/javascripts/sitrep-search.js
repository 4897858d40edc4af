// The Search page: Pagefind's interface, started with the words of ?q=.
// Pagefind returns each page's path from the site root; the root is worked out
// from where this page is, so the site can be served from any path.
// The index is in parts (generator/publish/search.py): the main bundle lists the
// others in sitrep-parts.json, and the interface merges them into one search.
(function () {
  "use strict";
  var box = document.getElementById("sitrep-search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(box.getAttribute("data-root") || "../", window.location.href).pathname;
  var bundle = root + "pagefind/";

  function start(parts) {
    var ui = new PagefindUI({
      element: "#sitrep-search",
      bundlePath: bundle,
      baseUrl: root,
      mergeIndex: parts.map(function (part) {
        return { bundlePath: bundle + part, baseUrl: root };
      }),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: true
    });
    var words = new URLSearchParams(window.location.search).get("q");
    if (words) {
      ui.triggerSearch(words);
    }
  }

  fetch(bundle + "sitrep-parts.json")
    .then(function (response) {
      return response.ok ? response.json() : [];
    })
    .then(function (parts) {
      // Only plain relative folders ("parts/0/"): never another host or path.
      start(Array.isArray(parts) ? parts.filter(function (p) {
        return typeof p === "string" && /^parts\/[0-9]+\/$/.test(p);
      }) : []);
    }, function () {
      start([]);
    });
})();
