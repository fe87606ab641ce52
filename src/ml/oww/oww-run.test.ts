import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { synthClip } from '../../../tests/support/synthetic-workspace';
import { owwTestConfig, trainOwwTestRun } from '../../../tests/support/oww-run';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { exportOwwRun, owwModelName, scoreOwwOnnx, type OwwManifest } from '../export/oww-export';
import { exportRun } from '../families/model-families';
import { OwwBackbone } from './backbone';
import { OwwStreamingFeatures } from './streaming-features';
import { createOwwStreamScorer, type OwwStreamScorer } from './stream-scorer';

/** 6 s: negatives, then the "wake word" chirp, then noise again. */
function recording(): Float32Array {
  const parts = [synthClip('negative', 1, 16000, 2), synthClip('positive', 3), synthClip('negative', 2, 16000, 3)];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** The app's streaming path (TF.js) and the exported model in onnxruntime on the same streaming embeddings, within 1e-4. */
async function expectOnnxMatchesApp(backbone: OwwBackbone, scorer: OwwStreamScorer, bytes: Uint8Array, audio: Float32Array): Promise<void> {
  const appScores = await scorer.scoreAudio(audio);
  const windows = await (await OwwStreamingFeatures.create(backbone)).push(audio);
  const onnxScores = await scoreOwwOnnx(bytes, windows);
  expect(onnxScores.length).toBeGreaterThan(0);
  expect(onnxScores).toHaveLength(appScores.length);
  onnxScores.forEach((s, i) => expect(Math.abs(s - (appScores[i] as number))).toBeLessThan(1e-4));
}

describe('a trained oww_dnn run: streaming scorer and openWakeWord export', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let runDir: string;
  let scorer: OwwStreamScorer;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-run-'));
    runDir = await trainOwwTestRun(workspace, backbone, owwTestConfig(4));
    scorer = await createOwwStreamScorer(runDir, { backbone });
  }, 120_000);
  afterAll(async () => {
    await scorer.dispose();
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it('scores a recording every 80 ms, the same whether streamed in pieces or whole', async () => {
    const audio = recording();
    const scores = await scorer.scoreAudio(audio);
    expect(scores).toHaveLength(Math.floor(audio.length / 1280));
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);

    const live = await scorer.openStream();
    const pieces: number[] = [];
    for (let at = 0; at < audio.length; at += 700) pieces.push(...(await live.push(audio.subarray(at, Math.min(audio.length, at + 700)))));
    expect(pieces).toHaveLength(scores.length);
    pieces.forEach((s, i) => expect(Math.abs(s - (scores[i] as number))).toBeLessThan(1e-5));
    // The chirp (2-3 s) scores higher than the steady hum long after it.
    const peak = Math.max(...scores.slice(Math.round(2.5 / 0.08), Math.round(3.6 / 0.08)));
    const tail = Math.max(...scores.slice(Math.round(5.2 / 0.08)));
    expect(peak).toBeGreaterThan(tail);
  });

  it('refuses a run that is not an oww_* model', async () => {
    const other = path.join(workspace, 'runs', 'dscnn');
    await mkdir(path.join(other, 'best'), { recursive: true });
    await writeFile(path.join(other, 'config.json'), JSON.stringify({ ...DSCNN_DEFAULT_CONFIG, features: { ...DSCNN_DEFAULT_CONFIG.features, cmvn: false } }));
    await writeFile(path.join(other, 'best', 'model.json'), '{}');
    await expect(createOwwStreamScorer(other, { backbone })).rejects.toThrow(/trained a dscnn model, not an openWakeWord/);
    await expect(exportOwwRun({ runDir: other, format: 'oww', outDir: path.join(workspace, 'x'), appVersion: '0.0.0' })).rejects.toThrow(/--format oww needs a run trained with an oww_\* architecture/);
  });

  it('exports <name>.onnx ([1,16,96] -> [1,1]) and wakeword.json; onnxruntime reproduces the app streaming scores', async () => {
    const outDir = path.join(workspace, 'exports', 'oww');
    const result = await exportRun({ runDir, format: 'oww', outDir, appVersion: '0.1.0' });
    const name = `${owwModelName('oww-test')}.onnx`;
    expect(result.files.map((f) => f.name).sort()).toEqual([name, 'example-browser.js', 'example-openwakeword.py', 'wakeword.json'].sort());
    expect(result.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(result.parity?.clips).toBe(5);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'wakeword.json'), 'utf8')) as OwwManifest;
    expect(manifest).toMatchObject({ format: 'openwakeword', phrase: 'oww-test', model: { file: name, inputShape: [1, 16, 96], outputShape: [1, 1] } });
    expect(manifest.detection.threshold).toBe(result.threshold);
    expect(manifest.detection.smoothing).toBeGreaterThanOrEqual(1);

    const bytes = await readFile(path.join(outDir, name));
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toHaveLength(1);
    expect(session.outputNames).toHaveLength(1);
    await session.release();

    // The app's streaming path (TF.js classifier) against the exported model run by onnxruntime on the same
    // streaming embeddings of a held-out recording.
    const audio = await loadMonoClip(path.join(workspace, 'data', 'raw', 'positive', 'clip_004.wav'), 16000);
    const padded = new Float32Array(audio.length + 32000);
    padded.set(audio, 16000);
    await expectOnnxMatchesApp(backbone, scorer, bytes, padded);
  });

  it('writes the model file named by --out FILE.onnx', async () => {
    const file = path.join(workspace, 'exports', 'named', 'hey_nova.onnx');
    const result = await exportOwwRun({ runDir, format: 'oww', outDir: file, appVersion: '0.1.0' });
    expect(result.outDir).toBe(path.dirname(file));
    expect(result.files.map((f) => f.name)).toContain('hey_nova.onnx');
  });

  it("names the model after the wake phrase: the one given, else the workspace's synthesised phrase", async () => {
    const given = await exportOwwRun({ runDir, format: 'oww', outDir: path.join(workspace, 'exports', 'given'), appVersion: '0.1.0', phrase: 'Okay Studio' });
    expect(given.files.map((f) => f.name)).toContain('okay_studio.onnx');
    const manifest = JSON.parse(await readFile(path.join(workspace, 'exports', 'given', 'wakeword.json'), 'utf8')) as OwwManifest;
    expect(manifest).toMatchObject({ phrase: 'Okay Studio', model: { file: 'okay_studio.onnx' } });
    // dataset:synthesize keeps positives in positive/synthetic/<phrase slug>/.
    await mkdir(path.join(workspace, 'data', 'raw', 'positive', 'synthetic', 'hey_nova'), { recursive: true });
    const synthesised = await exportOwwRun({ runDir, format: 'oww', outDir: path.join(workspace, 'exports', 'synth'), appVersion: '0.1.0' });
    expect(synthesised.files.map((f) => f.name)).toContain('hey_nova.onnx');
    await rm(path.join(workspace, 'data', 'raw', 'positive', 'synthetic'), { recursive: true });
  });
});

describe('a trained oww_rnn run (bidirectional LSTMs): openWakeWord export', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let runDir: string;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-rnn-'));
    const base = owwTestConfig(2);
    runDir = await trainOwwTestRun(workspace, backbone, { ...base, model: { ...base.model, architecture: 'oww_rnn', oww: { layers: 2, width: 8, augment_copies: 0 } } });
  }, 120_000);
  afterAll(async () => {
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it('exports one ONNX LSTM graph whose scores onnxruntime reproduces, streamed and on the validation clips', async () => {
    const outDir = path.join(workspace, 'exports', 'rnn');
    const result = await exportRun({ runDir, format: 'oww', outDir, appVersion: '0.1.0' });
    expect(result.parity?.clips).toBe(5);
    expect(result.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    const bytes = await readFile(path.join(outDir, `${owwModelName('oww-test')}.onnx`));
    expect(new TextDecoder('latin1').decode(bytes)).toContain('bidirectional');

    const scorer = await createOwwStreamScorer(runDir, { backbone });
    try {
      await expectOnnxMatchesApp(backbone, scorer, bytes, await loadMonoClip(path.join(workspace, 'data', 'raw', 'positive', 'clip_004.wav'), 16000));
    } finally {
      await scorer.dispose();
    }
  });
});
