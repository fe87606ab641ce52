/**
 * `wakeword export --format oww`: a trained oww_dnn or oww_rnn run as an openWakeWord classifier (<name>.onnx, input
 * [1, 16, 96] embeddings, output [1, 1] score) loadable by openWakeWord's `Model(wakeword_models=[path])` and
 * its JavaScript ports, plus wakeword.json (phrase, threshold, smoothing, the backbone it expects). Before
 * anything is written, onnxruntime must reproduce the TF.js scores on held-out clips within 1e-4.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { ARCHITECTURE_FAMILY } from '../../shared/config/schema';
import { OWW_CHUNK_SAMPLES, OWW_CLIP_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import type { FahEstimate } from '../../shared/core/fah';
import { endAlignedWindow } from '../../shared/core/oww/oww-window';
import type { ExportResult } from '../../shared/contract/export-contract';
import type { ExportJob } from '../../shared/contract/export-protocol';
import { owwExampleFiles } from '../../shared/export/example-files';
import { owwModelName } from '../../shared/export/oww-model-name';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { exportFahWarning, readOperatingPoint } from '../../node/evaluation/operating-point-store';
import { readRunArtifacts, workspaceOfRun } from '../../node/evaluation/run-artifacts';
import { exportPhrase } from '../../node/export/export-phrase';
import { loadBackend } from '../backend-loader';
import { loadModelFolder } from '../checkpoint';
import { BACKBONE_SHA256, EMBEDDING_MODEL_FILE, MEL_MODEL_FILE, OwwBackbone } from '../oww/backbone';
import { readSplit } from '../training-data';
import { OWW_ONNX_INPUT, OWW_ONNX_OUTPUT, owwModelToOnnx } from './oww-onnx';
import { errorMessage } from '../../shared/error-message';
import { writeExportFiles } from './write-export';

export const OWW_PARITY_TOLERANCE = 1e-4;
const MAX_CHECK_CLIPS = 200;
const PER_WINDOW = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;

export type OwwProgress = (step: string, fraction: number | null) => void;

export { owwModelName };

export interface OwwManifest {
  readonly format: 'openwakeword';
  readonly formatVersion: 1;
  readonly phrase: string;
  readonly model: { readonly file: string; readonly inputName: string; readonly outputName: string; readonly inputShape: readonly number[]; readonly outputShape: readonly number[]; readonly architecture: string };
  readonly detection: {
    readonly threshold: number;
    readonly thresholdSource: string;
    readonly targetFah: number | null;
    /** The false accepts per hour the threshold rests on (count, hours of negatives, rate, 95 % bound); null when unknown. */
    readonly fahEstimate: FahEstimate | null;
    readonly smoothing: number;
    readonly refractorySeconds: number;
    readonly stepSeconds: number;
  };
  readonly features: {
    readonly sampleRate: number;
    readonly stepSamples: number;
    readonly embeddings: number;
    readonly backbone: readonly { readonly file: string; readonly sha256: string }[];
    readonly source: string;
  };
  readonly provenance: { readonly runId: string; readonly bestEpoch: number | null; readonly app: string; readonly appVersion: string; readonly exportedAt: string };
}

async function heldOutWindows(runDir: string, backbone: OwwBackbone, warnings: string[], onProgress: OwwProgress): Promise<{ split: 'test' | 'val'; windows: Float32Array[] }> {
  const workspace = workspaceOfRun(runDir);
  for (const split of ['test', 'val'] as const) {
    const manifest = await readSplit(workspace, split).catch(() => null);
    if (!manifest || manifest.files.length === 0) continue;
    const files = manifest.files.slice(0, MAX_CHECK_CLIPS);
    const windows: Float32Array[] = [];
    for (const [i, file] of files.entries()) {
      try {
        const audio = await loadMonoClip(path.join(workspace, 'data', 'raw', file.path), OWW_SAMPLE_RATE, { displayName: file.path });
        const [embeddings] = await backbone.embedClips([endAlignedWindow(audio, OWW_CLIP_SAMPLES, 0.1 * OWW_SAMPLE_RATE)]);
        windows.push((embeddings as Float32Array).slice(0, PER_WINDOW));
      } catch (error) {
        warnings.push(`Skipped ${file.path}: ${errorMessage(error)}`);
      }
      if ((i + 1) % 25 === 0) onProgress(`Embedding ${split} clips (${i + 1}/${files.length})`, (i + 1) / files.length);
    }
    if (windows.length > 0) return { split, windows };
  }
  warnings.push('No test or validation clips could be read: the export was checked on random embeddings only.');
  const random = tf.tidy(() => tf.randomNormal([16, PER_WINDOW], 0, 3, 'float32', 7).dataSync() as Float32Array);
  return { split: 'test', windows: Array.from({ length: 16 }, (_, i) => random.slice(i * PER_WINDOW, (i + 1) * PER_WINDOW)) };
}

/** Scores of [16 x 96] windows with the exported model, one [1, 16, 96] call each (as openWakeWord runs it). */
export async function scoreOwwOnnx(bytes: Uint8Array, windows: readonly Float32Array[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = new Float32Array(windows.length);
    for (const [i, window] of windows.entries()) {
      const result = await session.run({ [OWW_ONNX_INPUT]: new ort.Tensor('float32', window, [1, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM]) });
      out[i] = (result[OWW_ONNX_OUTPUT]?.data as Float32Array)[0] as number;
    }
    return out;
  } finally {
    await session.release();
  }
}

export async function exportOwwRun(job: ExportJob, onProgress: OwwProgress = () => undefined): Promise<ExportResult> {
  const started = Date.now();
  const warnings: string[] = [];
  if (job.int8) throw new Error('INT8 quantisation applies to --format onnx only; openWakeWord models are exported as float32');
  onProgress('Reading the run', null);
  const artifacts = await readRunArtifacts(job.runDir);
  const architecture = artifacts.config.model.architecture;
  if (ARCHITECTURE_FAMILY[architecture] !== 'oww') {
    throw new Error(`${artifacts.runDir} trained a ${architecture} model; --format oww needs a run trained with an oww_* architecture (e.g. the oww_default preset)`);
  }
  const runId = artifacts.meta?.id ?? path.basename(artifacts.runDir);
  // openWakeWord reports a detection by the model's name, so it is the wake phrase, not the run's name.
  const phrase = await exportPhrase(workspaceOfRun(artifacts.runDir), artifacts.meta?.name ?? runId, job.phrase);
  // `--out FILE.onnx` names the model file; otherwise --out is a folder and the file is named after the phrase.
  const outDir = path.resolve(job.outDir.endsWith('.onnx') ? path.dirname(job.outDir) : job.outDir);
  const modelFile = job.outDir.endsWith('.onnx') ? path.basename(job.outDir) : `${owwModelName(phrase)}.onnx`;
  if (outDir === artifacts.runDir || outDir === artifacts.modelDir) throw new Error(`${outDir}: choose an output folder outside the run folder`);
  const outStat = await fs.stat(outDir).catch(() => null);
  if (outStat && !outStat.isDirectory()) throw new Error(`${outDir} exists and is not a folder`);
  const operatingPoint = await readOperatingPoint(artifacts.runDir);
  const fahWarning = exportFahWarning(operatingPoint);
  if (fahWarning) warnings.push(fahWarning);

  await loadBackend(job.backend ?? 'wasm');
  const model = await loadModelFolder(artifacts.modelDir);
  const backbone = await OwwBackbone.load();
  try {
    const check = await heldOutWindows(artifacts.runDir, backbone, warnings, onProgress);
    onProgress('Scoring with the TF.js model', null);
    const reference = tf.tidy(() => {
      const batch = new Float32Array(check.windows.length * PER_WINDOW);
      check.windows.forEach((w, i) => batch.set(w, i * PER_WINDOW));
      const probabilities = model.predict(tf.tensor4d(batch, [check.windows.length, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, 1])) as tf.Tensor2D;
      return probabilities.slice([0, 1], [check.windows.length, 1]).dataSync() as Float32Array;
    });
    onProgress('Converting to an openWakeWord ONNX model', null);
    const bytes = owwModelToOnnx(model, { producerVersion: job.appVersion, metadata: { run_id: runId, phrase, threshold: String(operatingPoint.threshold) } });
    onProgress('Checking the ONNX model with onnxruntime', null);
    const scores = await scoreOwwOnnx(bytes, check.windows);
    let maxAbsDiff = 0;
    scores.forEach((score, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(score - (reference[i] as number)))));
    if (!(maxAbsDiff <= OWW_PARITY_TOLERANCE)) {
      throw new Error(`openWakeWord export failed its check: onnxruntime and TF.js differ by up to ${maxAbsDiff.toExponential(2)} (allowed ${OWW_PARITY_TOLERANCE}); nothing was written`);
    }

    const manifest: OwwManifest = {
      format: 'openwakeword',
      formatVersion: 1,
      phrase,
      model: { file: modelFile, inputName: OWW_ONNX_INPUT, outputName: OWW_ONNX_OUTPUT, inputShape: [1, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM], outputShape: [1, 1], architecture },
      detection: {
        threshold: operatingPoint.threshold,
        thresholdSource: operatingPoint.source,
        targetFah: operatingPoint.targetFah,
        fahEstimate: operatingPoint.fahEstimate ?? null,
        smoothing: operatingPoint.smoothing,
        refractorySeconds: operatingPoint.refractorySeconds,
        stepSeconds: OWW_CHUNK_SAMPLES / OWW_SAMPLE_RATE,
      },
      features: {
        sampleRate: OWW_SAMPLE_RATE,
        stepSamples: OWW_CHUNK_SAMPLES,
        embeddings: OWW_CONTEXT_EMBEDDINGS,
        backbone: [MEL_MODEL_FILE, EMBEDDING_MODEL_FILE].map((file) => ({ file, sha256: BACKBONE_SHA256[file] as string })),
        source: "openWakeWord's melspectrogram.onnx and embedding_model.onnx (Apache-2.0), as shipped with openWakeWord and its JavaScript ports",
      },
      provenance: { runId, bestEpoch: artifacts.meta?.best?.epoch ?? null, app: 'Wakeword Studio', appVersion: job.appVersion, exportedAt: new Date().toISOString() },
    };
    const { python, browser } = owwExampleFiles(modelFile, operatingPoint.threshold);
    const files: Record<string, string | Uint8Array> = { [modelFile]: bytes, 'wakeword.json': `${JSON.stringify(manifest, null, 2)}\n`, 'example-openwakeword.py': python, 'example-browser.js': browser };
    onProgress('Writing files', null);
    const written = await writeExportFiles(outDir, files);
    const sourceBytes = (await fs.stat(path.join(artifacts.modelDir, 'weights.bin')).catch(() => ({ size: 0 }))).size;
    onProgress('Done', 1);
    return {
      runId,
      format: job.format,
      outDir,
      manifestPath: path.join(outDir, 'wakeword.json'),
      files: written,
      sizes: { sourceBytes, modelBytes: bytes.length, int8Bytes: null },
      parity: { split: check.split, clips: check.windows.length, maxAbsDiff, tolerance: OWW_PARITY_TOLERANCE },
      int8: null,
      threshold: operatingPoint.threshold,
      thresholdSource: operatingPoint.source,
      examples: [
        { file: 'example-openwakeword.py', runtime: 'Python (openWakeWord)', code: python },
        { file: 'example-browser.js', runtime: 'Browser (openwakeword-js)', code: browser },
      ],
      warnings,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    model.dispose();
    await backbone.release();
  }
}
