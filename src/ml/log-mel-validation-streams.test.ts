import { describe, expect, it } from 'vitest';
import { DSCNN_DEFAULT_CONFIG } from '../shared/config/defaults';
import { toFrontEndConfig } from '../shared/config/front-end';
import { makeExample } from '../shared/core/audio/augment/pipeline';
import { LogMelExtractor } from '../shared/core/audio/log-mel';
import { createRng } from '../shared/core/audio/rng';
import type { SplitFile } from '../shared/core/dataset/manifest';
import { NegativeStreams } from '../shared/core/detection/streaming-fah';
import { buildLogMelStreams, LOG_MEL_CLIP_FIRST_STEP, logMelStepStream, logMelStreamSettings, placeLogMelClip, type LogMelFrontEnd } from './log-mel-validation-streams';
import { measureStreaming, scoreStreamingSet, streamsHours } from './streaming-validation';

const config = DSCNN_DEFAULT_CONFIG;
const sampleRate = config.data.sample_rate;
const clipSamples = Math.round(config.data.clip_duration * sampleRate);
const extractor = new LogMelExtractor(toFrontEndConfig(config));
const inputSize = extractor.frameCount(clipSamples) * config.features.n_mels;
const frontEnd: LogMelFrontEnd = { sampleRate, clipSamples, extractor, cmvn: null, inputSize, context: { sampleRate, clipSamples, config: config.augmentation, backgrounds: [], rirs: [], rng: createRng(0) } };
const settings = logMelStreamSettings(frontEnd, { hopSeconds: 0.1, smoothing: 3, refractorySeconds: 1.5 });

function noise(seconds: number, seed: number, level = 0.05): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, () => (rng.next() * 2 - 1) * level);
}
const file = (path: string, category: SplitFile['category']): SplitFile => ({ path, category, label: category === 'positive' ? 1 : 0, durationSeconds: 0 });

describe('log-mel validation streams', () => {
  const negatives = [noise(2.5, 1), noise(4, 2), noise(1, 3)];
  const positive = noise(1, 4, 0.3);
  const set = buildLogMelStreams(
    [{ file: file('negative/a.wav', 'negative'), audio: negatives[0] as Float32Array }, { file: file('positive/p.wav', 'positive'), audio: positive }, { file: file('negative/b.wav', 'negative'), audio: negatives[1] as Float32Array }, { file: file('negative/c.wav', 'negative'), audio: negatives[2] as Float32Array }],
    frontEnd,
    settings,
  );

  it('joins the general negatives into one stream windowed every hop, and places clips in streams of their own', () => {
    expect(set.negatives).toHaveLength(1);
    // 7.5 s joined: window starts every 0.1 s while a whole 1 s window fits.
    expect(set.negatives[0]?.steps).toBe(Math.floor((7.5 * sampleRate - clipSamples) / settings.hopSamples) + 1);
    expect(streamsHours(set)).toBeCloseTo((set.negatives[0]?.steps ?? 0) * 0.1 / 3600, 12);
    expect(set.clips.map((c) => [c.path, c.kind])).toEqual([['positive/p.wav', 'positive']]);
    expect(set.members.map((m) => m.path)).toEqual(['negative/a.wav', 'negative/b.wav', 'negative/c.wav']);
    // b starts at 2.5 s: its first window is the first one to reach past 2.5 s; c ends the stream.
    expect(set.members[1]?.firstStep).toBe(Math.floor((2.5 * sampleRate - clipSamples) / settings.hopSamples) + 1);
    expect(set.members[2]?.lastStep).toBe((set.negatives[0]?.steps ?? 0) - 1);
  });

  it('gives each step the features the run scorer computes for that window (the same on every call)', () => {
    const joined = new Float32Array(7.5 * sampleRate);
    joined.set(negatives[0] as Float32Array);
    joined.set(negatives[1] as Float32Array, 2.5 * sampleRate);
    joined.set(negatives[2] as Float32Array, 6.5 * sampleRate);
    const step = 37;
    const start = step * settings.hopSamples;
    const expected = makeExample(joined.slice(start, start + clipSamples), { ...frontEnd.context, positive: false, augment: false }, extractor, null);
    const stream = set.negatives[0];
    expect(stream?.input(step)).toEqual(expected);
    expect(stream?.input(step)).toEqual(expected);
    const clipStream = set.clips[0]?.stream;
    const placed = placeLogMelClip(positive, frontEnd);
    expect(clipStream?.input(0)).toEqual(makeExample(placed.slice(0, clipSamples), { ...frontEnd.context, positive: false, augment: false }, extractor, null));
  });

  it('computes the same inputs when the memory budget keeps none of them', () => {
    const lean = buildLogMelStreams([{ file: file('negative/a.wav', 'negative'), audio: negatives[0] as Float32Array }], frontEnd, settings, 0);
    expect(lean.negatives[0]?.input(5)).toEqual(set.negatives[0]?.input(5));
  });

  it('counts streaming detections: a model that fires on loud windows accepts the clip and one stretch of the stream', () => {
    expect(set.clips[0]?.firstStep).toBe(LOG_MEL_CLIP_FIRST_STEP);
    // The window before it hears only the lead of noise: its features equal those of silence-level noise alone.
    expect(set.clips[0]?.stream.input(0)).toEqual(logMelStepStream(placeLogMelClip(new Float32Array(0), frontEnd), frontEnd, settings.hopSamples).input(0));
    // A "model" scoring a window by its mean log-mel energy, scaled into 0..1.
    const energy = (features: Float32Array): number => features.reduce((s, x) => s + x, 0) / features.length;
    const quiet = energy(set.negatives[0]?.input(0) as Float32Array);
    const loud = energy(set.clips[0]?.stream.input(Math.round(clipSamples / settings.hopSamples)) as Float32Array);
    expect(loud).toBeGreaterThan(quiet);
    const predict = (inputs: Float32Array, count: number): Float32Array =>
      Float32Array.from({ length: count }, (_, k) => (energy(inputs.subarray(k * inputSize, (k + 1) * inputSize)) - quiet) / (loud - quiet));
    const scores = scoreStreamingSet(set, predict);
    expect(scores.negatives[0]).toHaveLength(set.negatives[0]?.steps ?? 0);
    // Smoothing averages the loudest window with its neighbours, which hear part of the clip.
    expect(scores.clipScores[0]).toBeGreaterThan(0.5);
    expect(scores.clipScores[0]).toBeGreaterThan(Math.max(...(scores.negatives[0] ?? [])));
    const measure = measureStreaming(set, scores, 1000);
    expect(measure.atTarget.hours).toBeCloseTo(streamsHours(set), 12);
    expect(measure.atTarget.falseAccepts).toBe(new NegativeStreams(scores.negatives, settings).falseAccepts(measure.threshold));
  });
});
