// `prepare`: builds the app after `npm install`. npx also runs it: `npx wakeword` in the project folder links the
// project into npx's cache, which runs prepare again, a silent 40 s rebuild before the first command prints
// anything. The app is already built by then, so under npx the build runs only if out/ is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
if (process.env.npm_command === 'exec' && existsSync(path.join(root, 'out', 'main', 'cli.js'))) process.exit(0);
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const result = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
