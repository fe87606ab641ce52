import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWW_CHUNK_SAMPLES } from '../../shared/core/oww/oww-constants';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { OwwBackbone } from './backbone';
import { OwwEmbeddingCache } from './embedding-cache';
import { cachedRecordingSteps, embedRecordingSteps, stepInput } from './step-embeddings';
import { OwwStreamingFeatures } from './streaming-features';

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/oww');

describe('step embeddings of a whole recording', () => {
  let backbone: OwwBackbone;
  let audio: Float32Array;
  let dir: string;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    audio = await loadMonoClip(path.join(FIXTURES, 'speech-16k.wav'), 16000);
    dir = await mkdtemp(path.join(os.tmpdir(), 'oww-steps-'));
  });
  afterAll(async () => {
    await backbone.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every step the same classifier input as the live stream, fed in uneven pieces', async () => {
    const steps = await embedRecordingSteps(backbone, audio);
    expect(steps.steps).toBe(Math.floor(audio.length / OWW_CHUNK_SAMPLES));
    // The other implementation: the streaming features' own windows, pushed 3 000 samples at a time.
    const live = await OwwStreamingFeatures.create(backbone);
    const inputs: Float32Array[] = [];
    for (let start = 0; start < audio.length; start += 3000) inputs.push(...(await live.push(audio.subarray(start, start + 3000))));
    expect(inputs.length).toBe(steps.steps);
    let max = 0;
    inputs.forEach((input, i) => {
      const mine = stepInput(steps, i);
      for (let k = 0; k < input.length; k += 1) max = Math.max(max, Math.abs((input[k] as number) - (mine[k] as number)));
    });
    expect(max).toBeLessThan(1e-5);
    expect(() => stepInput(steps, steps.steps)).toThrow(RangeError);
  });

  it('embeds a recording once and then reads it from the cache', async () => {
    const cache = new OwwEmbeddingCache(dir, backbone.hash);
    let loads = 0;
    const load = async (): Promise<Float32Array> => {
      loads += 1;
      return audio;
    };
    const first = await cachedRecordingSteps(cache, 'k1', backbone, load);
    const second = await cachedRecordingSteps(cache, 'k1', backbone, load);
    expect(loads).toBe(1);
    expect(second?.steps).toBe(first?.steps);
    expect(Array.from(second?.rows.subarray(-96) ?? [])).toEqual(Array.from(first?.rows.subarray(-96) ?? []));
    expect(await cachedRecordingSteps(cache, 'k2', backbone, async () => null)).toBeNull();
  });
});
