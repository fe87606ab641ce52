import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAllowedExternalUrl } from './app-url';

const ALLOWED_PERMISSIONS = new Set(['media', 'clipboard-sanitized-write', 'notifications']);

/** App-wide hardening: no new windows, no navigation, no webviews, minimal permissions. */
export function hardenApp(isDev: boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // External links open in the user's browser, never inside the app, and only to hosts the app links to.
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    // The microphone test needs audio capture; nothing in the app needs the camera.
    const media = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(ALLOWED_PERMISSIONS.has(permission) && (permission !== 'media' || media.every((type) => type === 'audio')));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  if (!isDev) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  }
}
