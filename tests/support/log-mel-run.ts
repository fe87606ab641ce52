/**
 * A small trained log-mel (dscnn) run for tests of evaluation: a synthetic workspace, a few epochs of the
 * shared training loop on the log-mel training data, and the run folder files evaluation reads.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DSCNN_DEFAULT_CONFIG } from '../../src/shared/config/defaults';
import type { TrainingConfig } from '../../src/shared/config/schema';
import { loadBackend } from '../../src/ml/backend-loader';
import { buildModelFromConfig } from '../../src/ml/models/build-model';
import { loadTrainingData } from '../../src/ml/training-data';
import { trainSeeded } from './seeded-training';
import { writeSyntheticWorkspace } from './synthetic-workspace';

export function logMelTestConfig(epochs = 3): TrainingConfig {
  return {
    ...DSCNN_DEFAULT_CONFIG,
    model: { ...DSCNN_DEFAULT_CONFIG.model, architecture: 'dscnn', dropout: 0, dscnn: { channels: 8, blocks: 1 } },
    training: { ...DSCNN_DEFAULT_CONFIG.training, batch_size: 8, epochs, seed: 3, early_stopping: { ...DSCNN_DEFAULT_CONFIG.training.early_stopping, enabled: false } },
    optimizer: { ...DSCNN_DEFAULT_CONFIG.optimizer, lr: 0.003, warmup_epochs: 0, schedule: 'constant' },
  };
}

/** Trains into <workspace>/runs/log-mel-test and returns the run folder. */
export async function trainLogMelTestRun(workspace: string, config: TrainingConfig = logMelTestConfig()): Promise<string> {
  await writeSyntheticWorkspace(workspace, { positive: 10, negative: 15, hard_negative: 5 });
  await loadBackend('wasm');
  const data = await loadTrainingData(workspace, config);
  const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
  const runDir = path.join(workspace, 'runs', 'log-mel-test');
  await mkdir(runDir, { recursive: true });
  if (data.cmvn) await writeFile(path.join(runDir, 'cmvn.json'), JSON.stringify(data.cmvn));
  await trainSeeded(runDir, config, model, data);
  return runDir;
}
