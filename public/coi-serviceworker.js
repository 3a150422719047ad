/*
 * Cross-origin isolation for static hosts that cannot set response headers (GitHub Pages).
 * A service worker may rewrite the responses it serves, so it adds the COOP/COEP headers WebContainer needs;
 * the page registers it and reloads once (see src/runtime/coi-fallback.ts). Only same-origin responses are
 * rewritten; cross-origin ones pass through untouched (COEP credentialless allows them without CORP).
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chromium rejects only-if-cached requests that are not same-origin navigations.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'credentialless');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
