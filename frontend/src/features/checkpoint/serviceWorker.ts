/**
 * Registers the checkpoint app's service worker (frontend/sw/check-sw.js, written into the build by
 * vite.config.ts): it keeps the /check app's shell so the app opens without network. Only in a
 * built app served over a secure origin (https, or localhost), and never in the dev server.
 */
export function registerCheckWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/check-sw.js', { scope: '/check' }).catch(() => {
    // without it the app still works while the page stays open; it only cannot be reopened offline
  });
}
