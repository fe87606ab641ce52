import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import { encodeWavPcm16 } from '../../shared/core/audio/pcm16-wav';
import { createRng } from '../../shared/core/audio/rng';
import { OWW_CLIP_SAMPLES, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { endAlignedWindow } from '../../shared/core/oww/oww-window';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { OwwBackbone } from './backbone';
import { AUGMENTATION_VERSION } from '../../shared/core/audio/augment/pipeline';
import { OwwEmbeddingCache } from './embedding-cache';
import { augmentedCopyRecipe, PER_EXAMPLE, RECIPE_VERSION, type AugmentationAudio, type ClipJob, type ClipOutcome, type ClipRecipe } from './training-clips';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

const SPEECH = path.resolve(__dirname, '../../../tests/fixtures/oww/speech-16k.wav');
/** Same code, models and batches on both paths: the tolerance leaves room only for float rounding. */
const TOLERANCE = 1e-6;

function rowsOf(outcome: ClipOutcome | undefined): Float32Array {
  if (!outcome || !('rows' in outcome)) throw new Error(`expected embeddings, got ${JSON.stringify(outcome)}`);
  return outcome.rows;
}

/** Background noise and a decaying impulse response in shared memory, as the training pass shares them. */
function sharedAudio(seed: number, level: number): AugmentationAudio {
  const rng = createRng(seed);
  const background = new Float32Array(new SharedArrayBuffer(5 * OWW_SAMPLE_RATE * 4));
  for (let i = 0; i < background.length; i += 1) background[i] = (rng.next() * 2 - 1) * level * (1 + Math.sin(i / 900));
  const rir = new Float32Array(new SharedArrayBuffer(2000 * 4));
  for (let i = 0; i < rir.length; i += 1) rir[i] = (i === 0 ? 1 : (rng.next() * 2 - 1) * 0.3) * Math.exp(-i / 400);
  return { backgrounds: [background], rirs: [rir] };
}

describe('training clips decoded, augmented and embedded in the embedding workers', () => {
  let simple: OwwBackbone;
  let fast: OwwBackbone;
  let dir: string;
  let jobs: ClipJob[];
  let speechSeconds: number;
  // Every augmentation that draws from the shared audio is on, so a copy depends on what was shared.
  const recipe: ClipRecipe = {
    seed: 11,
    augmentation: { ...DEFAULT_CONFIG.augmentation, background_noise: { probability: 1, min: 0, max: 5 }, reverb: { probability: 1, min: 0.3, max: 0.6 } },
  };
  beforeAll(async () => {
    simple = await OwwBackbone.load(undefined, { workers: 0 });
    fast = await OwwBackbone.load(undefined, { workers: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'oww-clips-'));
    const speech = await loadMonoClip(SPEECH, OWW_SAMPLE_RATE);
    speechSeconds = speech.length / OWW_SAMPLE_RATE;
    const long = new Float32Array(9 * OWW_SAMPLE_RATE);
    for (let at = 0; at < long.length; at += speech.length + 4000) long.set(speech.subarray(0, Math.min(speech.length, long.length - at)), at);
    await writeFile(path.join(dir, 'long.wav'), encodeWavPcm16(long, OWW_SAMPLE_RATE));
    await writeFile(path.join(dir, 'broken.wav'), 'not audio');
    const job = (file: string, kind: ClipJob['kind'], source: ClipJob['source'], copy: number): ClipJob => ({ file, relative: path.basename(file), kind, source, copy });
    jobs = [
      job(SPEECH, 'positive', 'train', 0),
      job(SPEECH, 'positive', 'train', 1),
      job(SPEECH, 'positive', 'train', 2),
      job(path.join(dir, 'broken.wav'), 'negative', 'train', 0),
      job(path.join(dir, 'broken.wav'), 'negative', 'train', 1),
      job(path.join(dir, 'long.wav'), 'negative', 'val', 0),
      job(path.join(dir, 'long.wav'), 'negative', 'train', 1),
    ];
  });
  afterAll(async () => {
    await simple.release();
    await fast.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the workers the same embeddings as the calling thread, for clean and augmented copies', async () => {
    for (const backbone of [simple, fast]) backbone.shareAugmentationAudio(sharedAudio(3, 0.05));
    const [simpleBefore, fastBefore] = [simple.windowsEmbedded, fast.windowsEmbedded];
    const expected = await simple.embedTrainingClips(jobs, recipe);
    const actual = await fast.embedTrainingClips(jobs, recipe);
    expect(actual).toHaveLength(jobs.length);
    // 9 s of validation negative: 2 s windows at 0, 2, 4, 6 s and one ending with the recording; every other job one window.
    expect(actual.map((outcome) => ('windows' in outcome ? outcome.windows : 0))).toEqual([1, 1, 1, 0, 0, 5, 1]);
    // The bench's counter of model windows sees the workers' work: 9 clips of 16 model windows each.
    expect(fast.windowsEmbedded - fastBefore).toBe(9 * 16);
    expect(simple.windowsEmbedded - simpleBefore).toBe(9 * 16);
    actual.forEach((outcome, i) => {
      const reference = expected[i];
      if ('error' in outcome) {
        expect(outcome.error).toMatch(/broken\.wav/);
        expect(reference).toEqual(outcome);
        return;
      }
      expect(maxAbsDiff(outcome.rows, rowsOf(reference))).toBeLessThanOrEqual(TOLERANCE);
      expect(outcome.rows).toHaveLength(outcome.windows * PER_EXAMPLE);
      expect(outcome.seconds).toBeCloseTo(jobs[i]?.relative === 'long.wav' ? 9 : speechSeconds, 6);
    });
    // Not trivially equal: the copies differ from the clean clip and from each other.
    const [clean, first, second] = [rowsOf(actual[0]), rowsOf(actual[1]), rowsOf(actual[2])];
    expect(maxAbsDiff(clean, first)).toBeGreaterThan(0.05);
    expect(maxAbsDiff(first, second)).toBeGreaterThan(0.05);
  });

  it('counts the model windows of requests a worker runs at once only once each', async () => {
    const before = fast.windowsEmbedded;
    await Promise.all([fast.embedTrainingClips(jobs.slice(0, 1), recipe), fast.embedTrainingClips(jobs.slice(5, 6), recipe), fast.embedTrainingClips(jobs.slice(0, 1), recipe)]);
    // One window for each speech clip, five for the long recording: 16 model windows each.
    expect(fast.windowsEmbedded - before).toBe((1 + 5 + 1) * 16);
  });

  it('places the clean copy as before the workers: the phrase ends 0.1 s before the window ends', async () => {
    const speech = await loadMonoClip(SPEECH, OWW_SAMPLE_RATE);
    const [placed] = await simple.embedClips([endAlignedWindow(speech, OWW_CLIP_SAMPLES, 0.1 * OWW_SAMPLE_RATE)]);
    const [clean] = await fast.embedTrainingClips(jobs.slice(0, 1), recipe);
    expect(maxAbsDiff(rowsOf(clean), (placed as Float32Array).subarray(0, PER_EXAMPLE))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('augments with the audio shared last, in every worker', async () => {
    const augmented = jobs.slice(1, 3);
    for (const backbone of [simple, fast]) backbone.shareAugmentationAudio(sharedAudio(3, 0.05));
    const quiet = await fast.embedTrainingClips(augmented, recipe);
    for (const backbone of [simple, fast]) backbone.shareAugmentationAudio(sharedAudio(4, 0.5));
    const loud = await fast.embedTrainingClips(augmented, recipe);
    const reference = await simple.embedTrainingClips(augmented, recipe);
    loud.forEach((outcome, i) => {
      expect(maxAbsDiff(rowsOf(outcome), rowsOf(reference[i]))).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(rowsOf(outcome), rowsOf(quiet[i]))).toBeGreaterThan(0.05);
    });
  });

  it('says when augmented copies come before any shared audio', async () => {
    const fresh = await OwwBackbone.load(undefined, { workers: 1 });
    try {
      await expect(fresh.embedTrainingClips(jobs.slice(1, 2), recipe)).rejects.toThrow(/need the background and RIR audio first/);
      // Clean copies need none.
      expect(rowsOf((await fresh.embedTrainingClips(jobs.slice(0, 1), recipe))[0])).toHaveLength(PER_EXAMPLE);
    } finally {
      await fresh.release();
    }
  });
});

describe('cache recipe of augmented copies', () => {
  const augmentation = DEFAULT_CONFIG.augmentation;
  const background = ['background/cafe.wav'];

  it('changes with the transforms version, so copies cached before the faster transforms are made again', () => {
    const recipe = augmentedCopyRecipe(augmentation, background, []);
    // The recipe the pass wrote before the transforms had a version (their version 1).
    const before = JSON.stringify({ v: 1, augmentation, background, rirs: [] });
    const cache = new OwwEmbeddingCache(os.tmpdir(), 'backbone-sha');
    const parts = { file: '/ws/data/raw/positive/a.wav', size: 64044, mtimeMs: 1700000000000, seed: 7, copy: 1 };
    expect(cache.key({ ...parts, recipe })).not.toBe(cache.key({ ...parts, recipe: before }));
    expect(JSON.parse(recipe)).toMatchObject({ v: RECIPE_VERSION, transforms: AUGMENTATION_VERSION });
    expect(AUGMENTATION_VERSION).toBeGreaterThanOrEqual(2);
    // The same settings give the same recipe (a warm cache still hits); other settings or files another.
    expect(augmentedCopyRecipe(augmentation, background, [])).toBe(recipe);
    expect(augmentedCopyRecipe({ ...augmentation, vtlp: { ...augmentation.vtlp, probability: 0.1 } }, background, [])).not.toBe(recipe);
    expect(augmentedCopyRecipe(augmentation, background, ['rirs/hall.wav'])).not.toBe(recipe);
  });
});
