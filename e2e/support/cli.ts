import { spawnSync } from 'node:child_process';
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
