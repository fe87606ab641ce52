import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../shared/core/audio/rng';
import type { SplitManifest } from '../../shared/core/dataset/manifest';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { pcm16Wav } from '../../../tests/support/synthetic-workspace';
import { OwwBackbone } from './backbone';
import { OwwEmbeddingCache } from './embedding-cache';
import { embedLongNegatives, findLongNegatives, LongNegativeWindows, sampleIds, SEEDED_STEPS, windowCount, type LongRecording } from './negative-windows';
import { stepInput } from './step-embeddings';

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/oww');

function fakeRecording(relative: string, steps: number): LongRecording {
  const rows = Float32Array.from({ length: (16 + steps) * 96 }, (_, i) => Math.floor(i / 96));
  return { relative, kind: 'negative', embeddings: { rows, steps } };
}

describe('windows of long negative recordings', () => {
  it('has steps - 15 windows per recording at hop 1, the right count at other hops, and none in the seeded steps', () => {
    expect(SEEDED_STEPS).toBe(15);
    expect([windowCount(15, 1), windowCount(16, 1), windowCount(100, 1), windowCount(100, 4), windowCount(99, 4), windowCount(20, 25)]).toEqual([0, 1, 85, 22, 21, 1]);
    const a = fakeRecording('negative/a.wav', 100);
    const b = fakeRecording('background/b.wav', 40);
    const tooShort = fakeRecording('negative/short.wav', 12);
    const windows = new LongNegativeWindows([a, tooShort, b], 1);
    expect(windows.count).toBe(85 + 0 + 25);
    // Every window is stepInput's view into the recording's rows (same buffer, no copy), in step order from 15.
    for (let id = 0; id < windows.count; id += 1) {
      const { recording, step } = windows.locate(id);
      const owner = [a, tooShort, b][recording] as LongRecording;
      const view = windows.input(id);
      const expected = stepInput(owner.embeddings, step);
      expect(view.buffer).toBe(owner.embeddings.rows.buffer);
      expect(view.byteOffset).toBe(expected.byteOffset);
      expect(view.length).toBe(16 * 96);
    }
    expect(windows.locate(0)).toEqual({ recording: 0, step: 15 });
    expect(windows.locate(84)).toEqual({ recording: 0, step: 99 });
    expect(windows.locate(85)).toEqual({ recording: 2, step: 15 });
    // The first window's rows are 16..31: the audio's first 16 steps, none of the 16 seed rows (0..15).
    expect(windows.input(0)[0]).toBe(16);
    expect(windows.input(0).at(-1)).toBe(31);
    expect(windows.key(85)).toBe('background/b.wav@15');
    expect(() => windows.locate(110)).toThrow(RangeError);

    const hop4 = new LongNegativeWindows([a, b], 4);
    expect(hop4.count).toBe(windowCount(100, 4) + windowCount(40, 4));
    expect([0, 1, 21, 22].map((id) => hop4.locate(id))).toEqual([
      { recording: 0, step: 15 },
      { recording: 0, step: 19 },
      { recording: 0, step: 99 },
      { recording: 1, step: 15 },
    ]);
    expect(() => new LongNegativeWindows([a], 0)).toThrow(/hop must be a whole number/);
  });

  it('samples distinct ids, all of them when asked for more', () => {
    const ids = Array.from(sampleIds(1000, 300, createRng(1)));
    expect(new Set(ids).size).toBe(300);
    expect(ids.every((id) => id >= 0 && id < 1000)).toBe(true);
    expect(Array.from(sampleIds(5, 10, createRng(1)))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('embedding long negative recordings', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let speech: Float32Array;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-long-'));
    speech = await loadMonoClip(path.join(FIXTURES, 'speech-16k.wav'), 16000);
    const raw = path.join(workspace, 'data', 'raw');
    for (const dir of ['negative', 'background']) await mkdir(path.join(raw, dir), { recursive: true });
    const twice = new Float32Array(speech.length * 2);
    twice.set(speech);
    twice.set(speech, speech.length);
    await writeFile(path.join(raw, 'negative', 'talk.wav'), pcm16Wav(twice, 16000));
    await writeFile(path.join(raw, 'negative', 'short.wav'), pcm16Wav(speech.subarray(0, 16000), 16000));
    await writeFile(path.join(raw, 'background', 'room.wav'), pcm16Wav(Float32Array.from({ length: 6 * 16000 }, (_, i) => 0.05 * Math.sin(i / 7)), 16000));
    await writeFile(path.join(raw, 'background', 'blip.wav'), pcm16Wav(new Float32Array(16000), 16000));
  });
  afterAll(async () => {
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  const split = (): SplitManifest => ({
    version: 1,
    split: 'train',
    createdAt: new Date(0).toISOString(),
    seed: 1,
    ratios: [0.8, 0.1, 0.1],
    groupBy: 'none',
    files: [
      { path: 'negative/talk.wav', category: 'negative', label: 0, durationSeconds: (2 * speech.length) / 16000 },
      { path: 'negative/short.wav', category: 'negative', label: 0, durationSeconds: 1 },
      { path: 'positive/p.wav', category: 'positive', label: 1, durationSeconds: 7 },
    ],
    skippedInvalid: 0,
    augmentation: { background: ['background/room.wav', 'background/blip.wav'], rirs: [] },
  });

  it('finds the long negative and background recordings, embeds each once with progress, and a second load calls the backbone zero times', async () => {
    const raw = path.join(workspace, 'data', 'raw');
    const sources = findLongNegatives(raw, split());
    expect(sources.map((s) => [s.relative, s.kind])).toEqual([
      ['negative/talk.wav', 'negative'],
      ['background/room.wav', 'background'],
    ]);
    expect(sources[1]?.seconds).toBeCloseTo(6, 3);

    const cache = new OwwEmbeddingCache(path.join(workspace, 'cache'), backbone.hash);
    const mel = vi.spyOn(backbone, 'melspectrograms');
    const embed = vi.spyOn(backbone, 'embedWindows');
    const progress: [number, number, string][] = [];
    const warnings: string[] = [];
    const first = await embedLongNegatives(raw, sources, cache, backbone, (done, total, detail) => progress.push([done, total, detail]), warnings);
    expect(warnings).toEqual([]);
    const talkSteps = Math.floor((2 * speech.length) / 1280);
    expect(first.map((r) => r.embeddings.steps)).toEqual([talkSteps, 75]);
    // One mel model call per step (sent in blocks of steps).
    expect(mel.mock.calls.reduce((n, [inputs]) => n + inputs.length, 0)).toBeGreaterThan(talkSteps);
    expect(embed.mock.calls.length).toBeGreaterThan(0);
    // Progress: steps embedded so far, never backwards, ending at the total, naming the file.
    const total = talkSteps + 75;
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((x, y) => x - y));
    expect(progress.some(([done, , detail]) => done > 0 && done < talkSteps && detail.includes('negative/talk.wav'))).toBe(true);
    expect(progress.at(-1)?.[0]).toBe(total);

    mel.mockClear();
    embed.mockClear();
    const second = await embedLongNegatives(raw, sources, new OwwEmbeddingCache(path.join(workspace, 'cache'), backbone.hash), backbone, () => undefined, warnings);
    expect(mel).not.toHaveBeenCalled();
    expect(embed).not.toHaveBeenCalled();
    expect(second.map((r) => r.embeddings.steps)).toEqual([talkSteps, 75]);
    const windows = [new LongNegativeWindows(first, 1), new LongNegativeWindows(second, 1)];
    expect(windows[0]?.count).toBe(talkSteps - 15 + 60);
    expect(Array.from(windows[1]?.input(100) ?? [])).toEqual(Array.from(windows[0]?.input(100) ?? []));
    mel.mockRestore();
    embed.mockRestore();
  });

  it('skips a missing recording with a warning naming it', async () => {
    const warnings: string[] = [];
    const cache = new OwwEmbeddingCache(path.join(workspace, 'cache'), backbone.hash);
    const out = await embedLongNegatives(path.join(workspace, 'data', 'raw'), [{ relative: 'negative/gone.wav', kind: 'negative', seconds: 30 }], cache, backbone, () => undefined, warnings);
    expect(out).toEqual([]);
    expect(warnings).toEqual(['Skipped negative/gone.wav: the file is missing (scan and split the dataset again)']);
  });
});
