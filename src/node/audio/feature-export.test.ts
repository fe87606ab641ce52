import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FRONT_END } from '../../shared/core/audio/front-end-config';
import { encodeNpy } from '../../shared/core/audio/npy';
import { encodeWavPcm16 } from '../../shared/core/audio/pcm16-wav';
import { createRng } from '../../shared/core/audio/rng';
import { loadMonoClip } from './decode-audio';
import { exportFeatures } from './feature-export';
import { createLogMelFrontEnd } from './log-mel-simd';

const FIXTURES = path.join(__dirname, '../../../tests/fixtures/audio');

/**
 * What the export wrote before it reused buffers and pipelined reads and writes: one clip at a time, with a
 * fresh front end of the same engine (log-mel-simd.test.ts compares the engines).
 */
async function referenceNpy(file: string): Promise<Uint8Array> {
  const extractor = createLogMelFrontEnd(DEFAULT_FRONT_END);
  const features = extractor.compute(await loadMonoClip(file, DEFAULT_FRONT_END.sampleRate));
  return encodeNpy(features, [features.length / DEFAULT_FRONT_END.nMels, DEFAULT_FRONT_END.nMels]);
}

describe('exportFeatures', () => {
  let input: string;
  const rng = createRng(7);
  const noise = (rate: number, seconds: number): Float32Array => Float32Array.from({ length: Math.round(rate * seconds) }, () => rng.normal() * 0.2);

  beforeAll(() => {
    input = mkdtempSync(path.join(tmpdir(), 'wakeword-feature-export-'));
    mkdirSync(path.join(input, 'a', 'deep'), { recursive: true });
    mkdirSync(path.join(input, 'b'), { recursive: true });
    // Long, then shorter, then longer again: the two output buffers are reused at other sizes.
    writeFileSync(path.join(input, 'a', '1-long.wav'), encodeWavPcm16(noise(16000, 3.1), 16000));
    writeFileSync(path.join(input, 'a', '2-short.wav'), encodeWavPcm16(noise(16000, 0.4), 16000));
    writeFileSync(path.join(input, 'a', '3-tiny.wav'), encodeWavPcm16(noise(16000, 0.005), 16000));
    writeFileSync(path.join(input, 'a', 'deep', '4-44k.wav'), encodeWavPcm16(noise(44100, 1.3), 44100));
    writeFileSync(path.join(input, 'a', '5-broken.wav'), 'RIFF....WAVEnot really');
    copyFileSync(path.join(FIXTURES, 'tone-440hz-44k1-stereo.flac'), path.join(input, 'b', '6-tone.flac'));
    writeFileSync(path.join(input, 'b', '7-mid.wav'), encodeWavPcm16(noise(16000, 1.7), 16000));
    writeFileSync(path.join(input, 'b', '7-mid.flac'), readFileSync(path.join(FIXTURES, 'tone-440hz-44k1-stereo.flac')));
  });

  it('writes byte for byte what one-clip-at-a-time extraction wrote, reporting every file in order', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'wakeword-feature-export-out-'));
    const reports: [string, number | null][] = [];
    const result = await exportFeatures({ input, outDir: out, frontEnd: DEFAULT_FRONT_END, onFile: (file, frames) => reports.push([file, frames]) });

    expect(reports.map(([file]) => file)).toEqual(['a/1-long.wav', 'a/2-short.wav', 'a/3-tiny.wav', 'a/5-broken.wav', 'a/deep/4-44k.wav', 'b/6-tone.flac', 'b/7-mid.flac', 'b/7-mid.wav']);
    expect(result.written).toEqual(['a/1-long.npy', 'a/2-short.npy', 'a/deep/4-44k.npy', 'b/6-tone.npy', 'b/7-mid.npy']);
    expect(result.failures.map((failure) => failure.file)).toEqual(['a/3-tiny.wav', 'a/5-broken.wav', 'b/7-mid.wav']);
    expect(result.failures[0]?.message).toMatch(/too short for features/);
    expect(result.failures[2]?.message).toBe('b/7-mid.wav: skipped, b/7-mid.flac already maps to b/7-mid.npy');

    for (const [file, frames] of reports) {
      const npy = path.join(out, file.replace(/\.\w+$/, '.npy'));
      if (frames === null) {
        if (file !== 'b/7-mid.wav') expect(existsSync(npy)).toBe(false);
        continue;
      }
      const expected = await referenceNpy(path.join(input, file));
      expect(Buffer.from(readFileSync(npy)).equals(Buffer.from(expected)), file).toBe(true);
      expect(expected.length).toBe(128 + frames * DEFAULT_FRONT_END.nMels * 4);
    }
    // No temporary files are left beside the results.
    const leftovers = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? leftovers(path.join(dir, entry.name)) : entry.name.startsWith('.') ? [entry.name] : []));
    expect(leftovers(out)).toEqual([]);
  });

  it('replaces the files of an earlier export with the same bytes', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'wakeword-feature-export-again-'));
    await exportFeatures({ input, outDir: out, frontEnd: DEFAULT_FRONT_END });
    const first = readFileSync(path.join(out, 'a', '1-long.npy'));
    const again = await exportFeatures({ input, outDir: out, frontEnd: DEFAULT_FRONT_END });
    expect(again.written).toHaveLength(5);
    expect(readFileSync(path.join(out, 'a', '1-long.npy')).equals(first)).toBe(true);
  });

  it('reports a file it cannot write and goes on with the others', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'wakeword-feature-export-blocked-'));
    // A folder where a.npy's parent should be: that one write fails.
    writeFileSync(path.join(out, 'a'), 'a file, not a folder');
    const result = await exportFeatures({ input, outDir: out, frontEnd: DEFAULT_FRONT_END });
    expect(result.written).toEqual(['b/6-tone.npy', 'b/7-mid.npy']);
    expect(result.failures.map((failure) => failure.file)).toEqual(['a/1-long.wav', 'a/2-short.wav', 'a/3-tiny.wav', 'a/5-broken.wav', 'a/deep/4-44k.wav', 'b/7-mid.wav']);
    expect(result.failures[0]?.message).toMatch(/ENOTDIR|EEXIST/);
  });
});
