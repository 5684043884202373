/*
 * The checkpoint app's service worker (scope /check), written into the build by vite.config.ts
 * (checkServiceWorker) with the build's version and the files the /check app needs: its shell (the
 * app's index.html at /check), the entry and the checkpoint view with their chunks, styles and fonts.
 * Navigations to /check go to the network first and fall back to the cached shell offline; the
 * precached assets (content-hashed, never changing) come from the cache. The API is never cached
 * here: the app keeps the bundle (keys, revocation list) and its queue of checks in IndexedDB.
 */
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `patravali-check-${VERSION}`;
const SHELL = '/check';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('patravali-check-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === SHELL || url.pathname.startsWith(`${SHELL}/`))) {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok) {
            const cache = await caches.open(CACHE);
            await cache.put(SHELL, response.clone());
          }
          return response;
        } catch {
          return (await caches.match(SHELL, { cacheName: CACHE })) ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});
