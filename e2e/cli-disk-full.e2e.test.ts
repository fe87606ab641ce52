/**
 * A full disk in the real CLI processes (issue: nothing half-written). The workspace folder is made a small
 * "disk" by a test-only preload (e2e/support/enospc.cjs) that the trainer and export workers inherit through
 * NODE_OPTIONS: writes that do not fit write what fits and fail with ENOSPC, as on a real full disk.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../src/shared/run-meta';
import type { EpochMetrics } from '../src/shared/contract/trainer-protocol';
import { EventBus } from '../src/services/event-bus';
import { TrainingService } from '../src/services/training/training-service';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { startWakeword, type WatchedCli } from './support/cli';
import { ROOT } from './support/serve';

const PRELOAD = path.join(ROOT, 'e2e', 'support', 'enospc.cjs');

const cli = (args: readonly string[], env: Readonly<Record<string, string>>): WatchedCli => startWakeword(args, env);

/** Bytes the files under `dir` hold: the preload's measure of a used disk. */
async function usedBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

async function workspaceWithDisk(prefix: string): Promise<{ readonly workspace: string; readonly capacityFile: string; readonly env: Readonly<Record<string, string>> }> {
  const base = await mkdtemp(path.join(os.tmpdir(), prefix));
  const workspace = path.join(base, 'ws');
  await writeSyntheticWorkspace(workspace, { positive: 12, negative: 12, hard_negative: 0 });
  const capacityFile = path.join(base, 'capacity');
  const env = {
    WAKEWORD_CONFIG_DIR: await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-config-')),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim(),
    WAKEWORD_TEST_DISK_DIR: workspace,
    WAKEWORD_TEST_DISK_BYTES_FILE: capacityFile,
  };
  return { workspace, capacityFile, env };
}

/** Every file under `dir`, relative, hidden ones included (a staging folder left behind would show here). */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

const SETTINGS = ['--set', 'training.epochs=4', '--set', 'training.batch_size=4', '--set', 'training.early_stopping.enabled=false', '--set', 'training.checkpoint.keep_last=10'];

describe('a full disk', () => {
  let disk: Awaited<ReturnType<typeof workspaceWithDisk>>;
  let runDir = '';

  it('during training: said in words, the last complete checkpoint intact, --resume works once space returns', async () => {
    disk = await workspaceWithDisk('wakeword-enospc-');
    const { workspace, capacityFile, env } = disk;
    const run = cli(['train', '--workspace', workspace, '--preset', 'fast', ...SETTINGS, '--json'], env);
    await run.waitFor(/"type":"epoch","epoch":1,/);
    // The disk fills up: from now on not one more byte fits.
    await writeFile(capacityFile, String(await usedBytes(workspace)));
    const full = await run.exit;
    const [runId] = await readdir(path.join(workspace, 'runs'));
    runDir = path.join(workspace, 'runs', runId ?? '');
    expect(full.code).not.toBe(0);
    const newest = (await readdir(path.join(runDir, 'checkpoints'))).sort().at(-1) ?? '';
    // Only whole checkpoints: no half-written folder beside them.
    expect(await readdir(path.join(runDir, 'checkpoints'))).toEqual(expect.arrayContaining([newest]));
    expect((await readdir(path.join(runDir, 'checkpoints'))).every((name) => /^epoch-\d{4}$/.test(name))).toBe(true);
    const said = `The disk holding ${runDir} is full (no space left while writing `;
    expect(full.stderr + full.stdout).toContain(said);
    expect(full.stderr).toContain(`The run keeps its last complete checkpoint, ${newest}; free some space, then resume it (wakeword train --resume ${runDir}`);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    // meta.json could not be rewritten on the full disk; its trainer is gone, so the run lists as interrupted.
    const launch = (): never => {
      throw new Error('this service only lists runs');
    };
    expect((await new TrainingService({ launch, bus: new EventBus() }).run(workspace, runId ?? '')).meta.status).toBe('interrupted');

    // Space returns: the run resumes from that checkpoint, which verifies intact, and completes.
    await rm(capacityFile);
    const resumed = await cli(['train', '--resume', runDir], env).exit;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Resumed from ${path.join(runDir, 'checkpoints', newest)} after epoch ${String(Number(newest.slice(6)))}.`);
    expect(resumed.stdout).not.toContain('damaged');
    const history = (await readFile(path.join(runDir, 'history.jsonl'), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as EpochMetrics);
    expect(history.map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    expect((JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta).status).toBe('completed');
  });

  it('during export: says so and leaves no folder that looks finished', async () => {
    const { workspace, capacityFile, env } = disk;
    // Room for the model files but not for everything an export writes (manifest, examples, README).
    const modelBytes = (await stat(path.join(runDir, 'best', 'weights.bin'))).size + (await stat(path.join(runDir, 'best', 'model.json'))).size;
    await writeFile(capacityFile, String((await usedBytes(workspace)) + modelBytes));
    const exportDir = path.join(workspace, 'exports');
    const full = await cli(['export', '--run', runDir, '--format', 'tfjs'], env).exit;
    expect(full.code).not.toBe(0);
    expect(full.stderr).toMatch(/The disk holding \S+ is full \(no space left while writing [^)]+\): nothing was written there, \S+ is as it was before\. Free some space, then try again\./);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(exportDir)).toEqual([]);

    await rm(capacityFile);
    const done = await cli(['export', '--run', runDir, '--format', 'tfjs'], env).exit;
    expect(done.code, done.stderr).toBe(0);
    expect((await listFiles(exportDir)).some((file) => file.endsWith('wakeword.json'))).toBe(true);
  });

  it('during split: says so and keeps the previous split', async () => {
    const { workspace, capacityFile, env } = disk;
    expect((await cli(['scan', '--workspace', workspace], env).exit).code).toBe(0);
    const splits = path.join(workspace, 'data', 'splits');
    const before = await Promise.all(['train', 'val', 'test'].map((name) => readFile(path.join(splits, `${name}.json`), 'utf8')));
    await writeFile(capacityFile, String((await usedBytes(workspace)) + 100));
    const full = await cli(['split', '--workspace', workspace, '--seed', '7'], env).exit;
    expect(full.code).not.toBe(0);
    expect(full.stderr).toContain(`The disk holding ${splits} is full (no space left while writing `);
    expect(full.stderr).toContain(`nothing was written there, ${splits} is as it was before.`);
    expect(await Promise.all(['train', 'val', 'test'].map((name) => readFile(path.join(splits, `${name}.json`), 'utf8')))).toEqual(before);
    expect(await listFiles(path.join(workspace, 'data'))).not.toEqual(expect.arrayContaining([expect.stringMatching(/\.tmp/)]));

    await rm(capacityFile);
    expect((await cli(['split', '--workspace', workspace, '--seed', '7'], env).exit).code).toBe(0);
    expect(await readFile(path.join(splits, 'train.json'), 'utf8')).not.toBe(before[0]);
  });
});
