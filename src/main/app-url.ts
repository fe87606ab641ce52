/**
 * The renderer is served from `app://wakeword/` rather than `file://`: a custom, standard and secure scheme
 * gives the page a real origin, keeps it away from the rest of the disk, and lets the fuse that grants
 * file:// pages extra privileges stay off (Electron's security checklist, item 18). Pure path logic here;
 * app-protocol.ts wires it to Electron.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'wakeword';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The file under `rendererDir` an app:// URL names, or null for anything outside it or another host. */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Hosts the app itself links to; shell.openExternal refuses every other destination. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['github.com'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}
