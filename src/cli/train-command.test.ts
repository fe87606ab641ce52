import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../../tests/support/synthetic-workspace';
import { fahEstimate, fahVerdict } from '../shared/core/fah';
import type { EpochMetrics } from '../shared/contract/trainer-protocol';
import { epochJson, epochLine, epochPrinter, preparationJson, resumeTarget, splitStaleWarning } from './train-command';

const metrics: EpochMetrics = {
  epoch: 6,
  epochs: 60,
  trainLoss: 0.2151,
  valLoss: 0.2822,
  trainAcc: 0.972,
  valAcc: 0.844,
  fpr: 0.02,
  fnr: 0.222,
  f1: 0.8,
  eer: 0.13,
  fah: 0,
  recallAtTarget: 1,
  thresholdAtTarget: 0.1449,
  hardNegativeFpr: null,
  lr: 0.00099,
  samplesPerSec: 1242.4,
  epochSeconds: 0.53,
  memoryBytes: 0,
};

describe('wakeword train output', () => {
  it('says where each detection figure is measured: at 0.5, and at the target FA/h that picks the best epoch', () => {
    const line = epochLine(metrics);
    expect(line).toContain('epoch 6/60');
    expect(line).toContain('@0.5: FRR 22.2% FA/h 0.00'); // an older history without the estimate
    expect(line).toContain('recall@target 100.0% (thr 0.145)');
    expect(line).toContain('1242 samples/s');
    expect(epochLine({ ...metrics, fah: Number.POSITIVE_INFINITY })).toContain('FA/h n/a');
  });

  it('prints the same figures as JSON for scripts', () => {
    expect(epochJson(metrics)).toMatchObject({ epoch: 6, recall_at_target: 1, threshold_at_target: 0.1449, fah: 0 });
  });

  it('shows the FA/h at the chosen threshold with its bound and hours, and warns once when the hours cannot support the target', () => {
    const short = fahEstimate(0, 0.007);
    const streaming: EpochMetrics = { ...metrics, fahEstimate: short, fahEstimateAt05: short, fahBasis: 'streaming', targetFah: 0.5, fahWarning: fahVerdict(0.007, 0.5).warning };
    const enough: EpochMetrics = { ...streaming, fahEstimate: fahEstimate(0, 1.03), fahWarning: null };
    expect(epochLine(enough)).toContain('recall@target 100.0% (thr 0.145, FA/h 0.0 (≤ 2.9 at 95 %, 1.03 h of negatives))');
    const print = epochPrinter(false);
    const first = print(streaming);
    expect(first).toHaveLength(2);
    expect(first[1]).toMatch(/^warning: The validation FA\/h rests on only 0\.4 min of negative audio \(one false accept there is 143 FA\/h\): it cannot show that 0\.5 FA\/h is met/);
    expect(first[1]).toContain('wakeword synth --negative-hours N');
    expect(first[1]).toContain('data/raw/negative/');
    expect(print({ ...streaming, epoch: 7 })).toHaveLength(1);
    // Enough hours: no warning at all.
    expect(epochPrinter(false)(enough)).toHaveLength(1);
    const json = JSON.parse(epochPrinter(true)(streaming)[0] as string) as Record<string, unknown>;
    expect(json).toMatchObject({ fah_at_target: { false_accepts: 0, hours: 0.007, fah: 0 }, fah_basis: 'streaming', target_fah: 0.5 });
    expect(json.fah_warning).toContain('cannot show');
  });
});

describe('wakeword train --resume', () => {
  it('takes a run folder (newest intact checkpoint) or one of its checkpoint folders', () => {
    expect(resumeTarget('/ws/runs/r1')).toEqual({ runDir: path.resolve('/ws/runs/r1'), checkpoint: null });
    expect(resumeTarget('/ws/runs/r1/checkpoints/epoch-0004/')).toEqual({ runDir: path.resolve('/ws/runs/r1'), checkpoint: 'epoch-0004' });
    // A run that happens to be named like a checkpoint is still a run folder.
    expect(resumeTarget('/ws/runs/epoch-0004')).toEqual({ runDir: path.resolve('/ws/runs/epoch-0004'), checkpoint: null });
  });
});

describe('wakeword train --json preparation progress', () => {
  it('is a progress event naming the step, its counts and the seconds left', () => {
    expect(preparationJson({ detail: 'Embedding audio with openWakeWord (120/400, 20 from the cache)', done: 120, total: 400, etaSeconds: 94.6 })).toEqual({
      type: 'progress',
      phase: 'preparing',
      step: 'Embedding audio with openWakeWord',
      detail: 'Embedding audio with openWakeWord (120/400, 20 from the cache)',
      done: 120,
      total: 400,
      eta_seconds: 95,
    });
    expect(preparationJson({ detail: 'Decoding audio (25/100)', done: 25, total: 100, etaSeconds: null }).eta_seconds).toBeNull();
  });
});

describe('wakeword train: a split older than the data', () => {
  it('is a warning naming the commands that bring it up to date, and nothing when the split is current', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-train-stale-'));
    try {
      await writeSyntheticWorkspace(workspace, { positive: 2, negative: 2, hard_negative: 0 });
      // Date the split (as a split records it) after the clips, then before them.
      const dateSplit = async (createdAt: string): Promise<void> => {
        for (const split of ['train', 'val', 'test']) {
          const file = path.join(workspace, 'data', 'splits', `${split}.json`);
          const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
          await writeFile(file, JSON.stringify({ ...manifest, createdAt }));
        }
      };
      await dateSplit(new Date(Date.now() + 60_000).toISOString());
      expect(await splitStaleWarning(workspace)).toBeNull();
      await dateSplit('2020-01-01T00:00:00.000Z');
      await mkdir(path.join(workspace, 'data', 'raw', 'positive', 'more'), { recursive: true });
      expect(await splitStaleWarning(workspace)).toMatch(/^data\/raw changed after the last split \(2020-01-01T00:00:00.000Z\): .*wakeword scan.*wakeword split/);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
