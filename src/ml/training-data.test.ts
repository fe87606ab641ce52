import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../../tests/support/synthetic-workspace';
import type { Batch as LoaderBatch } from '../node/audio/batch-loader';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import type { TrainingConfig } from '../shared/config/schema';
import type { SplitManifest } from '../shared/core/dataset/manifest';
import { loadTrainingData } from './training-data';

let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-training-data-'));
});

afterEach(() => rm(workspace, { recursive: true, force: true }));

/** Moves train clips into <category>/recorded/, as the Record section saves them, and updates train.json. */
async function moveToRecorded(relatives: readonly string[]): Promise<void> {
  const manifestPath = path.join(workspace, 'data', 'splits', 'train.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as SplitManifest;
  const moved = new Map(relatives.map((relative) => [relative, relative.replace('/', '/recorded/')]));
  for (const [from, to] of moved) {
    await mkdir(path.dirname(path.join(workspace, 'data', 'raw', to)), { recursive: true });
    await rename(path.join(workspace, 'data', 'raw', from), path.join(workspace, 'data', 'raw', to));
  }
  const files = manifest.files.map((file) => ({ ...file, path: moved.get(file.path) ?? file.path }));
  await writeFile(manifestPath, JSON.stringify({ ...manifest, files }));
}

describe('loadTrainingData: recorded clips', () => {
  it('multiplies the loss weight of clips under <category>/recorded/ by loss.recorded_weight', async () => {
    await writeSyntheticWorkspace(workspace, { positive: 5, negative: 5, hard_negative: 5 });
    await moveToRecorded(['positive/clip_000.wav', 'negative/clip_001.wav']);
    const config: TrainingConfig = {
      ...DEFAULT_CONFIG,
      features: { ...DEFAULT_CONFIG.features, cmvn: false },
      loss: { ...DEFAULT_CONFIG.loss, class_weights: 'none', hard_negative_weight: 2, recorded_weight: 3 },
      training: { ...DEFAULT_CONFIG.training, batch_size: 4 },
    };
    const data = await loadTrainingData(workspace, config);
    const weights = new Map<string, number>();
    for await (const batch of data.batches(0)) {
      // The loop sees plain batches; the loader's also name their clips.
      const items = (batch as Partial<LoaderBatch>).items ?? [];
      expect(items).toHaveLength(batch.size);
      items.forEach((item, i) => weights.set(item.displayName ?? item.path, batch.weights[i] as number));
    }
    expect(Object.fromEntries([...weights].sort())).toEqual({
      'hard_negative/clip_000.wav': 2,
      'hard_negative/clip_001.wav': 2,
      'hard_negative/clip_002.wav': 2,
      'negative/clip_000.wav': 1,
      'negative/clip_002.wav': 1,
      'negative/recorded/clip_001.wav': 3,
      'positive/clip_001.wav': 1,
      'positive/clip_002.wav': 1,
      'positive/recorded/clip_000.wav': 3,
    });
  });
});
