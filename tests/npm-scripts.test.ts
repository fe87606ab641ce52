import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayProblem, electronBinaryProblem, startProblemLine } from '../scripts/electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** A project folder holding the start scripts, a stand-in electron package (no binary yet) and electron-vite. */
async function fakeProject(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'scripts'));
  for (const file of ['start.mjs', 'install-electron.mjs', 'prepare.mjs', 'electron-binary.mjs']) await copyFile(path.join(root, 'scripts', file), path.join(dir, 'scripts', file));
  await mkdir(path.join(dir, 'node_modules', 'electron'), { recursive: true });
  await writeFile(path.join(dir, 'node_modules', 'electron', 'package.json'), '{"name":"electron"}');
  await mkdir(path.join(dir, 'node_modules', 'electron-vite', 'bin'), { recursive: true });
  // Stands in for electron-vite: shows that start went on to run it, and with which arguments.
  await writeFile(path.join(dir, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'console.log("electron-vite", ...process.argv.slice(2));\n');
}

async function downloadBinary(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'node_modules', 'electron', 'path.txt'), 'electron');
  await mkdir(path.join(dir, 'node_modules', 'electron', 'dist'));
  await writeFile(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'), '');
}

function start(dir: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

describe('npm start checks for the desktop app before building it', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'start-check-'));
    await fakeProject(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says in one line that the binary is missing, how to get it and that serve gives the same UI; builds nothing', () => {
    const run = start(dir, { DISPLAY: ':0' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Electron's binary was not downloaded");
    expect(lines[0]).toContain('npm run postinstall');
    expect(lines[0]).toContain('ELECTRON_MIRROR');
    expect(lines[0]).toContain('npx wakeword serve');
  });

  it('names a binary that path.txt points at but is gone, and a missing electron package', async () => {
    await writeFile(path.join(dir, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(electronBinaryProblem(dir, {})).toBe(`Electron's binary ${path.join(dir, 'node_modules', 'electron', 'dist', 'electron')} does not exist`);
    await rm(path.join(dir, 'node_modules', 'electron'), { recursive: true });
    expect(startProblemLine(dir, { DISPLAY: ':0' }, 'linux')).toMatch(/cannot start the desktop app: the electron package is not installed \(run npm install\)/);
  });

  it('asks for a display on Linux only, once the binary is there', async () => {
    await downloadBinary(dir);
    expect(electronBinaryProblem(dir, {})).toBeNull();
    expect(displayProblem({}, 'linux')).toMatch(/no display/);
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(displayProblem({}, 'darwin')).toBeNull();
    const run = start(dir, {});
    if (process.platform === 'linux') {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/there is no display .*run it on a desktop, or run `npx wakeword serve` for the same UI in a browser/);
    }
  });

  it('runs electron-vite preview when the binary and a display are there', async () => {
    await downloadBinary(dir);
    const run = start(dir, { DISPLAY: ':0' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('electron-vite preview');
    expect(run.status).toBe(0);
  });
});

/** Stands in for electron's install.js: fails as an offline download does, or "downloads" the binary. */
const FAILING_INSTALLER = `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/index.js:970:111)'); process.exit(1);\n`;
const WORKING_INSTALLER = `const fs = require('node:fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');\n`;

describe("npm install's Electron download (scripts/install-electron.mjs)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'install-electron-'));
    await fakeProject(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function install(env: NodeJS.ProcessEnv) {
    return spawnSync(process.execPath, [path.join(dir, 'scripts', 'install-electron.mjs')], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  }

  it('lets the install finish when the download fails, naming the cause and what to do', async () => {
    await writeFile(path.join(dir, 'node_modules', 'electron', 'install.js'), FAILING_INSTALLER);
    const run = install({ npm_command: 'install' });
    expect(run.status).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^wakeword-studio: could not download Electron's binary \(RequestError: getaddrinfo ENOTFOUND github.com\)\. The install goes on/);
    expect(lines[0]).toMatch(/npm run postinstall.*ELECTRON_MIRROR.*npx wakeword serve/);
    // Run again by hand (`npm run postinstall`), a failure is an error.
    expect(install({ npm_command: 'run' }).status).toBe(1);
  });

  it('is quiet when the download works, and says what ELECTRON_SKIP_BINARY_DOWNLOAD leaves out', async () => {
    await writeFile(path.join(dir, 'node_modules', 'electron', 'install.js'), WORKING_INSTALLER);
    const skipped = install({ npm_command: 'install', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set\): the CLI and `npx wakeword serve` work/);
    expect(electronBinaryProblem(dir, {})).toBe("Electron's binary was not downloaded");
    const run = install({ npm_command: 'install' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(electronBinaryProblem(dir, {})).toBeNull();
  });
});

describe("npm's prepare step (scripts/prepare.mjs)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prepare-'));
    await fakeProject(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function prepare(env: NodeJS.ProcessEnv) {
    return spawnSync(process.execPath, [path.join(dir, 'scripts', 'prepare.mjs')], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  }

  it('builds after npm install, and under npx only when the app was never built', async () => {
    expect(prepare({ npm_command: 'install' }).stdout.trim()).toBe('electron-vite build');
    expect(prepare({ npm_command: 'exec' }).stdout.trim()).toBe('electron-vite build');
    await mkdir(path.join(dir, 'out', 'main'), { recursive: true });
    await writeFile(path.join(dir, 'out', 'main', 'cli.js'), '');
    const npx = prepare({ npm_command: 'exec' });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toBe('');
    expect(prepare({ npm_command: 'ci' }).stdout.trim()).toBe('electron-vite build');
  });
});
