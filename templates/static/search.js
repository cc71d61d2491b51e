// Pagefind UI on the search page. The index comes in shards (one per year of first digests): the
// newest is the main bundle, the others (data-merge, space-separated bundle paths) are merged in.
// Result URLs in every shard are relative to the site folder ("/papers/x/"); each index's baseUrl
// puts the site's base path in front, so a site under /digest/ links right.
// The query of the plain GET form (?q=...) in the header is run on arrival.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") { return; }
  var base = root.getAttribute("data-base");
  var merged = (root.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (path) {
    return { bundlePath: path, baseUrl: base };
  });
  var ui = new window.PagefindUI({
    element: "#search",
    baseUrl: base,
    bundlePath: root.getAttribute("data-bundle"),
    mergeIndex: merged,
    showSubResults: false,
    showImages: false,
    resetStyles: false
  });
  // The UI draws its own input, named only by a placeholder and title; name it by the page's visible
  // label (aria-labelledby: a <label for> would point at an id that exists only once this script ran).
  var labelInput = function () {
    var input = root.querySelector(".pagefind-ui__search-input");
    if (input) { input.setAttribute("aria-labelledby", "search-label"); }
    return Boolean(input);
  };
  if (!labelInput()) {
    var watcher = new MutationObserver(function () { if (labelInput()) { watcher.disconnect(); } });
    watcher.observe(root, { childList: true, subtree: true });
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();
