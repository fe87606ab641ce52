/** The shared training loop run to the end for a test fixture, with Math.random drawn from the config seed. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../src/shared/config/schema';
import { createRng } from '../../src/shared/core/audio/rng';
import { runTrainingLoop, type LoopData } from '../../src/ml/training-loop';

/** Writes config.json into `runDir` and trains `model` on `data` there; the model is disposed afterwards. */
export async function trainSeeded(runDir: string, config: TrainingConfig, model: tf.LayersModel, data: LoopData): Promise<void> {
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'config.json'), JSON.stringify(config));
  // Some of tfjs's randomness (initialiser and dropout seeds) comes from Math.random; tests set thresholds on
  // these models' scores, so it is drawn from the config seed here: the same weights on every run.
  const random = Math.random;
  Math.random = createRng(config.training.seed).next;
  try {
    await runTrainingLoop({
      config,
      model,
      data,
      runDir,
      callbacks: { batch: () => undefined, epoch: () => undefined, checkpoint: () => undefined, log: () => undefined, waitIfPaused: () => Promise.resolve(), shouldStop: () => false },
    });
  } finally {
    Math.random = random;
    model.dispose();
  }
}
