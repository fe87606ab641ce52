import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRunFolder as writeRun } from '../../../tests/support/run-folder';
import { writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import type { TrainingConfig } from '../../shared/config/schema';
import type { WakewordManifest } from '../../shared/export/wakeword-manifest';
import { loadBackend } from '../backend-loader';
import { decodeOnnxModel } from './onnx-schema';
import { exportRun } from '../families/model-families';

const ROOT = path.resolve(__dirname, '../../..');

describe('exportRun on a run folder', () => {
  let workspace: string;
  beforeAll(async () => {
    await loadBackend('wasm');
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-export-'));
    await writeSyntheticWorkspace(workspace, { positive: 5, negative: 5, hard_negative: 5 });
  });

  it('ONNX with INT8: passes the parity check on the test split, writes the model, wakeword.json and examples', async () => {
    const runDir = await writeRun(workspace, 'run-onnx', 'dscnn');
    const outDir = path.join(workspace, 'exports', 'run-onnx-onnx');
    const steps: string[] = [];
    const result = await exportRun({ runDir, format: 'onnx', outDir, int8: true, appVersion: '1.2.3', backend: 'wasm' }, (step) => steps.push(step));
    expect(steps).toContain('Checking the ONNX model with onnxruntime');
    expect(result.parity).toMatchObject({ split: 'test', clips: 3, tolerance: 1e-4 });
    expect(result.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(result.files.map((f) => f.name).sort()).toEqual(['example-browser.html', 'example-browser.js', 'example-node.mjs', 'model.int8.onnx', 'model.onnx', 'wakeword-features.mjs', 'wakeword.json']);
    for (const file of result.files) expect((await readFile(path.join(outDir, file.name))).length).toBe(file.bytes);
    expect(result.sizes.sourceBytes).toBeGreaterThan(0);
    expect(result.sizes.int8Bytes).toBeLessThan(result.sizes.modelBytes);
    expect(result.int8?.clips).toBe(3);
    expect(result.int8?.accuracyFloat).toBeGreaterThanOrEqual(0);
    expect(result.threshold).toBe(0.62);
    expect(result.thresholdSource).toBe('training');
    const onnx = decodeOnnxModel(await readFile(path.join(outDir, 'model.onnx')));
    expect(onnx.metadataProps).toContainEqual({ key: 'run_id', value: 'run-onnx' });
    const manifest = JSON.parse(await readFile(result.manifestPath, 'utf8')) as WakewordManifest;
    expect(manifest.model).toMatchObject({ format: 'onnx', file: 'model.onnx', architecture: 'dscnn', inputName: 'features', outputName: 'probabilities', inputShape: [null, 101, 40, 1], wakewordIndex: 1 });
    expect(manifest.model.files.map((f) => f.weights)).toEqual(['float32', 'int8-weights']);
    expect(manifest.cmvn?.mean[2]).toBe(-39);
    expect(manifest.detection).toMatchObject({ threshold: 0.62, smoothing: 3, refractorySeconds: 1.5, windowSeconds: 1 });
    expect(manifest.provenance).toMatchObject({ runId: 'run-onnx', appVersion: '1.2.3', bestEpoch: 3, datasetHash: 'abc' });
    expect(manifest.frontEnd).toMatchObject({ sampleRate: 16000, nFft: 400, hopLength: 160, frames: 101, window: 'hann-periodic', melScale: 'htk', padMode: 'reflect', center: true, power: 2 });
  });

  it('the written example-node.mjs runs and prints the score the app computes for the clip', async () => {
    const runDir = await writeRun(workspace, 'run-example', 'tc_resnet8');
    const outDir = path.join(workspace, 'exports', 'example');
    await exportRun({ runDir, format: 'onnx', outDir, appVersion: 'test' });
    // A user installs onnxruntime-node next to the export; here the repo's node_modules stands in.
    if (!existsSync(path.join(workspace, 'node_modules'))) await symlink(path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    const clip = path.join(workspace, 'data', 'raw', 'negative', 'clip_004.wav');
    const run = spawnSync(process.execPath, [path.join(outDir, 'example-node.mjs'), clip], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { score: number; threshold: number; detected: boolean };
    expect(printed.threshold).toBe(0.62);
    // The same clip through the app's pipeline and TF.js model.
    const { loadModelFolder } = await import('../checkpoint');
    const { makeExample } = await import('../../shared/core/audio/augment/pipeline');
    const { LogMelExtractor } = await import('../../shared/core/audio/log-mel');
    const { loadMonoClip } = await import('../../node/audio/decode-audio');
    const { createRng } = await import('../../shared/core/audio/rng');
    const config = JSON.parse(await readFile(path.join(runDir, 'config.json'), 'utf8')) as TrainingConfig;
    const cmvn = JSON.parse(await readFile(path.join(runDir, 'cmvn.json'), 'utf8'));
    const extractor = new LogMelExtractor({ sampleRate: 16000, nFft: 400, winLength: 400, hopLength: 160, nMels: 40, fMin: 0, fMax: 8000, clipSeconds: 1 });
    const features = makeExample(await loadMonoClip(clip, 16000), { sampleRate: 16000, clipSamples: 16000, positive: false, augment: false, config: config.augmentation, backgrounds: [], rirs: [], rng: createRng(0) }, extractor, cmvn);
    const model = await loadModelFolder(path.join(runDir, 'best'));
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(features, [1, 101, 40, 1])) as tf.Tensor).dataSync()[1] as number);
    model.dispose();
    expect(Math.abs(printed.score - expected)).toBeLessThan(1e-4);
    expect(printed.detected).toBe(printed.score >= 0.62);
  });

  it('TF.js: writes a loadable layers model folder that reproduces the run', async () => {
    const runDir = await writeRun(workspace, 'run-tfjs', 'res8');
    const outDir = path.join(workspace, 'exports', 'run-tfjs-tfjs');
    const result = await exportRun({ runDir, format: 'tfjs', outDir, appVersion: 'test' });
    expect(result.parity?.maxAbsDiff).toBe(0);
    expect(result.sizes.modelBytes).toBe(result.sizes.sourceBytes);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'wakeword.json'), 'utf8')) as WakewordManifest;
    expect(manifest.model).toMatchObject({ format: 'tfjs', file: 'model.json', architecture: 'res8', inputName: 'features', outputName: 'classifier' });
    expect(await readFile(path.join(outDir, 'example-node.mjs'), 'utf8')).toContain("from '@tensorflow/tfjs'");
  });

  it('falls back to the validation split when the test split is empty, and says so', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'wakeword-export-val-'));
    await writeSyntheticWorkspace(other, { positive: 4, negative: 4, hard_negative: 0 });
    const runDir = await writeRun(other, 'r', 'dscnn');
    const result = await exportRun({ runDir, format: 'onnx', outDir: path.join(other, 'out'), appVersion: 'test' });
    expect(result.parity).toMatchObject({ split: 'val', clips: 2 });
    expect(result.warnings.join(' ')).toContain('The test split is empty: checking on the validation split instead');
    await rm(other, { recursive: true, force: true });
  });

  it('refuses a run without a trained model, a missing run and INT8 for TF.js, writing nothing', async () => {
    const noBest = await writeRun(workspace, 'run-untrained', 'dscnn', { withBest: false });
    const out = path.join(workspace, 'exports', 'never');
    await expect(exportRun({ runDir: noBest, format: 'onnx', outDir: out, appVersion: 'x' })).rejects.toThrow('has no trained model yet (best/model.json is missing)');
    await expect(exportRun({ runDir: path.join(workspace, 'runs', 'nope'), format: 'onnx', outDir: out, appVersion: 'x' })).rejects.toThrow('run folder not found');
    await expect(exportRun({ runDir: noBest, format: 'tfjs', int8: true, outDir: out, appVersion: 'x' })).rejects.toThrow('INT8 quantisation applies to ONNX exports only');
    const oww = await writeRun(workspace, 'run-oww', 'oww_dnn');
    await expect(exportRun({ runDir: oww, format: 'onnx', outDir: out, appVersion: 'x' })).rejects.toThrow('a "oww_dnn" run cannot be exported as onnx: its input is openWakeWord embeddings');
    expect(existsSync(out)).toBe(false);
  });
});
