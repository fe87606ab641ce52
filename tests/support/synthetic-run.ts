/**
 * A run folder without training: a tiny untrained dscnn saved as best/, the config, identity CMVN and
 * meta.json with a best threshold. Evaluation and detection tests need a model, not a good one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../../src/shared/config/defaults';
import type { TrainingConfig } from '../../src/shared/config/schema';
import { toFrontEndConfig } from '../../src/shared/config/front-end';
import { LogMelExtractor } from '../../src/shared/core/audio/log-mel';
import type { RunMeta } from '../../src/shared/run-meta';
import { saveModelFolder } from '../../src/ml/checkpoint';
import { buildModelFromConfig } from '../../src/ml/models/build-model';

export const SYNTHETIC_RUN_CONFIG: TrainingConfig = {
  ...DEFAULT_CONFIG,
  model: { ...DEFAULT_CONFIG.model, architecture: 'dscnn', dropout: 0, dscnn: { channels: 8, blocks: 1 } },
};

export async function writeSyntheticRun(workspace: string, id: string, threshold = 0.5): Promise<string> {
  // Quiet tfjs's "install tfjs-node" banner in test output.
  tf.env().set('PROD', true);
  const dir = path.join(workspace, 'runs', id);
  await mkdir(dir, { recursive: true });
  const config = SYNTHETIC_RUN_CONFIG;
  const frames = new LogMelExtractor(toFrontEndConfig(config)).frameCount(Math.round(config.data.clip_duration * config.data.sample_rate));
  const nMels = config.features.n_mels;
  const model = buildModelFromConfig(config.model, { frames, nMels }, 1);
  await saveModelFolder(model, path.join(dir, 'best'));
  model.dispose();
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  await writeFile(path.join(dir, 'cmvn.json'), JSON.stringify({ nMels, frames: 1, mean: Array.from({ length: nMels }, () => -40), std: Array.from({ length: nMels }, () => 20) }));
  const meta: RunMeta = {
    id,
    name: id,
    status: 'completed',
    createdAt: new Date(0).toISOString(),
    preset: 'default',
    backend: null,
    versions: {},
    datasetHash: null,
    epochs: 1,
    lastEpoch: 1,
    best: { epoch: 1, valLoss: 0.5, valAcc: 0.5, recallAtTarget: 0.5, threshold, fah: 1.25, path: path.join(dir, 'best') },
  };
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}
