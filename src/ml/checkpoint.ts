/**
 * Checkpoints and saved models on disk. A model folder is the standard TF.js layers format (model.json +
 * weights.bin), loadable by tf.loadLayersModel anywhere; a checkpoint adds the optimiser's state and the
 * loop's state (epoch, schedule, early-stopping counters) so a resumed run continues exactly.
 * Every folder is written atomically: a crash mid-write leaves the previous checkpoint intact.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFolderAtomic } from '../node/fs/atomic-write';
import { readCheckpointRecord, withManifest } from '../node/training/checkpoint-record';
import type { BestModel, EpochMetrics } from '../shared/contract/trainer-protocol';
// Registers the classes saved topologies name (our batch norm, the fast Orthogonal), for every loader.
import './models/batch-norm';
import './models/fast-orthogonal';
import { errorMessage } from '../shared/error-message';

export interface LoopState {
  readonly epoch: number;
  readonly lr: number;
  readonly bestEpoch: number | null;
  readonly bestScore: number | null;
  /** Best value so far of the early-stopping metric (higher is better). */
  readonly monitorBest: number | null;
  readonly epochsWithoutImprovement: number;
  readonly plateauCounter: number;
}

interface ModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: tf.io.ModelArtifacts['modelTopology'];
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly tf.io.WeightsManifestEntry[] }[];
}

function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer);
}

/** The files of a TF.js layers model folder, as model.save() would write them with the file:// handler. */
export async function modelFiles(model: tf.LayersModel): Promise<Record<string, string | Uint8Array>> {
  let files: Record<string, string | Uint8Array> = {};
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json: ModelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      files = { 'model.json': JSON.stringify(json), 'weights.bin': new Uint8Array(joinWeightData(artifacts.weightData)) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

export async function loadModelFolder(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  const weights = await fs.readFile(path.join(dir, 'weights.bin'));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((group) => group.weights), weightData }),
  );
}

export async function saveModelFolder(model: tf.LayersModel, dir: string, extra: Readonly<Record<string, string>> = {}): Promise<void> {
  await writeFolderAtomic(dir, { ...(await modelFiles(model)), ...extra });
}

/**
 * `extra` files (the run record: history and best; the hard-negative miner's state) are written inside the same
 * atomic folder, with a manifest of every file's size and sha256 so a damaged checkpoint is caught on resume.
 */
export async function saveCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer, state: LoopState, extra: Readonly<Record<string, string | Uint8Array>> = {}): Promise<void> {
  const named = await optimizer.getWeights();
  const encoded = await tf.io.encodeWeights(named);
  // getWeights() returns the optimiser's own variables plus a fresh 'iter' scalar that is ours to free.
  for (const { tensor } of named) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  await writeFolderAtomic(
    dir,
    withManifest({
      ...(await modelFiles(model)),
      'optimizer.json': JSON.stringify({ className: optimizer.getClassName(), specs: encoded.specs }),
      'optimizer.bin': new Uint8Array(joinWeightData(encoded.data)),
      'state.json': JSON.stringify(state),
      ...extra,
    }),
  );
}

export interface LoadedCheckpoint {
  readonly model: tf.LayersModel;
  readonly optimizerClass: string;
  readonly optimizerWeights: { name: string; tensor: tf.Tensor }[];
  readonly state: LoopState;
  /** The epochs up to this checkpoint; null for a checkpoint from before checkpoints carried them. */
  readonly history: readonly EpochMetrics[] | null;
  /** The best model as of this checkpoint (for an older checkpoint, best/best.json when it matches). */
  readonly best: BestModel | null;
}

export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const required = ['model.json', 'weights.bin', 'optimizer.json', 'optimizer.bin', 'state.json'];
  for (const name of required) {
    await fs.access(path.join(dir, name)).catch(() => {
      throw new Error(`${dir} is not a complete checkpoint (${name} is missing)`);
    });
  }
  // A damaged file must name itself, not surface as a bare TF.js shape error.
  const model = await loadModelFolder(dir).catch((error: unknown) => {
    throw new Error(`${dir}: model.json/weights.bin do not load (${errorMessage(error)})`);
  });
  const optimizerJson = JSON.parse(await fs.readFile(path.join(dir, 'optimizer.json'), 'utf8')) as { className: string; specs: tf.io.WeightsManifestEntry[] };
  const optimizerBytes = await fs.readFile(path.join(dir, 'optimizer.bin'));
  const decoded = tf.io.decodeWeights(optimizerBytes.buffer.slice(optimizerBytes.byteOffset, optimizerBytes.byteOffset + optimizerBytes.byteLength), optimizerJson.specs);
  const optimizerWeights = optimizerJson.specs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] as tf.Tensor }));
  const state = JSON.parse(await fs.readFile(path.join(dir, 'state.json'), 'utf8')) as LoopState;
  const record = await readCheckpointRecord(dir);
  return { model, optimizerClass: optimizerJson.className, optimizerWeights, state, history: record.history, best: record.best === undefined ? await legacyBest(dir, state) : record.best };
}

/** An older checkpoint did not record the best model: the run's best/ is it when its epoch is the state's. */
async function legacyBest(dir: string, state: LoopState): Promise<BestModel | null> {
  if (state.bestEpoch === null) return null;
  const text = await fs.readFile(path.join(dir, '..', '..', 'best', 'best.json'), 'utf8').catch(() => null);
  const best = text === null ? null : (JSON.parse(text) as BestModel);
  return best?.epoch === state.bestEpoch ? best : null;
}

export function checkpointName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

/** Keeps the newest `keepLast` checkpoints plus any protected one (the best); removes the rest. */
export async function pruneCheckpoints(checkpointsDir: string, keepLast: number, protect: readonly string[]): Promise<readonly string[]> {
  const names = (await fs.readdir(checkpointsDir).catch(() => [] as string[])).filter((name) => /^epoch-\d{4,}$/.test(name)).sort();
  const keep = new Set([...names.slice(-keepLast), ...protect]);
  const removed = names.filter((name) => !keep.has(name));
  for (const name of removed) await fs.rm(path.join(checkpointsDir, name), { recursive: true, force: true });
  return removed;
}
