/**
 * A small trained oww_dnn run for tests of detection and export: a synthetic workspace, embeddings through the
 * real backbone, a few epochs of the shared training loop, and the run folder files evaluation reads.
 */
import path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/shared/config/defaults';
import type { TrainingConfig } from '../../src/shared/config/schema';
import { loadBackend } from '../../src/ml/backend-loader';
import { buildModelFromConfig } from '../../src/ml/models/build-model';
import type { OwwBackbone } from '../../src/ml/oww/backbone';
import { loadOwwTrainingData } from '../../src/ml/oww/oww-training-data';
import { trainSeeded } from './seeded-training';
import { writeSyntheticWorkspace } from './synthetic-workspace';

export function owwTestConfig(epochs = 4): TrainingConfig {
  return {
    ...DEFAULT_CONFIG,
    features: { ...DEFAULT_CONFIG.features, cmvn: false },
    model: { ...DEFAULT_CONFIG.model, architecture: 'oww_dnn', dropout: 0.1, oww: { layers: 1, width: 32, augment_copies: 0 } },
    training: { ...DEFAULT_CONFIG.training, batch_size: 16, epochs, seed: 5, early_stopping: { ...DEFAULT_CONFIG.training.early_stopping, enabled: false } },
    optimizer: { ...DEFAULT_CONFIG.optimizer, lr: 0.003, warmup_epochs: 0, schedule: 'constant' },
  };
}

/** Trains into <workspace>/runs/oww-test and returns the run folder. */
export async function trainOwwTestRun(workspace: string, backbone: OwwBackbone, config: TrainingConfig = owwTestConfig()): Promise<string> {
  await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 5 });
  await loadBackend('wasm');
  const data = await loadOwwTrainingData(workspace, config, () => undefined, { backbone });
  const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
  const runDir = path.join(workspace, 'runs', 'oww-test');
  await trainSeeded(runDir, config, model, data);
  return runDir;
}
