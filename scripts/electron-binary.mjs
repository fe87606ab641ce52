// Whether the desktop app can start here: electron's binary (downloaded by scripts/install-electron.mjs during
// `npm install`) and, on Linux, a display. `npm start` checks this before it spends 40 s building; the install
// step uses it to confirm the download. Never throws (electron's own index.js does when path.txt is absent).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Why electron's binary is not there, or null when it is. */
export function electronBinaryProblem(root, env = process.env) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'package.json'))) return 'the electron package is not installed (run npm install)';
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return "Electron's binary was not downloaded";
  const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist'), readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `Electron's binary ${binary} does not exist`;
  return null;
}

/** Why a window cannot open (Linux without X11 or Wayland), or null. */
export function displayProblem(env = process.env, platform = process.platform) {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY ? 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' : null;
}

/** How to get the binary, and the way to the same UI without it. */
export const ELECTRON_HELP =
  'get the binary with `npm run postinstall` (ELECTRON_MIRROR=<url> for a mirror; see README "Quick start"), ' +
  'or run `npx wakeword serve` for the same UI in a browser';

/** The one line `npm start` prints when the desktop app cannot start here, or null when it can. */
export function startProblemLine(root, env = process.env, platform = process.platform) {
  const binary = electronBinaryProblem(root, env);
  if (binary) return `wakeword-studio: cannot start the desktop app: ${binary}; ${ELECTRON_HELP}.`;
  const display = displayProblem(env, platform);
  if (display) return `wakeword-studio: cannot start the desktop app: ${display}; run it on a desktop, or run \`npx wakeword serve\` for the same UI in a browser.`;
  return null;
}
