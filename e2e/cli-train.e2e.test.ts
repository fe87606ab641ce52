import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_IDS, type BackendId } from '../src/shared/contract/backend-choices';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { runWakeword as wakeword } from './support/cli';

describe('wakeword train (built CLI, real trainer process)', () => {
  it('trains the fast preset with --set overrides and prints JSON lines', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-train-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    const run = await wakeword(['train', '--workspace', workspace, '--preset', 'fast', '--set', 'training.epochs=2', '--set', 'training.batch_size=16', '--run-name', 'cli', '--json']);
    expect(run.stderr).not.toContain('wakeword:');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // Whichever backend this machine has (tensorflow with a GPU build, else wasm, else cpu) is fine; it must be named.
    expect(lines[0]).toMatchObject({ type: 'backend' });
    const backend = lines[0]?.backend as BackendId;
    expect(BACKEND_IDS).toContain(backend);
    const epochs = lines.filter((line) => line.type === 'epoch');
    expect(epochs.map((line) => line.epoch)).toEqual([1, 2]);
    for (const key of ['epochs', 'train_loss', 'val_loss', 'train_acc', 'val_acc', 'fpr', 'fnr', 'f1', 'eer', 'fah', 'lr', 'samples_per_sec']) {
      expect(epochs[0]).toHaveProperty(key);
    }
    const done = lines.at(-1) as { type: string; run_dir: string; best: { epoch: number; threshold: number } };
    expect(done.type).toBe('done');
    expect(path.basename(done.run_dir)).toMatch(/-cli$/);
    expect(done.best.threshold).toBeGreaterThan(0);
    const meta = JSON.parse(await readFile(path.join(done.run_dir, 'meta.json'), 'utf8')) as { status: string; backend: { id: string; skipped: { id: string }[] } };
    expect(meta.status).toBe('completed');
    // The run records the backend it reported, and every one tried before it as skipped.
    expect(meta.backend.id).toBe(backend);
    expect(meta.backend.skipped.map((s) => s.id)).toEqual(expect.arrayContaining(BACKEND_IDS.slice(0, BACKEND_IDS.indexOf(backend))));
    expect(existsSync(path.join(done.run_dir, 'best', 'model.json'))).toBe(true);
  });

  it('refuses an invalid config naming each field and its range, and creates no run folder', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-train-'));
    await writeSyntheticWorkspace(workspace, { positive: 2, negative: 2, hard_negative: 0 });
    const run = await wakeword(['train', '--workspace', workspace, '--set', 'training.epochs=0', '--set', 'optimizer.lr=5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('training.epochs: must be a whole number from 1 to 1000 (got 0)');
    expect(run.stderr).toContain('optimizer.lr');
    expect(existsSync(path.join(workspace, 'runs'))).toBe(false);
  });

  it('names a missing workspace and a missing split', async () => {
    const missing = await wakeword(['train', '--workspace', '/nonexistent/workspace']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('workspace folder not found: /nonexistent/workspace');
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-train-'));
    await writeSyntheticWorkspace(workspace, { positive: 2, negative: 2, hard_negative: 0 }, { splits: false });
    const unsplit = await wakeword(['train', '--workspace', workspace]);
    expect(unsplit.code).toBe(1);
    expect(unsplit.stderr).toMatch(/No dataset split .*scan and split the dataset first/);
  });
});
