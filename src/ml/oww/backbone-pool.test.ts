import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/core/audio/rng';
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM } from '../../shared/core/oww/oww-constants';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { embeddingWorkerCount, OwwBackbone } from './backbone';
import { embedRecordingSteps } from './step-embeddings';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/oww');
/**
 * The workers run the same models with the same session options and batches as the calling thread, so the
 * numbers should be identical; the stated tolerance leaves room only for float rounding.
 */
const TOLERANCE = 1e-6;

describe('embedding workers (the fast path) against the models on the calling thread (the simple path)', () => {
  let simple: OwwBackbone;
  let fast: OwwBackbone;
  let speech: Float32Array;
  /** 30 s: speech, quiet noise and loud noise, so the recording spans several 62-step blocks and levels. */
  let long: Float32Array;
  beforeAll(async () => {
    simple = await OwwBackbone.load(undefined, { workers: 0 });
    fast = await OwwBackbone.load(undefined, { workers: 2 });
    speech = await loadMonoClip(path.join(FIXTURES, 'speech-16k.wav'), 16000);
    const rng = createRng(5);
    long = new Float32Array(30 * 16000);
    for (let at = 0; at < long.length; at += speech.length * 2) long.set(speech.subarray(0, Math.min(speech.length, long.length - at)), at);
    for (let i = 0; i < long.length; i += 1) long[i] = (long[i] as number) + (rng.next() * 2 - 1) * (i > long.length / 2 ? 0.2 : 0.002);
  });
  afterAll(async () => {
    await simple.release();
    await fast.release();
  });

  it('uses the workers it was asked for', () => {
    expect(simple.workers).toBe(0);
    expect(fast.workers).toBe(2);
  });

  it('gives the same clip embeddings (the batch path, several clips sharing model calls)', async () => {
    const clips = [speech, speech.subarray(0, 32000), long.subarray(200_000, 232_000), long.subarray(400_000, 432_000)];
    const expected = await simple.embedClips(clips);
    const actual = await fast.embedClips(clips);
    expect(actual).toHaveLength(expected.length);
    expected.forEach((embeddings, i) => {
      expect(embeddings.length).toBeGreaterThan(0);
      expect(maxAbsDiff(actual[i] as Float32Array, embeddings)).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  it('gives the same step embeddings of a long recording (the streaming path, blocks in flight at once)', async () => {
    // The noise-seeded history is embedded once per backbone: after it, only the recording's steps count.
    await embedRecordingSteps(fast, speech);
    const before = fast.windowsEmbedded;
    const progress: number[] = [];
    const expected = await embedRecordingSteps(simple, long);
    const actual = await embedRecordingSteps(fast, long, (done, total) => {
      expect(total).toBe(expected.steps);
      progress.push(done);
    });
    expect(actual.steps).toBe(Math.floor(long.length / OWW_CHUNK_SAMPLES));
    expect(actual.rows).toHaveLength((OWW_CONTEXT_EMBEDDINGS + actual.steps) * OWW_EMBEDDING_DIM);
    expect(maxAbsDiff(actual.rows, expected.rows)).toBeLessThanOrEqual(TOLERANCE);
    // Not trivially equal: the rows vary along the recording.
    expect(new Set(Array.from(actual.rows.subarray(-96 * 50), (x) => x.toFixed(3))).size).toBeGreaterThan(500);
    // Progress is monotonic and ends at every step; each step's window went through the model once.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(actual.steps);
    expect(fast.windowsEmbedded - before).toBe(actual.steps);
  });

  it('names the workers when they are gone', async () => {
    const released = await OwwBackbone.load(undefined, { workers: 1 });
    await released.release();
    await expect(released.embedClips([speech])).rejects.toThrow(/openWakeWord embedding workers were released/);
  });

  it('takes the worker count from WAKEWORD_EMBED_WORKERS, and rejects a bad one', () => {
    expect(embeddingWorkerCount({ WAKEWORD_EMBED_WORKERS: '0' })).toBe(0);
    expect(embeddingWorkerCount({ WAKEWORD_EMBED_WORKERS: '3' })).toBe(3);
    expect(embeddingWorkerCount({})).toBeGreaterThanOrEqual(1);
    expect(() => embeddingWorkerCount({ WAKEWORD_EMBED_WORKERS: 'two' })).toThrow(/WAKEWORD_EMBED_WORKERS must be a whole number/);
  });
});
