/**
 * One Content-Security-Policy for every host: the renderer's meta tag, the desktop session header and
 * `wakeword serve`'s header. No inline script and no eval; 'self' covers the same-origin WebSocket.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** Browsers ignore (and warn about) frame-ancestors in a meta tag; the HTTP header carries it. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');

/** Vite's dev server injects styles and talks over its own WebSocket; only `npm run dev` gets this. */
export const DEV_CONTENT_SECURITY_POLICY = META_CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "connect-src 'self'",
  "connect-src 'self' ws: http://localhost:*",
);
