// Montage's service worker. /sw.js (workouts/pwa.py) sets self.MONTAGE = {release, precache}
// and imports Workbox from the project's own static files, then this file.
//
// - Static files: precached with their revisions (Workbox). A new release installs at once,
//   fetches what changed, deletes what is no longer listed, and takes over open pages.
// - Pages the user needs in the gym (/today/ and a session's logging page): network first; the
//   last copy is kept and served when the network fails, marked so the page can say it is a
//   copy (offline.js shows the offline banner with the copy's time; on log-out it deletes
//   the copies).
// - Everything else (forms, htmx requests, the API) goes to the network untouched.
/* global workbox */
(function () {
  "use strict";
  var config = self.MONTAGE;
  var PAGES = "montage-pages-" + config.release;
  var PAGE_PATHS = [/^\/today\/$/, /^\/sessions\/\d+\/$/];

  workbox.core.setCacheNameDetails({ prefix: "montage" });
  workbox.precaching.precacheAndRoute(config.precache);
  workbox.precaching.cleanupOutdatedCaches();

  self.addEventListener("install", function () { self.skipWaiting(); });
  workbox.core.clientsClaim();

  // Page copies from an older release name static files that may be gone: drop them.
  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("montage-pages-") === 0 && name !== PAGES;
      }).map(function (name) { return caches.delete(name); }));
    }));
  });

  var keepPlainPages = {
    // Only a page itself: not a redirect (to log in), not an error.
    cacheWillUpdate: function (args) {
      var response = args.response;
      return response && response.status === 200 && !response.redirected &&
        (response.headers.get("Content-Type") || "").indexOf("text/html") === 0 ? response : null;
    },
    // A copy is only ever read when the network failed: mark it for offline.js.
    cachedResponseWillBeUsed: function (args) {
      var cached = args.cachedResponse;
      if (!cached) return null;
      return cached.text().then(function (html) {
        var marked = html.replace("<html lang=\"en\"", "<html lang=\"en\" data-offline-copy");
        return new Response(marked, { status: 200, headers: cached.headers });
      });
    },
  };

  workbox.routing.registerRoute(
    function (options) {
      var url = options.url;
      return options.request.mode === "navigate" && url.origin === self.location.origin &&
        !url.search && PAGE_PATHS.some(function (pattern) { return pattern.test(url.pathname); });
    },
    new workbox.strategies.NetworkFirst({
      cacheName: PAGES,
      networkTimeoutSeconds: 10,
      plugins: [keepPlainPages, new workbox.expiration.ExpirationPlugin({ maxEntries: 12 })],
    })
  );
})();
