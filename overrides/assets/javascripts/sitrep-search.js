// The Search page: Pagefind's interface, started with the words of ?q=.
// Pagefind returns each page's path from the site root; the root is worked out
// from where this page is, so the site can be served from any path.
(function () {
  "use strict";
  var box = document.getElementById("sitrep-search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(box.getAttribute("data-root") || "../", window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#sitrep-search",
    bundlePath: root + "pagefind/",
    baseUrl: root,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  var words = new URLSearchParams(window.location.search).get("q");
  if (words) {
    ui.triggerSearch(words);
  }
})();
