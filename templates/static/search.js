// Pagefind UI on the search page. Result URLs in the index are relative to the site folder
// ("/papers/x/"); baseUrl puts the site's base path in front, so a site under /digest/ links right.
// The query of the plain GET form (?q=...) in the header is run on arrival.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") { return; }
  var ui = new window.PagefindUI({
    element: "#search",
    baseUrl: root.getAttribute("data-base"),
    bundlePath: root.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();
