/** A small training run folder as the trainer leaves it (config.json, meta.json, cmvn.json, best/), for export tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/shared/config/defaults';
import type { Architecture, TrainingConfig } from '../../src/shared/config/schema';
import { saveModelFolder } from '../../src/ml/checkpoint';
import { buildModelFromConfig } from '../../src/ml/models/build-model';

/** A small run folder as the trainer leaves it: config.json, meta.json, cmvn.json and best/. */
export async function writeRunFolder(workspace: string, id: string, architecture: Architecture, options: { withBest?: boolean } = {}): Promise<string> {
  const config: TrainingConfig = {
    ...DEFAULT_CONFIG,
    // openWakeWord heads take embeddings as they come: no CMVN.
    features: { ...DEFAULT_CONFIG.features, cmvn: !architecture.startsWith('oww') },
    model: { ...DEFAULT_CONFIG.model, architecture, dscnn: { channels: 8, blocks: 1 }, res8: { channels: 8 }, tc_resnet8: { width_multiplier: 0.25 }, crnn: { conv_channels: 4, gru_units: 8, gru_layers: 1 } },
  };
  const runDir = path.join(workspace, 'runs', id);
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'config.json'), JSON.stringify(config));
  const nMels = config.features.n_mels;
  await writeFile(path.join(runDir, 'cmvn.json'), JSON.stringify({ nMels, frames: 1000, mean: Array.from({ length: nMels }, (_, m) => -40 + m * 0.5), std: Array.from({ length: nMels }, (_, m) => 8 + (m % 5)) }));
  const best = { epoch: 3, valLoss: 0.4, valAcc: 0.9, recallAtTarget: 0.9, threshold: 0.62, fah: 0.5, path: path.join(runDir, 'best') };
  await writeFile(path.join(runDir, 'meta.json'), JSON.stringify({ id, name: 'unit', status: 'completed', createdAt: '2026-01-01T00:00:00.000Z', preset: 'fast', backend: null, versions: {}, datasetHash: 'abc', epochs: 3, lastEpoch: 3, best }));
  if (options.withBest !== false) {
    const model = buildModelFromConfig(config.model, { frames: 101, nMels }, 11);
    await saveModelFolder(model, path.join(runDir, 'best'));
    model.dispose();
  }
  return runDir;
}

