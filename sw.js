// The service worker: the chat works offline after the first visit, and every later visit
// starts from this cache instead of the network.
//
// static/build/offline.js (written by `make setup` and `make dist`, see tools/offline.py) names
// the build's version and its files. The browser compares that script byte for byte on each
// visit, so a new build installs a new worker, which fills a new cache and deletes the old one.
importScripts("./static/build/offline.js");

const PREFIX = "flux-chat-build-";
const CACHE = PREFIX + self.BUILD.version;
// Files the build does not hold (a ?data= file), kept across builds for offline use.
const OTHERS = "flux-chat-others";
const PAGE = new URL("./index.html", self.location).href;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", (event) => {
  // "no-cache" revalidates with the server, so an older copy in the HTTP cache never
  // slips into a new build's cache.
  const requests = self.BUILD.files.map((file) => new Request(file, { cache: "no-cache" }));
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// The page names a ?data= file it fetched before this worker served it, to keep for offline.
self.addEventListener("message", (event) => {
  const url = event.data && event.data.keep;
  if (typeof url === "string" && url.startsWith(SCOPE)) {
    // If it cannot be fetched now, there is nothing to keep: the page already says why.
    event.waitUntil(caches.open(OTHERS).then((cache) => cache.add(url)).catch(() => {}));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method === "GET" && request.url.startsWith(SCOPE)) {
    event.respondWith(respond(request));
  }
});

async function respond(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  // The page, whatever its query (?data=, ?inspect ...): the build's copy.
  if (request.mode === "navigate" && (url.href === SCOPE || url.href === PAGE)) {
    const page = await cache.match(PAGE);
    if (page) return page;
  }
  const cached = await cache.match(request);
  if (cached) return cached;
  // Anything else (a ?data= file): the network first, and the last copy when offline.
  const others = await caches.open(OTHERS);
  try {
    const response = await fetch(request);
    if (response.status === 200) await others.put(request, response.clone());
    return response;
  } catch (error) {
    const copy = await others.match(request);
    if (copy) return copy;
    throw error;
  }
}
