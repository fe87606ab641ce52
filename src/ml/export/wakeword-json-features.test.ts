import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pcm16Wav } from '../../../tests/support/synthetic-workspace';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import { toFrontEndConfig } from '../../shared/config/front-end';
import type { TrainingConfig } from '../../shared/config/schema';
import { makeExample } from '../../shared/core/audio/augment/pipeline';
import type { CmvnStats } from '../../shared/core/audio/cmvn';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { createRng } from '../../shared/core/audio/rng';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { FEATURES_MODULE, exampleFiles } from '../../shared/export/example-files';
import { buildWakewordManifest, frontEndFromManifest, type WakewordManifest } from '../../shared/export/wakeword-manifest';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

/** A clip with tones, a sweep and noise, so every mel band carries something. */
function signal(samples: number, sampleRate: number, seed: number): Float32Array {
  const out = new Float32Array(samples);
  let state = seed;
  for (let i = 0; i < samples; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const t = i / sampleRate;
    out[i] = 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t) + 0.05 * (state / 4294967296 - 0.5);
  }
  return out;
}

const CONFIGS: readonly { name: string; config: TrainingConfig }[] = [
  { name: 'default front end', config: { ...DEFAULT_CONFIG, features: { ...DEFAULT_CONFIG.features, cmvn: true } } },
  {
    name: 'n_fft 512, win 320, hop 128, 32 mels 20-7600 Hz, 0.8 s clips',
    config: {
      ...DEFAULT_CONFIG,
      data: { sample_rate: 16000, clip_duration: 0.8 },
      features: { n_mels: 32, n_fft: 512, win_length: 320, hop_length: 128, f_min: 20, f_max: 7600, cmvn: true },
    },
  },
];

function cmvnFor(nMels: number): CmvnStats {
  return { nMels, frames: 500, mean: Array.from({ length: nMels }, (_, m) => -50 + m), std: Array.from({ length: nMels }, (_, m) => (m === 3 ? 0 : 5 + (m % 7))) };
}

function manifestFor(config: TrainingConfig, cmvn: CmvnStats | null): WakewordManifest {
  return buildWakewordManifest({
    config,
    cmvn,
    format: 'onnx',
    file: 'model.onnx',
    files: [{ file: 'model.onnx', bytes: 10, weights: 'float32' }],
    inputName: 'features',
    outputName: 'probabilities',
    inputShape: [null, 101, config.features.n_mels, 1],
    outputShape: [null, 2],
    operatingPoint: { threshold: 0.7, source: 'target-fah', targetFah: 0.5, fahEstimate: { falseAccepts: 0, hours: 6.5, fah: 0, upper95: 0.46 }, ...DEFAULT_DETECTION_SETTINGS },
    provenance: { runId: 'r', runName: null, runCreatedAt: null, bestEpoch: 2, datasetHash: null, app: 'Wakeword Studio', appVersion: '0.1.0', exportedAt: '2026-01-01T00:00:00.000Z' },
  });
}

/** Features as training/evaluation computes them for a (non-positive) clip. */
function appFeatures(config: TrainingConfig, cmvn: CmvnStats | null, clip: Float32Array): Float32Array {
  const sampleRate = config.data.sample_rate;
  const context = { sampleRate, clipSamples: Math.round(config.data.clip_duration * sampleRate), positive: false, augment: false, config: config.augmentation, backgrounds: [], rirs: [], rng: createRng(0) };
  return makeExample(clip, context, new LogMelExtractor(toFrontEndConfig(config)), cmvn);
}

interface FeaturesModule {
  decodeWav(bytes: Uint8Array): { sampleRate: number; channels: Float32Array[] };
  toMono(channels: Float32Array[]): Float32Array;
  featuresForClip(signal: Float32Array, manifest: WakewordManifest): Float32Array;
}

async function loadFeaturesModule(): Promise<FeaturesModule> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-features-'));
  const file = path.join(dir, 'wakeword-features.mjs');
  await writeFile(file, FEATURES_MODULE);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as FeaturesModule;
}

describe('wakeword.json reproduces the app features', () => {
  it.each(CONFIGS)('$name: the app extractor built from wakeword.json gives the training features exactly', ({ config }) => {
    const cmvn = cmvnFor(config.features.n_mels);
    const manifest = JSON.parse(JSON.stringify(manifestFor(config, cmvn))) as WakewordManifest;
    for (const length of [Math.round(config.data.sample_rate * 1.1), Math.round(config.data.sample_rate * 0.5)]) {
      const clip = signal(length, config.data.sample_rate, length);
      const expected = appFeatures(config, cmvn, clip);
      expect(expected.length).toBe(manifest.frontEnd.frames * manifest.frontEnd.nMels);
      // A deployment: crop/pad as described, the extractor from the manifest, CMVN by the manifest's formula.
      const fitted = new Float32Array(manifest.frontEnd.clipSamples);
      const span = Math.abs(clip.length - fitted.length);
      if (clip.length >= fitted.length) fitted.set(clip.subarray(Math.floor(span / 2), Math.floor(span / 2) + fitted.length));
      else fitted.set(clip, Math.floor(span / 2));
      const features = new LogMelExtractor(frontEndFromManifest(manifest)).compute(fitted);
      const c = manifest.cmvn as NonNullable<WakewordManifest['cmvn']>;
      features.forEach((v, i) => {
        const m = i % manifest.frontEnd.nMels;
        features[i] = (v - (c.mean[m] as number)) / Math.max(c.std[m] as number, c.minStd);
      });
      expect(maxAbsDiff(features, expected)).toBe(0);
    }
  });

  it.each(CONFIGS)('$name: the exported wakeword-features.mjs (independent JS) matches within 1e-3 dB-normalised units', async ({ config }) => {
    const features = await loadFeaturesModule();
    for (const cmvn of [cmvnFor(config.features.n_mels), null]) {
      const manifest = JSON.parse(JSON.stringify(manifestFor(config, cmvn))) as WakewordManifest;
      const clip = signal(Math.round(config.data.sample_rate * 0.9), config.data.sample_rate, 5);
      const expected = appFeatures(config, cmvn, clip);
      const actual = features.featuresForClip(clip, manifest);
      expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-3);
    }
  });

  it('the JS WAV reader decodes 16-bit PCM as the app does and rejects a non-WAV file', async () => {
    const features = await loadFeaturesModule();
    const clip = signal(1600, 16000, 9);
    const decoded = features.decodeWav(pcm16Wav(clip, 16000));
    expect(decoded.sampleRate).toBe(16000);
    expect(maxAbsDiff(features.toMono(decoded.channels), clip)).toBeLessThan(1 / 32768 + 1e-7);
    expect(() => features.decodeWav(new TextEncoder().encode('not audio at all'))).toThrow('not a WAV file');
  });

  it('spells out the definition, threshold and detection settings', () => {
    const manifest = manifestFor(CONFIGS[1]!.config, null);
    expect(manifest.frontEnd).toMatchObject({ sampleRate: 16000, clipSamples: 12800, frames: 1 + Math.floor(12800 / 128), nFft: 512, winLength: 320, hopLength: 128, nMels: 32, fMin: 20, fMax: 7600, logFloor: 1e-10 });
    expect(manifest.frontEnd.reference).toContain("mel_scale='htk'");
    expect(manifest.cmvn).toBeNull();
    expect(manifest.model.classes).toEqual(['other', 'wakeword']);
    expect(manifest.detection).toEqual({
      threshold: 0.7,
      thresholdSource: 'target-fah',
      targetFah: 0.5,
      // What the threshold rests on travels with it.
      fahEstimate: { falseAccepts: 0, hours: 6.5, fah: 0, upper95: 0.46 },
      smoothing: 3,
      hopSeconds: 0.1,
      refractorySeconds: 1.5,
      windowSeconds: 0.8,
    });
  });

  it('writes examples for each format', () => {
    expect(exampleFiles('onnx')['example-node.mjs']).toContain("from 'onnxruntime-node'");
    expect(exampleFiles('onnx')['example-browser.html']).toContain('onnxruntime-web');
    expect(exampleFiles('tfjs')['example-browser.js']).toContain('tf.loadLayersModel');
  });
});
