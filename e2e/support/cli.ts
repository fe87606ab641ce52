import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './serve';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `wakeword` CLI with a private settings folder (a fresh one unless `configDir` is given). */
export async function runWakeword(args: readonly string[], configDir?: string): Promise<CliRun> {
  const dir = configDir ?? (await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-config-')));
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WAKEWORD_CONFIG_DIR: dir },
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The JSON objects of a `--json` command's output, one per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A running `wakeword` process whose output can be waited on. */
export interface WatchedCli {
  readonly pid: number;
  /** Resolves once stdout has matched `pattern`; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<void>;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts the built `wakeword` CLI and watches its output. `detached` puts it in its own process group (CLI and
 * trainer together), as a terminal runs it, so a test can signal or kill the whole group.
 */
export function startWakeword(args: readonly string[], env: Readonly<Record<string, string>> = {}, options: { readonly detached?: boolean } = {}): WatchedCli {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], { cwd: ROOT, detached: options.detached ?? false, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watcher of watchers.filter((w) => w.pattern.test(stdout))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  const waitFor = (pattern: RegExp): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(stdout)) return resolve();
      watchers.push({ pattern, resolve });
      void exit.then(() => reject(new Error(`ended before printing ${String(pattern)}:\n${stdout}\n${stderr}`)));
    });
  return { pid: child.pid as number, waitFor, exit };
}
