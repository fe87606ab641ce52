import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../../shared/run-meta';
import type { BestModel, EpochMetrics } from '../../shared/contract/trainer-protocol';
import { writeFolderAtomic, writeJsonAtomic } from '../fs/atomic-write';
import { BEST_MODEL_JSON, BEST_WEIGHTS, historyText, newestIntactCheckpoint, prepareResume, verifyCheckpoint, withManifest } from './checkpoint-record';
import { readHistory, readRunMeta } from './run-files';

const metrics = (epoch: number): EpochMetrics => ({ epoch, epochs: 9, trainLoss: 1 / epoch, valLoss: 1 / epoch } as EpochMetrics);
const best = (runDir: string, epoch: number): BestModel => ({ epoch, valLoss: 1 / epoch, valAcc: 0.9, recallAtTarget: 0.8, threshold: 0.5, fah: 1, path: path.join(runDir, 'best') });

/** A checkpoint as the loop writes it (model bytes stand in for real weights: only the record is read here). */
async function writeCheckpoint(runDir: string, epoch: number, bestEpoch: number): Promise<string> {
  const dir = path.join(runDir, 'checkpoints', `epoch-${String(epoch).padStart(4, '0')}`);
  const history = Array.from({ length: epoch }, (_, i) => metrics(i + 1));
  await writeFolderAtomic(
    dir,
    withManifest({
      'model.json': `{"epoch":${String(epoch)}}`,
      'weights.bin': new Uint8Array(64).fill(epoch),
      'optimizer.json': '{}',
      'optimizer.bin': new Uint8Array(8),
      'state.json': JSON.stringify({ epoch, bestEpoch }),
      'history.jsonl': historyText(history),
      'best.json': JSON.stringify(best(runDir, bestEpoch)),
      ...(bestEpoch === epoch ? { [BEST_MODEL_JSON]: `{"best":${String(epoch)}}`, [BEST_WEIGHTS]: new Uint8Array(16).fill(epoch) } : {}),
    }),
  );
  return dir;
}

/** A run killed after checkpoint 3 was written but before its history line, meta and best/ followed. */
async function laggingRun(): Promise<string> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'record-'));
  await writeCheckpoint(runDir, 1, 1);
  await writeCheckpoint(runDir, 2, 2);
  await writeCheckpoint(runDir, 3, 3);
  await writeJsonAtomic(path.join(runDir, 'meta.json'), { id: 'r', status: 'running', lastEpoch: 2, best: best(runDir, 2) } as Partial<RunMeta>);
  await writeFile(path.join(runDir, 'history.jsonl'), historyText([metrics(1), metrics(2), metrics(2)]));
  await writeFolderAtomic(path.join(runDir, 'best'), { 'model.json': '{"best":2}', 'weights.bin': new Uint8Array(16).fill(2), 'best.json': JSON.stringify(best(runDir, 2)) });
  return runDir;
}

describe('checkpoint manifests', () => {
  it('verifies an intact checkpoint and names the damaged file of a truncated, an extended or an altered one', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'record-'));
    const dir = await writeCheckpoint(runDir, 1, 1);
    expect(await verifyCheckpoint(dir)).toEqual({ ok: true, verified: true });
    await truncate(path.join(dir, 'weights.bin'), 10);
    expect(await verifyCheckpoint(dir)).toEqual({ ok: false, reason: 'weights.bin is truncated (10 of 64 bytes)' });

    const appended = await writeCheckpoint(runDir, 2, 2);
    await appendFile(path.join(appended, 'weights.bin'), new Uint8Array(3));
    expect(await verifyCheckpoint(appended)).toMatchObject({ ok: false, reason: expect.stringContaining('weights.bin has 3 bytes more') as unknown });

    const altered = await writeCheckpoint(runDir, 3, 3);
    await writeFile(path.join(altered, 'optimizer.bin'), new Uint8Array(8).fill(1));
    expect(await verifyCheckpoint(altered)).toMatchObject({ ok: false, reason: expect.stringContaining('optimizer.bin does not match its sha256') as unknown });
  });

  it('finds the newest intact checkpoint and lists the damaged ones after it', async () => {
    const runDir = await laggingRun();
    await truncate(path.join(runDir, 'checkpoints', 'epoch-0003', 'weights.bin'), 1);
    const newest = await newestIntactCheckpoint(runDir);
    expect(newest.name).toBe('epoch-0002');
    expect(newest.damaged).toEqual([{ name: 'epoch-0003', reason: 'weights.bin is truncated (1 of 64 bytes)' }]);
  });
});

describe('prepareResume', () => {
  it('rebuilds history, meta and best/ from the checkpoint when they lag it', async () => {
    const runDir = await laggingRun();
    const notes = await prepareResume(runDir, path.join(runDir, 'checkpoints', 'epoch-0003'));
    expect((await readHistory(runDir)).map((m) => m.epoch)).toEqual([1, 2, 3]);
    const meta = await readRunMeta(runDir);
    expect(meta?.lastEpoch).toBe(3);
    expect(meta?.best?.epoch).toBe(3);
    expect((JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as BestModel).epoch).toBe(3);
    expect(await readFile(path.join(runDir, 'best', 'model.json'), 'utf8')).toBe('{"best":3}');
    expect(notes.map((n) => n.message).join('\n')).toContain('restored best/ to epoch 3 (it held epoch 2)');
  });

  it('sets a damaged later checkpoint aside, says so, and rolls the record back to the chosen one', async () => {
    const runDir = await laggingRun();
    await appendFile(path.join(runDir, 'checkpoints', 'epoch-0003', 'weights.bin'), 'x');
    const notes = await prepareResume(runDir, path.join(runDir, 'checkpoints', 'epoch-0002'));
    expect(notes[0]).toEqual({ level: 'warn', message: expect.stringMatching(/^Checkpoint epoch-0003 is damaged \(weights\.bin has 1 bytes more.*\); set aside as checkpoints\/epoch-0003\.damaged\. Resuming from epoch-0002 instead\.$/) as unknown });
    expect(existsSync(path.join(runDir, 'checkpoints', 'epoch-0003.damaged'))).toBe(true);
    expect(existsSync(path.join(runDir, 'checkpoints', 'epoch-0003'))).toBe(false);
    expect((await readHistory(runDir)).map((m) => m.epoch)).toEqual([1, 2]);
    expect((await readRunMeta(runDir))?.lastEpoch).toBe(2);
  });

  it('removes later intact checkpoints when resuming from an earlier one the user named', async () => {
    const runDir = await laggingRun();
    const notes = await prepareResume(runDir, path.join(runDir, 'checkpoints', 'epoch-0001'));
    expect(notes).toContainEqual({ level: 'info', message: 'Removed later checkpoints epoch-0002, epoch-0003: the run continues from epoch-0001.' });
    expect((await readRunMeta(runDir))?.best?.epoch).toBe(1);
    expect(await readFile(path.join(runDir, 'best', 'model.json'), 'utf8')).toBe('{"best":1}');
  });

  it('accepts a checkpoint from before manifests, keeping the history lines up to it', async () => {
    const runDir = await laggingRun();
    const legacy = path.join(runDir, 'checkpoints', 'epoch-0002');
    for (const name of ['manifest.json', 'history.jsonl', 'best.json']) await rm(path.join(legacy, name));
    const notes = await prepareResume(runDir, legacy);
    expect(notes).toContainEqual({ level: 'info', message: 'Checkpoint epoch-0002 predates checksums: it could not be verified.' });
    expect((await readHistory(runDir)).map((m) => m.epoch)).toEqual([1, 2]);
    expect((await readRunMeta(runDir))?.lastEpoch).toBe(2);
  });

  it('refuses a damaged checkpoint, naming the file', async () => {
    const runDir = await laggingRun();
    await truncate(path.join(runDir, 'checkpoints', 'epoch-0002', 'weights.bin'), 0);
    await expect(prepareResume(runDir, path.join(runDir, 'checkpoints', 'epoch-0002'))).rejects.toThrow('Checkpoint epoch-0002 is damaged: weights.bin is truncated (0 of 64 bytes)');
  });
});
