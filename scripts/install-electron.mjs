// `npm install`'s postinstall: downloads Electron's binary by running electron's own installer. npm would run
// that installer itself, but a failed download (offline, a proxy) then fails the whole install with a bare
// `getaddrinfo ENOTFOUND github.com` and rolls back node_modules, losing the CLI and `serve` that do not need
// Electron. So electron's script is denied in package.json `allowScripts` and run here, where a failure is
// reported with what to do and the install goes on. As `npm run postinstall` (a retry) it exits 1 on failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ELECTRON_HELP, electronBinaryProblem } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const retry = process.env.npm_command === 'run';
const say = (line) => process.stderr.write(`wakeword-studio: ${line}\n`);

function install() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say("Electron's binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set): the CLI and `npx wakeword serve` work; " + 'for the desktop app unset it and run `npm run postinstall`.');
    return !retry;
  }
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  // Production installs (--omit=dev) leave electron out: nothing to download.
  if (!existsSync(installer)) return true;
  // A network that swallows connections (rather than refusing them) would otherwise hang the install.
  const result = spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
  const binaryMissing = electronBinaryProblem(root) !== null;
  if (result.status === 0 && !binaryMissing) return true;
  // electron's installer prints the error's stack; its first line names the cause (e.g. getaddrinfo ENOTFOUND github.com).
  const cause = result.error?.code === 'ETIMEDOUT' ? 'no answer in 10 minutes' : (result.stderr || result.error?.message || `exit ${result.status ?? result.signal}`).trim().split('\n')[0];
  say(`could not download Electron's binary (${cause}). ${retry ? '' : 'The install goes on: the CLI and `npx wakeword serve` work without it. '}For the desktop app, ${ELECTRON_HELP}.`);
  return !retry;
}

let ok = true;
try {
  ok = install();
} catch (error) {
  // Never fail `npm install` over the desktop app's binary.
  say(`could not run Electron's installer (${error instanceof Error ? error.message : String(error)}). For the desktop app, ${ELECTRON_HELP}.`);
  ok = !retry;
}
process.exitCode = ok ? 0 : 1;
