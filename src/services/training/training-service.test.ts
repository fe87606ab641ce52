import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { TrainingConfig } from '../../shared/config/schema';
import type { TrainingStatus } from '../../shared/training-status';
import { writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { TSX_EXEC_ARGV } from '../../../tests/support/tsx-worker';
import { EventBus } from '../event-bus';
import { findProjectRoot } from '../../node/project-root';
import { TrainingService, TrainingStartError } from './training-service';
import { nodeWorkerLauncher } from '../../node/training/worker-handle';

const ROOT = findProjectRoot();

/** The real trainer entry, run from source through tsx: the same code the built worker.js bundles. */
function service(onFinished: (status: TrainingStatus) => void = () => undefined): TrainingService {
  return new TrainingService({
    launch: nodeWorkerLauncher({ entry: path.join(ROOT, 'src', 'worker', 'train.ts'), execArgv: TSX_EXEC_ARGV }),
    bus: new EventBus(),
    onFinished,
  });
}

function tinyConfig(patch: Partial<TrainingConfig['training']> = {}): TrainingConfig {
  return {
    ...DEFAULT_CONFIG,
    model: { ...DEFAULT_CONFIG.model, architecture: 'dscnn', dropout: 0, dscnn: { channels: 16, blocks: 1 } },
    training: { ...DEFAULT_CONFIG.training, epochs: 3, batch_size: 16, backend: 'auto', early_stopping: { ...DEFAULT_CONFIG.training.early_stopping, enabled: false }, ...patch },
    optimizer: { ...DEFAULT_CONFIG.optimizer, lr: 0.003, warmup_epochs: 0 },
  };
}

describe('TrainingService with the real trainer process', () => {
  it('trains a tiny dscnn on a synthetic workspace and fills the run folder', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    let resolve: (status: TrainingStatus) => void = () => undefined;
    const finished = new Promise<TrainingStatus>((r) => (resolve = r));
    const training = service(resolve);
    const started = await training.start({ workspace, config: tinyConfig(), preset: 'test', backend: 'auto', runName: 'tiny' });
    expect(started.state).toBe('starting');
    const status = await finished;
    expect(status.error).toBeNull();
    expect(status.state).toBe('completed');
    expect(status.backend?.id).toBe('wasm');
    expect(status.history.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(status.history[2]?.trainLoss).toBeLessThan(status.history[0]?.trainLoss ?? 0);

    const runDir = status.runDir ?? '';
    expect(path.basename(runDir)).toMatch(/^\d{8}-\d{6}-tiny$/);
    const meta = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { status: string; backend: { id: string }; best: { epoch: number } };
    expect(meta.status).toBe('completed');
    expect(meta.backend.id).toBe('wasm');
    expect((await readFile(path.join(runDir, 'history.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
    expect((await readdir(path.join(runDir, 'best'))).sort()).toEqual(['best.json', 'model.json', 'weights.bin']);
    expect(await readFile(path.join(runDir, 'train.log'), 'utf8')).toContain('Backend: wasm');
    expect(JSON.parse(await readFile(path.join(runDir, 'config.json'), 'utf8'))).toMatchObject({ model: { architecture: 'dscnn' } });
  }, 120_000);

  it('refuses to start without a dataset split, pointing at the Dataset panel, and leaves no run folder', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    await writeSyntheticWorkspace(workspace, { positive: 2, negative: 2, hard_negative: 0 }, { splits: false });
    const error = await service()
      .start({ workspace, config: tinyConfig(), preset: null, backend: 'cpu' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingStartError);
    expect((error as TrainingStartError).fixIn).toBe('dataset');
    expect((error as Error).message).toContain('train.json');
    expect(existsSync(path.join(workspace, 'runs'))).toBe(false);
  });

  it('refuses an invalid config naming the field and range, and leaves no run folder', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    await writeSyntheticWorkspace(workspace, { positive: 2, negative: 2, hard_negative: 0 });
    const bad = { ...tinyConfig(), training: { ...tinyConfig().training, epochs: 0 } };
    const error = (await service()
      .start({ workspace, config: bad, preset: null, backend: 'cpu' })
      .catch((e: unknown) => e)) as TrainingStartError;
    expect(error.fixIn).toBe('configuration');
    expect(error.message).toContain('training.epochs');
    expect(error.message).toMatch(/1 to 1000/);
    expect(existsSync(path.join(workspace, 'runs'))).toBe(false);
  });
});
