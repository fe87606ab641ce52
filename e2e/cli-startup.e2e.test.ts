import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot, readPackageVersion } from '../src/node/project-root';
import { ROOT } from './support/serve';

/**
 * Start-up cost: `--version`, `--help` and every command's `--help` must not load the heavy packages a
 * command needs only when it runs (each action imports its module lazily; see src/cli/register-commands.ts).
 * A `--require` hook records every package the built CLI asks for, so the check does not depend on timing.
 */
// zod is bundled (electron.vite.config.ts) into a chunk of its own, required as ./zod-<hash>.js.
const HEAVY = /^(@tensorflow\/|onnxruntime-node$|onnxruntime-node\/|zod$|zod\/|protobufjs$|protobufjs\/|ws$)|\/zod-[\w-]+\.js$/;

const HOOK = `
const Module = require('node:module');
const fs = require('node:fs');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) {
  seen.add(request);
  return load.call(this, request, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.WAKEWORD_LOAD_LOG, JSON.stringify([...seen])));
`;

let hookFile = '';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-startup-'));
  hookFile = path.join(dir, 'record-loads.cjs');
  await writeFile(hookFile, HOOK);
});

interface Loaded {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly heavy: readonly string[];
  readonly all: readonly string[];
}

async function runRecorded(args: readonly string[]): Promise<Loaded> {
  const log = path.join(dir, `loads-${args.join('_').replace(/[^\w-]/g, '')}.json`);
  const result = spawnSync(process.execPath, ['--require', hookFile, path.join(ROOT, 'bin', 'wakeword.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WAKEWORD_LOAD_LOG: log, WAKEWORD_CONFIG_DIR: path.join(dir, 'config') },
    timeout: 120_000,
  });
  const all = JSON.parse(await readFile(log, 'utf8')) as string[];
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all, heavy: all.filter((request) => HEAVY.test(request)) };
}

describe('wakeword start-up', () => {
  it('prints --version without loading TF.js, onnxruntime, zod, protobufjs or ws', async () => {
    const run = await runRecorded(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(readPackageVersion(findProjectRoot()));
    expect(run.all).toContain('commander');
    expect(run.heavy).toEqual([]);
  });

  it('prints --help (every command listed) without loading them', async () => {
    const run = await runRecorded(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['serve', 'config', 'presets', 'features', 'scan', 'split', 'synth', 'voices', 'demo', 'train', 'eval', 'detect', 'export']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(run.heavy).toEqual([]);
  });

  it.each(['train', 'eval', 'detect', 'export', 'features', 'serve', 'synth'])('prints `%s --help` without loading them', async (command) => {
    const run = await runRecorded([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: wakeword ${command}`);
    expect(run.heavy).toEqual([]);
  });

  it('loads a command’s own dependencies once it runs (the recorder sees them)', async () => {
    // eval scores with TF.js: its module comes in even though the run folder is then found missing.
    const run = await runRecorded(['eval', '--run', path.join(dir, 'no-such-run')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('run folder not found');
    expect(run.heavy).toContain('@tensorflow/tfjs');
    // And the bundled zod chunk, for a command that validates a config.
    const config = await runRecorded(['config', '--preset', 'fast']);
    expect(config.code).toBe(0);
    expect(config.heavy.some((request) => /\/zod-[\w-]+\.js$/.test(request))).toBe(true);
  });
});
