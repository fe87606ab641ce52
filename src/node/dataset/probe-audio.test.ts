import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mp3Bytes, wavBytes, type WavSpec } from '../../../tests/fixtures/dataset/audio-bytes';
import { PROBE_HEAD_BYTES, probeAudio } from '../../shared/core/dataset/formats/probe-audio';
import { runProbeOnBytes, type ProbeOutcome } from '../../shared/core/dataset/formats/probe-types';

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/dataset');

/** Probes like the scanner does: only the head is handed over, the rest must be requested. */
function probe(bytes: Uint8Array, extension = 'wav'): ProbeOutcome {
  return runProbeOnBytes(probeAudio({ head: bytes.subarray(0, PROBE_HEAD_BYTES), size: bytes.length }, extension), bytes);
}

function info(bytes: Uint8Array, extension = 'wav') {
  const outcome = probe(bytes, extension);
  if (!outcome.ok) throw new Error(`expected a valid file, got: ${outcome.reason}`);
  return outcome;
}

function reason(bytes: Uint8Array, extension = 'wav'): string {
  const outcome = probe(bytes, extension);
  if (outcome.ok) throw new Error('expected an invalid file');
  return outcome.reason;
}

function setU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
}

describe('WAV variants', () => {
  const variants: readonly (WavSpec & { name: string })[] = [
    { name: 'PCM 8-bit', bits: 8 },
    { name: 'PCM 16-bit', bits: 16 },
    { name: 'PCM 24-bit', bits: 24 },
    { name: 'PCM 32-bit', bits: 32 },
    { name: 'float32', codec: 'float', bits: 32 },
    { name: 'float64', codec: 'float', bits: 64 },
    { name: 'extensible PCM 24-bit stereo', bits: 24, channels: 2, extensible: true },
    { name: 'extensible float32', codec: 'float', bits: 32, extensible: true },
  ];
  for (const variant of variants) {
    it(`reads ${variant.name}`, () => {
      const result = info(wavBytes({ ...variant, sampleRate: 16000, frames: 8000 }));
      expect(result.info).toEqual({
        format: 'wav',
        codec: variant.codec ?? 'pcm',
        sampleRate: 16000,
        channels: variant.channels ?? 1,
        bitDepth: variant.bits,
        durationSeconds: 0.5,
      });
      expect(result.warnings).toEqual([]);
    });
  }

  it.each([8000, 11025, 22050, 44100, 48000, 96000])('reads any sample rate (%i Hz)', (rate) => {
    const result = info(wavBytes({ sampleRate: rate, frames: rate * 2, channels: 2 }));
    expect(result.info.sampleRate).toBe(rate);
    expect(result.info.durationSeconds).toBe(2);
  });

  it('skips chunks before fmt, even ones larger than the first read', () => {
    const bytes = wavBytes({ leadingChunks: [{ id: 'LIST', body: new Uint8Array(10_001) }], frames: 1600 });
    expect(bytes.length).toBeGreaterThan(PROBE_HEAD_BYTES * 2);
    expect(info(bytes).info.durationSeconds).toBeCloseTo(0.1, 10);
  });

  it('accepts a streamed recording whose data size was never filled in, with a warning', () => {
    const result = info(wavBytes({ frames: 16000, declaredDataSize: 0xffffffff }));
    expect(result.info.durationSeconds).toBe(1);
    expect(result.warnings.join()).toContain('never filled in');
  });
});

describe('corrupt or unusable WAV files', () => {
  const good = wavBytes({ frames: 1600 });

  it('names each problem', () => {
    expect(reason(new Uint8Array(0))).toBe('zero-length file');
    expect(reason(new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2]))).toBe('file too short to be a WAV file (6 bytes)');
    expect(reason(new Uint8Array(6).fill(1))).toBe('not a WAV file (RIFF header missing)');
    expect(reason(new TextEncoder().encode('<html>not audio at all</html>'))).toBe('not a WAV file (RIFF header missing)');
    expect(reason(new Uint8Array(4096))).toBe('file contains only zero bytes (it was never written)');
    const avi = good.slice();
    avi.set([0x41, 0x56, 0x49, 0x20], 8);
    expect(reason(avi)).toBe('not a WAV file (RIFF type is "AVI ", not "WAVE")');
    const rifx = good.slice();
    rifx.set([0x52, 0x49, 0x46, 0x58], 0);
    expect(reason(rifx)).toContain('big-endian WAV (RIFX)');
  });

  it('reports a truncated data chunk', () => {
    expect(reason(good.subarray(0, good.length - 1000))).toBe('truncated data chunk (header says 3,200 bytes of audio, only 2,200 bytes present)');
  });

  it('reports missing chunks and a header cut short', () => {
    expect(reason(good.subarray(0, 12))).toBe('no fmt or data chunk (the file is damaged or truncated)');
    expect(reason(good.subarray(0, 30))).toBe('fmt chunk too short (10 bytes, need 16)');
    expect(reason(good.subarray(0, 36))).toBe('no data chunk (the file has no audio; it may be truncated)');
    expect(reason(wavBytes({ frames: 0 }))).toBe('no audio (the data chunk is empty)');
  });

  it('reports damaged chunk headers', () => {
    const damaged = good.slice();
    damaged.set([0x00, 0xff, 0x13, 0x07], 12);
    expect(reason(damaged)).toBe('corrupt chunk header at byte 12 (the file is damaged)');
  });

  it('reports unsupported codecs and bit depths', () => {
    expect(reason(wavBytes({ formatTag: 7, bits: 8 }))).toBe('unsupported codec (µ-law, format 0x0007): convert it to PCM WAV');
    expect(reason(wavBytes({ formatTag: 0x11, bits: 8 }))).toContain('IMA ADPCM');
    expect(reason(wavBytes({ formatTag: 0x55, bits: 8, extensible: true }))).toContain('MP3');
    expect(reason(wavBytes({ bits: 12 as number, blockAlign: 2 }))).toBe('unsupported PCM bit depth 12 (8, 16, 24 or 32 are supported)');
    expect(reason(wavBytes({ codec: 'float', bits: 16 }))).toBe('unsupported float bit depth 16 (32 or 64 are supported)');
  });

  it('reports impossible fmt values', () => {
    expect(reason(setU32(good, 24, 0))).toBe('fmt chunk says the sample rate is 0 Hz');
    const noChannels = good.slice();
    noChannels.set([0, 0], 22);
    expect(reason(noChannels)).toBe('fmt chunk says the file has 0 channels');
  });

  it('insists the name matches the content', () => {
    expect(reason(mp3Bytes(), 'wav')).toBe('content is MP3 but the name ends in .wav: rename it to .mp3');
    expect(reason(good, 'flac')).toBe('content is WAV but the name ends in .flac: rename it to .wav');
  });
});

describe('FLAC, Ogg and MP3', () => {
  it('reads a FLAC file made by sox', () => {
    const result = info(readFileSync(path.join(FIXTURES, 'tone-16k-mono.flac')), 'flac');
    expect(result.info).toEqual({ format: 'flac', codec: 'flac', sampleRate: 16000, channels: 1, bitDepth: 16, durationSeconds: 0.5 });
  });

  it('reads an Ogg Vorbis file made by sox (pink noise), duration from the last granule', () => {
    const result = info(readFileSync(path.join(FIXTURES, 'noise-22k-stereo.ogg')), 'ogg');
    expect(result.info).toMatchObject({ format: 'ogg', codec: 'vorbis', sampleRate: 22050, channels: 2, bitDepth: null });
    expect(result.info.durationSeconds).toBeCloseTo(0.75, 3);
  });

  it('rejects damaged FLAC and Ogg files', () => {
    const flac = readFileSync(path.join(FIXTURES, 'tone-16k-mono.flac'));
    expect(reason(flac.subarray(0, 20), 'flac')).toBe('truncated FLAC file (STREAMINFO block incomplete)');
    expect(reason(flac.subarray(0, 42), 'flac')).toBe('FLAC file has no audio frames (truncated after the header)');
    expect(reason(new TextEncoder().encode('hello world'), 'flac')).toBe('not a FLAC file ("fLaC" marker missing)');
    expect(reason(new TextEncoder().encode('not ogg'), 'ogg')).toBe('not an Ogg file ("OggS" marker missing)');
    const ogg = readFileSync(path.join(FIXTURES, 'noise-22k-stereo.ogg'));
    const speex = Uint8Array.from(ogg);
    speex.set(new TextEncoder().encode('Speex   '), 28);
    expect(reason(speex, 'ogg')).toContain('Speex');
  });

  it('warns about an Ogg file cut short but keeps it', () => {
    const ogg = readFileSync(path.join(FIXTURES, 'noise-22k-stereo.ogg'));
    const result = info(ogg.subarray(0, ogg.length - 100), 'ogg');
    expect(result.warnings.join()).toContain('incomplete');
    expect(result.info.durationSeconds).toBeGreaterThan(0);
    expect(result.info.durationSeconds).toBeLessThan(0.75);
    expect(reason(ogg.subarray(0, 3693 + 100), 'ogg')).toBe('truncated Ogg file (no complete audio page)');
  });

  it('estimates a constant-bitrate MP3 from its size, skipping ID3 tags', () => {
    const result = info(mp3Bytes({ frames: 100, id3v2Bytes: 5000, id3v1: true }), 'mp3');
    expect(result.info).toMatchObject({ format: 'mp3', codec: 'mp3', sampleRate: 44100, channels: 2, bitDepth: null });
    expect(result.info.durationSeconds).toBeCloseTo((100 * 417 * 8) / 128000, 6);
  });

  it('takes the MP3 length from a Xing header', () => {
    const result = info(mp3Bytes({ frames: 10, xingFrames: 500 }), 'mp3');
    expect(result.info.durationSeconds).toBeCloseTo((500 * 1152) / 44100, 6);
  });

  it('rejects MP3 files without frames', () => {
    expect(reason(new TextEncoder().encode('ID3 but nothing else'), 'mp3')).toBe('not an MP3 file (no MPEG audio frames found)');
    // A lone sync-like pattern in junk is not a stream.
    const junk = new Uint8Array(2000).fill(0x20);
    junk.set([0xff, 0xfb, 0x90, 0x44], 100);
    expect(reason(junk, 'mp3')).toBe('not an MP3 file (no MPEG audio frames found)');
  });

  it('rejects names that are not audio', () => {
    expect(reason(wavBytes(), 'txt')).toBe('not an audio file name (.txt); use .wav, .flac, .mp3 or .ogg');
  });
});
