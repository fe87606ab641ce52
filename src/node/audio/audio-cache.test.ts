import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClipLoader, DecodedAudioCache } from './audio-cache';

function fakeLoader(samples: number): { load: ClipLoader; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    load: async (file) => {
      calls.push(file);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (file.includes('bad')) throw new Error(`${file}: not a WAV file (RIFF header missing)`);
      return new Float32Array(samples).fill(file.length);
    },
  };
}

describe('DecodedAudioCache', () => {
  it('decodes each file once and shares concurrent requests', async () => {
    const { load, calls } = fakeLoader(100);
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 1_000_000, load });
    const [a, b] = await Promise.all([cache.get('a.wav'), cache.get('a.wav')]);
    expect(a).toBe(b);
    await cache.get('a.wav');
    expect(calls).toEqual(['a.wav']);
    expect(cache.stats()).toEqual({ entries: 1, bytes: 400, hits: 2, misses: 1, evictions: 0 });
  });

  it('evicts the least recently used clips to stay within the budget', async () => {
    const { load, calls } = fakeLoader(100);
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 1000, load });
    await cache.get('a.wav');
    await cache.get('b.wav');
    await cache.get('a.wav');
    await cache.get('c.wav');
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(cache.stats().evictions).toBe(1);
    await cache.get('a.wav');
    await cache.get('b.wav');
    expect(calls).toEqual(['a.wav', 'b.wav', 'c.wav', 'b.wav']);
  });

  it('does not cache failures or clips larger than the whole budget', async () => {
    const { load, calls } = fakeLoader(1000);
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 100, load });
    await expect(cache.get('bad.wav')).rejects.toThrow('bad.wav: not a WAV file');
    await expect(cache.get('bad.wav')).rejects.toThrow('bad.wav');
    await cache.get('big.wav');
    expect(cache.stats().entries).toBe(0);
    expect(calls).toEqual(['bad.wav', 'bad.wav', 'big.wav']);
  });

  it('loads real files through decode, mono and resampling by default', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wakeword-cache-'));
    const file = path.join(dir, 'corrupt.wav');
    writeFileSync(file, 'this is not a wav file');
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 1_000_000 });
    await expect(cache.get(file, 'positive/corrupt.wav')).rejects.toThrow('positive/corrupt.wav: not a WAV file (RIFF header missing)');
    const flac = await cache.get(path.join(__dirname, '../../../tests/fixtures/audio/tone-440hz-44k1-stereo.flac'));
    expect(flac.length).toBe(4000);
  });
});
