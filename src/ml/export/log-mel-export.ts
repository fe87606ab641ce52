/**
 * Exports a trained log-mel run's best model: TF.js layers folder or ONNX (optionally also with INT8 weights), with
 * wakeword.json and runnable examples. Before anything is written the export is checked against the TF.js
 * model on the run's test clips (validation clips when the test split is empty): an ONNX model that differs by
 * more than 1e-4 in any probability fails the export, so a broken model is never handed out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { toFrontEndConfig } from '../../shared/config/front-end';
import { ARCHITECTURE_FAMILY } from '../../shared/config/schema';
import { makeExample } from '../../shared/core/audio/augment/pipeline';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { createRng } from '../../shared/core/audio/rng';
import type { ExportParity, ExportResult, Int8Report } from '../../shared/contract/export-contract';
import { exampleFiles } from '../../shared/export/example-files';
import type { ExportJob } from '../../shared/contract/export-protocol';
import { buildWakewordManifest, type ManifestModelFile } from '../../shared/export/wakeword-manifest';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { exportFahWarning, readOperatingPoint } from '../../node/evaluation/operating-point-store';
import { type RunArtifacts, readRunArtifacts, workspaceOfRun } from '../../node/evaluation/run-artifacts';
import { loadBackend } from '../backend-loader';
import { loadModelFolder, modelFiles } from '../checkpoint';
import { readSplit } from '../training-data';
import { layersModelToOnnx, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from './layers-to-onnx';
import { errorMessage } from '../../shared/error-message';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';
import { byteLength, writeExportFiles } from './write-export';

export const PARITY_TOLERANCE = 1e-4;
/** Clips scored for the parity check and the INT8 report; enough to see any systematic difference. */
const MAX_CHECK_CLIPS = 1000;
const BATCH = 64;

export type ExportProgressCallback = (step: string, fraction: number | null) => void;

interface CheckSet {
  readonly split: 'test' | 'val';
  readonly features: Float32Array;
  readonly labels: Int8Array;
  readonly count: number;
}

async function folderBytes(dir: string, names: readonly string[]): Promise<number> {
  let total = 0;
  for (const name of names) total += (await fs.stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size;
  return total;
}

/** Features of the split's clips exactly as evaluation builds them (no augmentation, the run's CMVN). */
async function loadCheckSet(artifacts: RunArtifacts, warnings: string[], onProgress: ExportProgressCallback): Promise<CheckSet | null> {
  const workspace = workspaceOfRun(artifacts.runDir);
  const { config, cmvn } = artifacts;
  const extractor = new LogMelExtractor(toFrontEndConfig(config));
  const sampleRate = config.data.sample_rate;
  const clipSamples = Math.round(config.data.clip_duration * sampleRate);
  const perClip = extractor.frameCount(clipSamples) * config.features.n_mels;
  for (const split of ['test', 'val'] as const) {
    const manifest = await readSplit(workspace, split).catch(() => null);
    if (!manifest || manifest.files.length === 0) {
      warnings.push(`The ${split} split is ${manifest ? 'empty' : 'missing'}${split === 'test' ? ': checking on the validation split instead' : ''}.`);
      continue;
    }
    const files = manifest.files.slice(0, MAX_CHECK_CLIPS);
    if (manifest.files.length > files.length) warnings.push(`Checked the first ${files.length} of ${manifest.files.length} ${split} clips.`);
    const features = new Float32Array(files.length * perClip);
    const labels = new Int8Array(files.length);
    const rng = createRng(0);
    let count = 0;
    for (const [i, file] of files.entries()) {
      try {
        const audio = await loadMonoClip(path.join(workspace, 'data', 'raw', file.path), sampleRate, { displayName: file.path });
        const context = { sampleRate, clipSamples, positive: file.label === 1, augment: false, config: config.augmentation, backgrounds: [], rirs: [], rng };
        features.set(makeExample(audio, context, extractor, cmvn), count * perClip);
        labels[count] = file.label;
        count += 1;
      } catch (error) {
        warnings.push(`Skipped ${file.path}: ${errorMessage(error)}`);
      }
      if ((i + 1) % 25 === 0) onProgress(`Computing ${split} features (${i + 1}/${files.length})`, (i + 1) / files.length);
    }
    if (count > 0) return { split, features: features.subarray(0, count * perClip), labels: labels.subarray(0, count), count };
  }
  warnings.push('No test or validation clips could be read: the export was checked on random inputs only.');
  return null;
}

function randomCheckInputs(frames: number, nMels: number): Float32Array {
  return tf.tidy(() => tf.randomNormal([32, frames, nMels, 1], 0, 1, 'float32', 7).dataSync() as Float32Array);
}

function predictTfjs(model: tf.LayersModel, features: Float32Array, frames: number, nMels: number): Float32Array {
  const perClip = frames * nMels;
  const count = features.length / perClip;
  const out = new Float32Array(count * 2);
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    tf.tidy(() => {
      const input = tf.tensor4d(features.subarray(start * perClip, (start + size) * perClip), [size, frames, nMels, 1]);
      out.set((model.predict(input) as tf.Tensor).dataSync() as Float32Array, start * 2);
    });
  }
  return out;
}

async function predictOnnx(bytes: Uint8Array, features: Float32Array, frames: number, nMels: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const perClip = frames * nMels;
    const count = features.length / perClip;
    const out = new Float32Array(count * 2);
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      const input = new ort.Tensor('float32', features.slice(start * perClip, (start + size) * perClip), [size, frames, nMels, 1]);
      const result = await session.run({ [ONNX_INPUT_NAME]: input });
      out.set(result[ONNX_OUTPUT_NAME]?.data as Float32Array, start * 2);
    }
    return out;
  } finally {
    await session.release();
  }
}

function accuracy(probabilities: Float32Array, labels: Int8Array, threshold: number): number {
  let right = 0;
  labels.forEach((label, i) => {
    if (((probabilities[i * 2 + 1] as number) >= threshold ? 1 : 0) === label) right += 1;
  });
  return labels.length === 0 ? 0 : right / labels.length;
}

export async function exportLogMelRun(job: ExportJob, onProgress: ExportProgressCallback = () => undefined): Promise<ExportResult> {
  const started = Date.now();
  const warnings: string[] = [];
  if (job.int8 && job.format !== 'onnx') throw new Error('INT8 quantisation applies to ONNX exports only: use --format onnx with --int8');
  onProgress('Reading the run', null);
  const artifacts = await readRunArtifacts(job.runDir);
  // wakeword.json describes only the log-mel front end.
  if (ARCHITECTURE_FAMILY[artifacts.config.model.architecture] !== 'log-mel') {
    throw new Error(`${artifacts.runDir}: a "${artifacts.config.model.architecture}" run cannot be exported as ${job.format}: its input is openWakeWord embeddings, not the log-mel front end wakeword.json describes; export it with the oww format`);
  }
  const runId = artifacts.meta?.id ?? path.basename(artifacts.runDir);
  const operatingPoint = await readOperatingPoint(artifacts.runDir);
  const fahWarning = exportFahWarning(operatingPoint);
  if (fahWarning) warnings.push(fahWarning);
  const outDir = path.resolve(job.outDir);
  if (outDir === artifacts.runDir || outDir === artifacts.modelDir) throw new Error(`${outDir}: choose an output folder outside the run folder`);
  const outStat = await fs.stat(outDir).catch(() => null);
  if (outStat && !outStat.isDirectory()) throw new Error(`${outDir} exists and is not a folder`);

  await loadBackend(job.backend ?? 'wasm');
  const model = await loadModelFolder(artifacts.modelDir);
  try {
    const inputShape = [...(model.inputs[0]?.shape ?? [])];
    const outputShape = [...(model.outputs[0]?.shape ?? [])];
    const [, frames, nMels] = inputShape as [null, number, number, number];
    const extractor = new LogMelExtractor(toFrontEndConfig(artifacts.config));
    const expectedFrames = extractor.frameCount(Math.round(artifacts.config.data.clip_duration * artifacts.config.data.sample_rate));
    if (frames !== expectedFrames || nMels !== artifacts.config.features.n_mels) {
      throw new Error(`${artifacts.modelDir}: the model takes [${frames} x ${nMels}] features but the run's config.json gives [${expectedFrames} x ${artifacts.config.features.n_mels}]`);
    }
    if (outputShape[1] !== 2) throw new Error(`${artifacts.modelDir}: the model gives ${String(outputShape[1])} outputs; a wake-word model gives 2`);

    const checkSet = await loadCheckSet(artifacts, warnings, onProgress);
    const checkInputs = checkSet?.features ?? randomCheckInputs(frames, nMels);
    onProgress('Scoring with the TF.js model', null);
    const reference = predictTfjs(model, checkInputs, frames, nMels);

    const files: Record<string, string | Uint8Array> = {};
    const modelFileInfo: ManifestModelFile[] = [];
    let parity: ExportParity | null = null;
    let int8: Int8Report | null = null;
    let mainFile: string;
    let inputName = 'features';
    let outputName = 'probabilities';
    const metadata = { run_id: runId, architecture: artifacts.config.model.architecture, threshold: String(operatingPoint.threshold) };
    const check = (maxDiff: number): ExportParity => ({ split: checkSet?.split ?? 'test', clips: checkSet?.count ?? 0, maxAbsDiff: maxDiff, tolerance: PARITY_TOLERANCE });

    if (job.format === 'tfjs') {
      onProgress('Writing the TF.js model', null);
      Object.assign(files, await modelFiles(model));
      // Reload what will be written and score again: the folder must reproduce the run's model.
      const written = JSON.parse(files['model.json'] as string) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
      const weightData = (files['weights.bin'] as Uint8Array).slice().buffer;
      const reloaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: written.modelTopology, weightSpecs: written.weightsManifest.flatMap((group) => group.weights), weightData }));
      const reloadedScores = predictTfjs(reloaded, checkInputs, frames, nMels);
      reloaded.dispose();
      parity = check(maxAbsDiff(reference, reloadedScores));
      mainFile = 'model.json';
      inputName = model.inputLayers[0]?.name ?? 'features';
      outputName = model.outputLayers[0]?.name ?? 'classifier';
      modelFileInfo.push({ file: 'model.json', bytes: byteLength(files['model.json']), weights: 'float32' }, { file: 'weights.bin', bytes: byteLength(files['weights.bin']), weights: 'float32' });
    } else {
      onProgress('Converting to ONNX', null);
      const conversion = layersModelToOnnx(model, { producerVersion: job.appVersion, docString: `Wake-word model of run ${runId}; see wakeword.json for its front end.`, metadata });
      onProgress('Checking the ONNX model with onnxruntime', null);
      const scores = await predictOnnx(conversion.bytes, checkInputs, frames, nMels);
      parity = check(maxAbsDiff(reference, scores));
      if (!(parity.maxAbsDiff <= PARITY_TOLERANCE)) {
        throw new Error(`ONNX export failed its check: onnxruntime and TF.js differ by up to ${parity.maxAbsDiff.toExponential(2)} (allowed ${PARITY_TOLERANCE}) on ${parity.clips || 32} clips; nothing was written`);
      }
      files['model.onnx'] = conversion.bytes;
      mainFile = 'model.onnx';
      inputName = ONNX_INPUT_NAME;
      outputName = ONNX_OUTPUT_NAME;
      modelFileInfo.push({ file: 'model.onnx', bytes: conversion.bytes.length, weights: 'float32' });
      if (job.int8) {
        onProgress('Quantising weights to INT8', null);
        const quantized = layersModelToOnnx(model, { producerVersion: job.appVersion, quantize: true, docString: `INT8-weight wake-word model of run ${runId}.`, metadata });
        const quantizedScores = await predictOnnx(quantized.bytes, checkInputs, frames, nMels);
        const labels = checkSet?.labels ?? new Int8Array(0);
        let changed = 0;
        for (let i = 0; i < checkInputs.length / (frames * nMels); i += 1) {
          if (((scores[i * 2 + 1] as number) >= operatingPoint.threshold) !== ((quantizedScores[i * 2 + 1] as number) >= operatingPoint.threshold)) changed += 1;
        }
        int8 = {
          file: 'model.int8.onnx',
          clips: checkSet?.count ?? 0,
          maxAbsDiff: maxAbsDiff(scores, quantizedScores),
          accuracyFloat: accuracy(scores, labels, operatingPoint.threshold),
          accuracyInt8: accuracy(quantizedScores, labels, operatingPoint.threshold),
          changedDecisions: changed,
        };
        files['model.int8.onnx'] = quantized.bytes;
        modelFileInfo.push({ file: 'model.int8.onnx', bytes: quantized.bytes.length, weights: 'int8-weights' });
      }
    }

    const manifest = buildWakewordManifest({
      config: artifacts.config,
      cmvn: artifacts.cmvn,
      format: job.format,
      file: mainFile,
      files: modelFileInfo,
      inputName,
      outputName,
      inputShape,
      outputShape,
      operatingPoint: { ...operatingPoint, source: operatingPoint.source },
      provenance: {
        runId,
        runName: artifacts.meta?.name ?? null,
        runCreatedAt: artifacts.meta?.createdAt ?? null,
        bestEpoch: artifacts.meta?.best?.epoch ?? null,
        datasetHash: artifacts.meta?.datasetHash ?? null,
        app: 'Wakeword Studio',
        appVersion: job.appVersion,
        exportedAt: new Date().toISOString(),
      },
    });
    files['wakeword.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
    const examples = exampleFiles(job.format);
    Object.assign(files, examples);

    onProgress('Writing files', null);
    const written = await writeExportFiles(outDir, files);
    const sourceBytes = await folderBytes(artifacts.modelDir, ['model.json', 'weights.bin']);
    const modelBytes = modelFileInfo.filter((f) => f.weights === 'float32').reduce((sum, f) => sum + f.bytes, 0);
    onProgress('Done', 1);
    return {
      runId,
      format: job.format,
      outDir,
      manifestPath: path.join(outDir, 'wakeword.json'),
      files: written,
      sizes: { sourceBytes, modelBytes, int8Bytes: int8 ? byteLength(files['model.int8.onnx']) : null },
      parity,
      int8,
      threshold: operatingPoint.threshold,
      thresholdSource: operatingPoint.source,
      examples: [
        { file: 'example-node.mjs', runtime: 'Node', code: examples['example-node.mjs'] as string },
        { file: 'example-browser.js', runtime: 'Browser', code: examples['example-browser.js'] as string },
      ],
      warnings,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
