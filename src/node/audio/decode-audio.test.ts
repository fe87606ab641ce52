import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioBytes, decodeAudioFile, loadMonoClip, sniffFormat } from './decode-audio';

const FIXTURES = path.join(__dirname, '../../../tests/fixtures/audio');
const fixture = (name: string): string => path.join(FIXTURES, name);

/** The strongest frequency (1 Hz resolution search over 300..600 Hz) by single-bin DFT. */
function dominantFrequency(x: Float32Array, rate: number): number {
  let best = 0;
  let bestPower = -1;
  for (let f = 300; f <= 600; f += 1) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < x.length; n += 1) {
      re += (x[n] as number) * Math.cos((2 * Math.PI * f * n) / rate);
      im += (x[n] as number) * Math.sin((2 * Math.PI * f * n) / rate);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}

function peak(x: Float32Array): number {
  return x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('decodeAudioFile: compressed formats', () => {
  // Fixtures: sox (FLAC, Ogg Vorbis), lamejs (MP3) and opusscript (Opus) renderings of a 440 Hz sine at
  // -6 dBFS, 0.25 s (see tests/fixtures/audio/README.md).
  // mpg123 always outputs two channels, so the mono MP3 arrives as identical left/right.
  it.each([
    ['tone-440hz-44k1-stereo.flac', 'flac', 44100, 2],
    ['tone-440hz-22k05.ogg', 'ogg', 22050, 1],
    ['tone-440hz-44k1.mp3', 'mp3', 44100, 2],
    ['tone-440hz-48k.opus', 'opus', 48000, 1],
  ] as const)('%s decodes to a 440 Hz tone', async (name, format, rate, channels) => {
    const decoded = await decodeAudioFile(fixture(name));
    expect(decoded.format).toBe(format);
    expect(decoded.sampleRate).toBe(rate);
    expect(decoded.channels.length).toBe(channels);
    const first = decoded.channels[0] as Float32Array;
    expect(first.length).toBeGreaterThan(rate * 0.24);
    expect(first.length).toBeLessThan(rate * 0.3);
    expect(dominantFrequency(first, rate)).toBeGreaterThanOrEqual(438);
    expect(dominantFrequency(first, rate)).toBeLessThanOrEqual(442);
    expect(peak(first)).toBeGreaterThan(0.4);
    expect(peak(first)).toBeLessThan(0.6);
  });

  it('decodes several files concurrently without mixing them up', async () => {
    const results = await Promise.all(
      ['tone-440hz-44k1-stereo.flac', 'tone-440hz-22k05.ogg', 'tone-440hz-44k1.mp3', 'tone-440hz-44k1-stereo.flac'].map((name) => decodeAudioFile(fixture(name))),
    );
    expect(results.map((r) => r.format)).toEqual(['flac', 'ogg', 'mp3', 'flac']);
    expect(results[3]?.channels[0]).toEqual(results[0]?.channels[0]);
  });

  it('loads a mono 16 kHz clip from stereo 44.1 kHz FLAC', async () => {
    const clip = await loadMonoClip(fixture('tone-440hz-44k1-stereo.flac'), 16000);
    expect(clip.length).toBe(4000);
    expect(dominantFrequency(clip, 16000)).toBe(440);
    expect(peak(clip)).toBeGreaterThan(0.45);
  });
});

describe('decodeAudioFile: bad input names the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wakeword-decode-'));
  const write = (name: string, bytes: Uint8Array): string => {
    const target = path.join(dir, name);
    writeFileSync(target, bytes);
    return target;
  };

  it.each([
    ['clip_17.wav', new TextEncoder().encode('hello, not audio'), /clip_17\.wav: not a WAV file \(RIFF header missing\)/],
    ['noise.flac', new Uint8Array(2000).fill(7), /noise\.flac: not a valid FLAC file/],
    ['noise.mp3', new Uint8Array(2000).fill(7), /noise\.mp3: not a valid MP3 file/],
    ['noise.ogg', new Uint8Array(2000).fill(7), /noise\.ogg: not a valid Ogg Vorbis file/],
    ['noise.opus', new Uint8Array(2000).fill(7), /noise\.opus: not a valid Ogg Opus file/],
    ['empty.wav', new Uint8Array(0), /empty\.wav: file is empty/],
    ['notes.txt', new TextEncoder().encode('hello'), /notes\.txt: not a recognised audio file/],
  ])('%s', async (name, bytes, message) => {
    await expect(decodeAudioFile(write(name, bytes))).rejects.toThrow(message);
  });

  it('a truncated FLAC file is refused, not silently shortened to nothing', async () => {
    const whole = readFileSync(fixture('tone-440hz-44k1-stereo.flac'));
    await expect(decodeAudioFile(write('cut.flac', whole.subarray(0, 60)))).rejects.toThrow(/cut\.flac: .*FLAC/);
  });

  it('uses the display name and reports a missing file', async () => {
    await expect(decodeAudioFile(path.join(dir, 'nope.wav'), { displayName: 'positive/nope.wav' })).rejects.toThrow('positive/nope.wav: file not found');
  });

  it('tells Ogg Opus from Ogg Vorbis by the first packet, and refuses FLAC-in-Ogg with a hint', () => {
    const page = (marker: string): Uint8Array => {
      const bytes = new Uint8Array(64);
      bytes.set(new TextEncoder().encode('OggS'), 0);
      bytes.set(new TextEncoder().encode(marker), 28);
      return bytes;
    };
    expect(sniffFormat(page('OpusHead'), 'talk.ogg')).toBe('opus');
    expect(sniffFormat(page('\u0001vorbis'), 'talk.opus')).toBe('ogg');
    expect(() => sniffFormat(page('\u007fFLAC'), 'x.oga')).toThrow(/x\.oga: FLAC inside Ogg is not supported/);
  });

  it('trusts content over the extension', async () => {
    const flacBytes = readFileSync(fixture('tone-440hz-44k1-stereo.flac'));
    const decoded = await decodeAudioBytes(flacBytes, 'misnamed.wav');
    expect(decoded.format).toBe('flac');
  });
});
