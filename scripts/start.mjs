// `npm start`: the desktop app. Checks for electron's binary and a display first, so a machine without them gets
// one line saying what is missing and what to do, not a 40 s build ending in electron's "Electron uninstall" stack.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startProblemLine } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const problem = startProblemLine(root);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const result = spawnSync(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
