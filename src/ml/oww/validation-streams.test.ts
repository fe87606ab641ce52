import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SplitManifest } from '../../shared/core/dataset/manifest';
import { smoothScores } from '../../shared/core/detection/streaming-fah';
import { OWW_CHUNK_SAMPLES } from '../../shared/core/oww/oww-constants';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { scoreStreamingSet } from '../streaming-validation';
import { readSplit } from '../training-data';
import { OwwBackbone } from './backbone';
import { groupNegatives } from '../streaming-validation';
import { CLIP_LEAD_SAMPLES, CLIP_TAIL_SAMPLES, loadOwwSplitStreams } from './validation-streams';

describe('oww validation streams', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let val: SplitManifest;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-streams-'));
    await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 5 });
    val = await readSplit(workspace, 'val');
  });
  afterAll(async () => {
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it('joins the negatives into one stream of audio length / 1280 steps and puts each clip in its own padded stream', async () => {
    const streams = await loadOwwSplitStreams(workspace, val.files, backbone);
    const negatives = val.files.filter((f) => f.category === 'negative');
    let samples = 0;
    for (const file of negatives) samples += (await loadMonoClip(path.join(workspace, 'data', 'raw', file.path), 16000)).length;
    expect(negatives.length).toBeGreaterThan(1);
    expect(streams.negatives).toHaveLength(1);
    expect(streams.negatives[0]?.steps).toBe(Math.floor(samples / OWW_CHUNK_SAMPLES));
    expect(streams.members.map((m) => m.path)).toEqual(negatives.map((f) => f.path));
    const phrases = val.files.filter((f) => f.category !== 'negative');
    expect(streams.clips.map((c) => c.path)).toEqual(phrases.map((f) => f.path));
    for (const clip of streams.clips) {
      const audio = await loadMonoClip(path.join(workspace, 'data', 'raw', clip.path), 16000);
      expect(clip.stream.steps).toBe(Math.floor((CLIP_LEAD_SAMPLES + audio.length + CLIP_TAIL_SAMPLES) / OWW_CHUNK_SAMPLES));
      expect(clip.firstStep).toBe(CLIP_LEAD_SAMPLES / OWW_CHUNK_SAMPLES);
      expect(clip.lastStep).toBe(clip.stream.steps - 1);
    }
    expect(streams.settings).toMatchObject({ smoothing: 3, refractorySeconds: 1.5, hopSamples: 1280, sampleRate: 16000 });
  });

  it('reads the streams back from the cache on a second load without calling the backbone', async () => {
    await loadOwwSplitStreams(workspace, val.files, backbone);
    const calls = [vi.spyOn(backbone, 'melspectrogram'), vi.spyOn(backbone, 'melspectrograms'), vi.spyOn(backbone, 'embedWindows'), vi.spyOn(backbone, 'embedClips')];
    const again = await loadOwwSplitStreams(workspace, val.files, backbone);
    expect(again.cache.misses).toBe(0);
    expect(again.cache.hits).toBe(1 + again.clips.length);
    for (const spy of calls) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it("scores a clip by the highest smoothed score over the steps covering it", async () => {
    const streams = await loadOwwSplitStreams(workspace, val.files, backbone);
    // A stand-in classifier: the mean of the input, so each step's score is known without a model.
    const meanOf = (x: Float32Array): number => x.reduce((sum, v) => sum + v, 0) / x.length;
    const predict = (inputs: Float32Array, count: number): Float32Array => Float32Array.from({ length: count }, (_, k) => meanOf(inputs.subarray(k * streams.inputSize, (k + 1) * streams.inputSize)));
    const scored = scoreStreamingSet(streams, predict);
    streams.clips.forEach((clip, i) => {
      const all = Array.from({ length: clip.stream.steps }, (_, step) => meanOf(clip.stream.input(step)));
      const smoothed = smoothScores(all, streams.settings.smoothing);
      const expected = Math.max(...Array.from(smoothed).slice(clip.firstStep, clip.lastStep + 1));
      expect(scored.clipScores[i]).toBeCloseTo(expected, 6);
    });
    expect(scored.negatives[0]?.length).toBe(streams.negatives[0]?.steps);
  });

  it('reports how far a long stream has got while it is embedded the first time', async () => {
    await writeFile(path.join(workspace, 'data', 'raw', 'negative', 'long.wav'), pcm16Wav(synthClip('negative', 40, 16000, 12), 16000));
    const details: string[] = [];
    const long = await loadOwwSplitStreams(workspace, [{ path: 'negative/long.wav', category: 'negative', label: 0, durationSeconds: 12 }], backbone, {
      cacheDir: path.join(workspace, 'cache', 'progress'),
      onProgress: (_done, _total, detail) => details.push(detail),
    });
    expect(long.negatives[0]?.steps).toBe(Math.floor((12 * 16000) / OWW_CHUNK_SAMPLES));
    expect(details.filter((d) => /Embedding validation stream 1 of 1 \(\d+ %\)/.test(d)).length).toBeGreaterThanOrEqual(2);
  });

  it('cuts negatives into streams of at most ten minutes in split order; a longer recording stands alone', () => {
    const file = (name: string, seconds: number) => ({ file: { path: name, category: 'negative' as const, label: 0 as const, durationSeconds: seconds } });
    const groups = groupNegatives([file('a', 300), file('b', 250), file('c', 100), file('d', 3600), file('e', 10)]);
    expect(groups.map((g) => g.map((m) => m.file.path))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
  });
});
