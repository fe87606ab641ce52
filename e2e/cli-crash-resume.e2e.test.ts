import { appendFile, mkdtemp, readdir, readFile, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../src/shared/run-meta';
import type { BestModel, EpochMetrics } from '../src/shared/contract/trainer-protocol';
import { EventBus } from '../src/services/event-bus';
import { TrainingService } from '../src/services/training/training-service';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { startWakeword, type WatchedCli } from './support/cli';

const EPOCHS = 6;

/** `wakeword ...` in its own process group (CLI and trainer together), as a terminal runs it. */
const cli = (args: readonly string[], env: Readonly<Record<string, string>> = {}): WatchedCli => startWakeword(args, env, { detached: true });

/** Resolves once `pid` no longer runs (or is a zombie nobody reaps). */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => null);
    if (stat === null || /^\d+ \(.*\) Z/.test(stat)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${String(pid)} outlived SIGKILL by 30 s`);
}

async function runRecord(runDir: string): Promise<{ meta: RunMeta; history: EpochMetrics[]; checkpoints: string[]; bestJson: BestModel; lastCheckpointBest: BestModel }> {
  const meta = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta;
  const text = await readFile(path.join(runDir, 'history.jsonl'), 'utf8');
  const history = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as EpochMetrics);
  const checkpoints = (await readdir(path.join(runDir, 'checkpoints'))).filter((name) => /^epoch-\d+$/.test(name)).sort();
  const bestJson = JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as BestModel;
  const lastCheckpointBest = JSON.parse(await readFile(path.join(runDir, 'checkpoints', checkpoints.at(-1) ?? '', 'best.json'), 'utf8')) as BestModel;
  return { meta, history, checkpoints, bestJson, lastCheckpointBest };
}

/** Every epoch once, and meta, best/ and the newest checkpoint telling the same story. */
function expectConsistent(record: Awaited<ReturnType<typeof runRecord>>, lastEpoch: number): void {
  expect(record.history.map((m) => m.epoch)).toEqual(Array.from({ length: lastEpoch }, (_, i) => i + 1));
  expect(record.checkpoints.at(-1)).toBe(`epoch-${String(lastEpoch).padStart(4, '0')}`);
  expect(record.meta.lastEpoch).toBe(lastEpoch);
  expect(record.meta.best?.epoch).toBe(record.bestJson.epoch);
  expect(record.lastCheckpointBest.epoch).toBe(record.bestJson.epoch);
}

describe('wakeword train: crashes and resume', () => {
  it('survives kill -9 mid-run twice, lists the run interrupted, and falls back from damaged checkpoints', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-crash-'));
    await writeSyntheticWorkspace(workspace, { positive: 12, negative: 12, hard_negative: 0 });
    const env = { WAKEWORD_CONFIG_DIR: await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-config-')), WAKEWORD_HEARTBEAT_MS: '50' };
    const settings = ['--set', `training.epochs=${String(EPOCHS)}`, '--set', 'training.batch_size=4', '--set', 'training.early_stopping.enabled=false', '--set', 'training.checkpoint.keep_last=10'];

    // 1. Killed (CLI and trainer, -9) just after epoch 2 was reported: the trainer is between epochs or mid-epoch 3.
    const first = cli(['train', '--workspace', workspace, '--preset', 'fast', ...settings, '--json'], env);
    await first.waitFor(/"type":"epoch","epoch":2,/);
    process.kill(-first.pid, 'SIGKILL');
    await first.exit;
    const [runId] = await readdir(path.join(workspace, 'runs'));
    const runDir = path.join(workspace, 'runs', runId ?? '');
    const killed = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta;
    expect(killed.status).toBe('running');
    expect(killed.owner?.host).toBe(os.hostname());
    // The heartbeat moved on from the start while the trainer lived.
    expect(Date.parse(killed.heartbeatAt ?? '')).toBeGreaterThan(Date.parse(killed.owner?.startedAt ?? ''));
    // SIGKILL is delivered asynchronously: the trainer may outlive the CLI by a moment. Wait for its end.
    await gone(killed.owner?.pid ?? 0);
    // What `training:runs` answers (the Run history, Evaluation and Export lists).
    const launch = (): never => {
      throw new Error('this service only lists runs');
    };
    const service = new TrainingService({ launch, bus: new EventBus() });
    const [listed] = await service.runs(workspace);
    expect(listed?.meta.status).toBe('interrupted');
    expect((await service.run(workspace, runId ?? '')).meta.status).toBe('interrupted');

    // 2. Resumed (it says the run was interrupted), and this time only the trainer is killed after its first epoch:
    // the CLI reports the crash and records the run failed, still resumable.
    const second = cli(['train', '--resume', runDir, '--json'], env);
    await second.waitFor(/"type":"epoch"/);
    const trainer = (JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta).owner?.pid ?? 0;
    expect(trainer).not.toBe(killed.owner?.pid);
    process.kill(trainer, 'SIGKILL');
    const crashed = await second.exit;
    expect(crashed.stderr).toMatch(/Run \S+ was interrupted \(its trainer, process \d+ on .+, is gone at epoch \d\); resuming it\./);
    expect(crashed.code).not.toBe(0);
    expect(crashed.stdout).toContain('The trainer process ended unexpectedly');
    expect((JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta).status).toBe('failed');

    // 3. Resumed to the end.
    const third = cli(['train', '--resume', runDir], env);
    const done = await third.exit;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Resumed from .*epoch-\d{4} after epoch \d/);
    expect(done.stdout).toContain('Training completed.');
    const record = await runRecord(runDir);
    expectConsistent(record, EPOCHS);
    expect(record.meta.status).toBe('completed');

    // 4. A truncated weights.bin in the newest checkpoint: the resume falls back to the previous one and says so.
    await truncate(path.join(runDir, 'checkpoints', 'epoch-0006', 'weights.bin'), 100);
    const truncated = await cli(['train', '--resume', runDir], env).exit;
    expect(truncated.code, truncated.stderr).toBe(0);
    expect(truncated.stdout).toMatch(/warn: Checkpoint epoch-0006 is damaged \(weights\.bin is truncated \(100 of \d+ bytes\)\); set aside as checkpoints\/epoch-0006\.damaged\. Resuming from epoch-0005 instead\./);
    expect(truncated.stdout).toMatch(/Resumed from .*epoch-0005 after epoch 5/);
    expect(await readFile(path.join(runDir, 'train.log'), 'utf8')).toContain('Checkpoint epoch-0006 is damaged (weights.bin is truncated');
    expectConsistent(await runRecord(runDir), EPOCHS);

    // 5. Bytes appended to it are caught the same way.
    await appendFile(path.join(runDir, 'checkpoints', 'epoch-0006', 'weights.bin'), 'garbage');
    const appended = await cli(['train', '--resume', runDir], env).exit;
    expect(appended.code, appended.stderr).toBe(0);
    expect(appended.stdout).toContain('warn: Checkpoint epoch-0006 is damaged (weights.bin has 7 bytes more than were written');
    expectConsistent(await runRecord(runDir), EPOCHS);

    // 6. --resume naming a checkpoint folder continues from exactly there.
    const named = await cli(['train', '--resume', path.join(runDir, 'checkpoints', 'epoch-0004')], env).exit;
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/Resumed from .*epoch-0004 after epoch 4/);
    expect(named.stdout).toContain('Removed later checkpoints epoch-0005, epoch-0006');
    expectConsistent(await runRecord(runDir), EPOCHS);
  });
});
