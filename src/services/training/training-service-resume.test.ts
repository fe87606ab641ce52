import { mkdtemp, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../../shared/run-meta';
import { writeFolderAtomic, writeJsonAtomic } from '../../node/fs/atomic-write';
import { EventBus } from '../event-bus';
import { withManifest } from '../../node/training/checkpoint-record';
import { TrainingService } from './training-service';

/** A service whose trainer must never start: every case here is refused before that. */
function service(): TrainingService {
  const launch = (): never => {
    throw new Error('the trainer was launched');
  };
  return new TrainingService({ launch, bus: new EventBus() });
}

async function runWithCheckpoints(patch: Partial<RunMeta> = {}): Promise<{ workspace: string; dir: string }> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'resume-'));
  const dir = path.join(workspace, 'runs', 'run-a');
  await writeJsonAtomic(path.join(dir, 'config.json'), {});
  await writeJsonAtomic(path.join(dir, 'meta.json'), { id: 'run-a', name: 'run-a', status: 'stopped', lastEpoch: 2, best: null, ...patch });
  for (const epoch of [1, 2]) {
    const files = { 'model.json': '{}', 'weights.bin': new Uint8Array(32), 'optimizer.json': '{}', 'optimizer.bin': new Uint8Array(4), 'state.json': JSON.stringify({ epoch }) };
    await writeFolderAtomic(path.join(dir, 'checkpoints', `epoch-000${String(epoch)}`), withManifest(files));
  }
  return { workspace, dir };
}

describe('TrainingService.resume', () => {
  it('refuses a named checkpoint that fails its checksums, naming the file', async () => {
    const { workspace, dir } = await runWithCheckpoints();
    await truncate(path.join(dir, 'checkpoints', 'epoch-0002', 'weights.bin'), 5);
    await expect(service().resume(workspace, 'run-a', 'epoch-0002', 'auto')).rejects.toThrow(
      'Checkpoint epoch-0002 of run run-a is damaged: weights.bin is truncated (5 of 32 bytes). Choose an earlier checkpoint.',
    );
  });

  it('refuses when no checkpoint is intact, listing why', async () => {
    const { workspace, dir } = await runWithCheckpoints();
    await truncate(path.join(dir, 'checkpoints', 'epoch-0001', 'optimizer.bin'), 0);
    await truncate(path.join(dir, 'checkpoints', 'epoch-0002', 'weights.bin'), 0);
    await expect(service().resume(workspace, 'run-a', null, 'auto')).rejects.toThrow(
      'Run run-a has no intact checkpoint to resume from (epoch-0002: weights.bin is truncated (0 of 32 bytes); epoch-0001: optimizer.bin is truncated (0 of 4 bytes)).',
    );
  });

  it('refuses a run whose owner still runs, and goes ahead with one whose owner is gone', async () => {
    const live = await runWithCheckpoints({ status: 'running', owner: { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() } });
    await expect(service().resume(live.workspace, 'run-a', null, 'auto')).rejects.toThrow(`Run run-a is still running (process ${String(process.pid)} on ${os.hostname()})`);
    // A dead owner: the run is interrupted and resumable, so the service goes on to launch the trainer.
    const dead = await runWithCheckpoints({ status: 'running', owner: { pid: 2 ** 22 + 1, host: os.hostname(), startedAt: new Date().toISOString() } });
    await expect(service().resume(dead.workspace, 'run-a', null, 'auto')).rejects.toThrow('the trainer was launched');
  });
});
