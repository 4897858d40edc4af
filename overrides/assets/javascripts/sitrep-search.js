// The Search page: Pagefind's interface, started with the words of ?q=.
// Pagefind returns each page's path from the site root; the root is worked out
// from where this page is, so the site can be served from any path.
// The index is in parts (generator/publish/search.py): the main bundle (every page
// but the articles) and the article pages in parts by time of publication, which
// pagefind/sitrep-parts.json lists newest first with their page counts. A search
// loads the main bundle and the newest parts up to search_pages article pages, so
// what it downloads does not grow with the archive; when that finds less than a
// page of results it loads as many pages again, once; older parts are searched on
// demand ("Search older articles too"), merged into the same search.
(function () {
  "use strict";
  var box = document.getElementById("sitrep-search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(box.getAttribute("data-root") || "../", window.location.href).pathname;
  var bundle = root + "pagefind/";
  var PAGE = 5; // results Pagefind's interface shows before "Load more results"
  var DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

  // Only plain relative folders ("parts/738000-256/"): never another host or path.
  function valid(part) {
    return part && typeof part.path === "string" && /^parts\/[0-9]+(-[0-9]+)*\/$/.test(part.path) &&
      typeof part.pages === "number" && part.pages >= 0 &&
      (part.from === null || DAY.test(part.from)) && (part.to === null || DAY.test(part.to));
  }

  function start(parts, budget) {
    var next = 0;
    function batch() {
      var taken = [];
      var pages = 0;
      while (next < parts.length && (!taken.length || pages + parts[next].pages <= budget)) {
        pages += parts[next].pages;
        taken.push(parts[next]);
        next += 1;
      }
      return taken;
    }
    var first = batch();
    var ui = new PagefindUI({
      element: "#sitrep-search",
      bundlePath: bundle,
      baseUrl: root,
      mergeIndex: first.map(function (part) {
        return { bundlePath: bundle + part.path, baseUrl: root };
      }),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: true
    });

    var more = document.createElement("p");
    more.className = "sitrep-search-more";
    var scope = document.createElement("span");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    more.appendChild(scope);
    more.appendChild(document.createTextNode(" "));
    more.appendChild(button);
    box.parentNode.insertBefore(more, box.nextSibling);

    var oldest = first.length ? first[first.length - 1].from : null;
    function label() {
      more.hidden = next >= parts.length;
      if (more.hidden) {
        return;
      }
      // textContent only: dates checked above, nothing read from a page.
      scope.textContent = oldest ? "Articles published since " + oldest + " searched." : "";
      var to = parts[next].to;
      button.textContent = to ? "Search older articles too (up to " + to + ")" : "Search undated articles too";
    }
    label();

    var widened = null;
    function term() {
      var input = box.querySelector(".pagefind-ui__search-input");
      return input ? input.value : "";
    }
    function widen() {
      var taken = batch();
      if (!taken.length) {
        return Promise.resolve();
      }
      button.disabled = true;
      // The interface's own Pagefind module (the same URL, so the same instance).
      return import(bundle + "pagefind.js").then(function (pagefind) {
        return taken.reduce(function (done, part) {
          return done.then(function () {
            return pagefind.mergeIndex(bundle + part.path, { baseUrl: root });
          });
        }, Promise.resolve());
      }).then(function () {
        oldest = taken[taken.length - 1].from || oldest;
        button.disabled = false;
        label();
        ui.triggerFilters({}); // runs the same words again, over every part loaded
      });
    }
    button.addEventListener("click", function () {
      widened = term();
      widen();
    });

    // Fewer results than a page: the next batch once per search, without a click.
    new MutationObserver(function () {
      var message = box.querySelector(".pagefind-ui__message");
      var words = term();
      if (!message || !words || widened === words || next >= parts.length) {
        return;
      }
      var text = message.textContent || "";
      var counted = /^([0-9][0-9,]*) results? for/.exec(text);
      var count = /^No results/.test(text) ? 0 : counted ? parseInt(counted[1].replace(/,/g, ""), 10) : -1;
      if (count >= 0 && count < PAGE) {
        widened = words;
        widen();
      }
    }).observe(box, { childList: true, subtree: true, characterData: true });

    var words = new URLSearchParams(window.location.search).get("q");
    if (words) {
      ui.triggerSearch(words);
    }
  }

  fetch(bundle + "sitrep-parts.json")
    .then(function (response) {
      return response.ok ? response.json() : {};
    })
    .then(function (index) {
      var parts = index && Array.isArray(index.parts) ? index.parts.filter(valid) : [];
      var budget = index && typeof index.search_pages === "number" ? index.search_pages : 0;
      start(parts, budget);
    }, function () {
      start([], 0);
    });
})();
