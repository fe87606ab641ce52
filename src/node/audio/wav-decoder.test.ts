import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from './decoded-audio';
import { decodeWav, pcm16MonoView } from './wav-decoder';

interface WavSpec {
  readonly code: number;
  readonly bits: number;
  readonly channels: number;
  readonly rate: number;
  readonly extensible?: boolean;
  /** Extra chunk (odd-sized, to check padding) before "fmt ". */
  readonly junk?: boolean;
}

/** Encodes interleaved integer/float codes into a WAV file the way common tools lay it out. */
function buildWav(spec: WavSpec, write: (view: DataView, offset: number, frame: number, channel: number) => void, frames: number): Uint8Array {
  const bytesPer = spec.bits / 8;
  const dataSize = frames * spec.channels * bytesPer;
  const fmtSize = spec.extensible ? 40 : 16;
  const junkSize = spec.junk ? 8 + 3 + 1 : 0;
  const total = 12 + junkSize + 8 + fmtSize + 8 + dataSize + (dataSize % 2);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, s: string): void => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  text(8, 'WAVE');
  let o = 12;
  if (spec.junk) {
    text(o, 'LIST');
    view.setUint32(o + 4, 3, true);
    o += 12;
  }
  text(o, 'fmt ');
  view.setUint32(o + 4, fmtSize, true);
  view.setUint16(o + 8, spec.extensible ? 0xfffe : spec.code, true);
  view.setUint16(o + 10, spec.channels, true);
  view.setUint32(o + 12, spec.rate, true);
  view.setUint32(o + 16, spec.rate * spec.channels * bytesPer, true);
  view.setUint16(o + 20, spec.channels * bytesPer, true);
  view.setUint16(o + 22, spec.bits, true);
  if (spec.extensible) {
    view.setUint16(o + 24, 22, true);
    view.setUint16(o + 26, spec.bits, true);
    view.setUint32(o + 28, spec.channels === 2 ? 3 : 4, true);
    view.setUint16(o + 32, spec.code, true);
    // Rest of KSDATAFORMAT_SUBTYPE GUID: 00000000-0010-8000-00aa00389b71.
    [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71].forEach((b, i) => view.setUint8(o + 34 + i, b));
  }
  o += 8 + fmtSize;
  text(o, 'data');
  view.setUint32(o + 4, dataSize, true);
  o += 8;
  for (let f = 0; f < frames; f += 1) {
    for (let c = 0; c < spec.channels; c += 1) write(view, o + (f * spec.channels + c) * bytesPer, f, c);
  }
  return bytes;
}

/** A ramp from -1 towards 1 per channel, channel 1 negated, so channel order and scaling are both checked. */
function expected(frame: number, channel: number, frames: number): number {
  const v = -1 + (2 * frame) / frames;
  return channel === 0 ? v : -v;
}

const FRAMES = 64;
const cases: readonly (readonly [string, WavSpec, (view: DataView, offset: number, value: number) => void, number])[] = [
  ['PCM 8-bit', { code: 1, bits: 8, channels: 2, rate: 8000 }, (v, o, x) => v.setUint8(o, Math.round(x * 128) + 128 > 255 ? 255 : Math.round(x * 128) + 128), 1 / 128],
  ['PCM 16-bit', { code: 1, bits: 16, channels: 2, rate: 16000 }, (v, o, x) => v.setInt16(o, Math.max(-32768, Math.min(32767, Math.round(x * 32768))), true), 1 / 32768],
  [
    'PCM 24-bit',
    { code: 1, bits: 24, channels: 2, rate: 48000 },
    (v, o, x) => {
      const i = Math.max(-8388608, Math.min(8388607, Math.round(x * 8388608)));
      v.setUint8(o, i & 0xff);
      v.setUint8(o + 1, (i >> 8) & 0xff);
      v.setUint8(o + 2, (i >> 16) & 0xff);
    },
    1 / 8388608,
  ],
  ['PCM 32-bit', { code: 1, bits: 32, channels: 2, rate: 44100 }, (v, o, x) => v.setInt32(o, Math.max(-2147483648, Math.min(2147483647, Math.round(x * 2147483648))), true), 1e-9],
  ['float 32', { code: 3, bits: 32, channels: 2, rate: 22050 }, (v, o, x) => v.setFloat32(o, x, true), 1e-7],
  ['float 64', { code: 3, bits: 64, channels: 2, rate: 32000 }, (v, o, x) => v.setFloat64(o, x, true), 1e-7],
  ['EXTENSIBLE PCM 16-bit', { code: 1, bits: 16, channels: 2, rate: 16000, extensible: true }, (v, o, x) => v.setInt16(o, Math.max(-32768, Math.min(32767, Math.round(x * 32768))), true), 1 / 32768],
  ['EXTENSIBLE float 32 after an odd chunk', { code: 3, bits: 32, channels: 2, rate: 16000, extensible: true, junk: true }, (v, o, x) => v.setFloat32(o, x, true), 1e-7],
];

describe('decodeWav', () => {
  it.each(cases)('%s, stereo', (_name, spec, writeSample, tolerance) => {
    const bytes = buildWav(spec, (view, offset, f, c) => writeSample(view, offset, expected(f, c, FRAMES)), FRAMES);
    const decoded = decodeWav(bytes, 'x.wav');
    expect(decoded.sampleRate).toBe(spec.rate);
    expect(decoded.channels.length).toBe(2);
    for (let c = 0; c < 2; c += 1) {
      const channel = decoded.channels[c] as Float32Array;
      expect(channel.length).toBe(FRAMES);
      for (let f = 0; f < FRAMES; f += 1) expect(Math.abs((channel[f] as number) - expected(f, c, FRAMES))).toBeLessThanOrEqual(tolerance + 1e-7);
    }
  });

  it('maps int16 full scale to exactly -1 and decodes a mono file at an odd byte offset', () => {
    const bytes = buildWav({ code: 1, bits: 16, channels: 1, rate: 16000 }, (v, o, f) => v.setInt16(o, f === 0 ? -32768 : 16384, true), 3);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeWav(shifted.subarray(1), 'mono.wav');
    expect(Array.from(decoded.channels[0] as Float32Array)).toEqual([-1, 0.5, 0.5]);
  });

  it('decodes 16-bit PCM to the same floats whether the samples are aligned (Int16Array) or not (DataView)', () => {
    const values = [-32768, -1, 0, 1, 12345, 32767];
    for (const channels of [1, 2]) {
      const bytes = buildWav({ code: 1, bits: 16, channels, rate: 16000 }, (v, o, f, c) => v.setInt16(o, values[(f + c) % values.length] as number, true), 9);
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      const aligned = decodeWav(bytes, 'aligned.wav');
      const odd = decodeWav(shifted.subarray(1), 'odd.wav');
      expect(aligned.channels).toEqual(odd.channels);
      expect(Array.from(aligned.channels[channels - 1] as Float32Array).slice(0, 3)).toEqual(values.slice(channels - 1, channels + 2).map((v) => v / 32768));
    }
  });

  it('hands a mono 16-bit WAV over as an Int16Array of its own bytes, and nothing else', () => {
    const mono = buildWav({ code: 1, bits: 16, channels: 1, rate: 16000 }, (v, o, f) => v.setInt16(o, f * 1000 - 4000, true), 9);
    const view = pcm16MonoView(mono, 'mono.wav');
    expect(view?.sampleRate).toBe(16000);
    expect(view?.samples.buffer).toBe(mono.buffer);
    expect(Float32Array.from(view?.samples ?? [], (v) => v / 32768)).toEqual(decodeWav(mono, 'mono.wav').channels[0]);
    const shifted = new Uint8Array(mono.length + 1);
    shifted.set(mono, 1);
    expect(pcm16MonoView(shifted.subarray(1), 'odd.wav')).toBeNull();
    expect(pcm16MonoView(buildWav({ code: 1, bits: 16, channels: 2, rate: 16000 }, () => undefined, 4), 'stereo.wav')).toBeNull();
    expect(pcm16MonoView(buildWav({ code: 1, bits: 24, channels: 1, rate: 16000 }, () => undefined, 4), '24.wav')).toBeNull();
    expect(pcm16MonoView(mono.subarray(0, 20), 'cut.wav')).toBeNull();
    expect(pcm16MonoView(new TextEncoder().encode('not a wav file at all'), 'text.wav')).toBeNull();
  });

  it('decodes µ-law and A-law', () => {
    const mu = decodeWav(buildWav({ code: 7, bits: 8, channels: 1, rate: 8000 }, (v, o, f) => v.setUint8(o, [0xff, 0x80, 0x00][f] ?? 0), 3), 'mu.wav');
    expect(mu.channels[0]?.[0]).toBe(0);
    expect(mu.channels[0]?.[1]).toBeCloseTo(32124 / 32768, 6);
    expect(mu.channels[0]?.[2]).toBeCloseTo(-32124 / 32768, 6);
    const a = decodeWav(buildWav({ code: 6, bits: 8, channels: 1, rate: 8000 }, (v, o, f) => v.setUint8(o, [0xd5, 0xaa][f] ?? 0), 2), 'a.wav');
    expect(a.channels[0]?.[0]).toBeCloseTo(8 / 32768, 6);
    expect(a.channels[0]?.[1]).toBeCloseTo(32256 / 32768, 6);
  });

  it('reads a data chunk whose size was never filled in (streaming recorders)', () => {
    const bytes = buildWav({ code: 1, bits: 16, channels: 1, rate: 16000 }, (v, o) => v.setInt16(o, 100, true), 10);
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    expect(decodeWav(bytes, 'stream.wav').channels[0]?.length).toBe(10);
  });

  it.each([
    ['garbage', new TextEncoder().encode('this is not audio at all'), 'bad.wav: not a WAV file (RIFF header missing)'],
    ['tiny', new Uint8Array(4), 'bad.wav: not a WAV file (only 4 bytes)'],
    ['RIFF but not WAVE', new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000AVI LIST'), 'bad.wav: not a WAV file (RIFF type is not WAVE)'],
  ])('refuses %s with a message naming the file', (_name, bytes, message) => {
    expect(() => decodeWav(bytes, 'bad.wav')).toThrow(new AudioDecodeError('bad.wav', message.slice('bad.wav: '.length)));
  });

  it('names missing chunks, unsupported encodings and empty data', () => {
    const good = buildWav({ code: 1, bits: 16, channels: 1, rate: 16000 }, (v, o) => v.setInt16(o, 1, true), 4);
    expect(() => decodeWav(good.subarray(0, 36), 'cut.wav')).toThrow('cut.wav: WAV file has no "data" chunk');
    expect(() => decodeWav(good.subarray(0, 12), 'cut.wav')).toThrow('cut.wav: WAV file has no "fmt " chunk');
    const adpcm = buildWav({ code: 2, bits: 16, channels: 1, rate: 16000 }, () => undefined, 4);
    expect(() => decodeWav(adpcm, 'adpcm.wav')).toThrow('adpcm.wav: unsupported WAV encoding (format 0x2, 16-bit)');
    const empty = buildWav({ code: 1, bits: 16, channels: 1, rate: 16000 }, () => undefined, 0);
    expect(() => decodeWav(empty, 'empty.wav')).toThrow('empty.wav: WAV file holds no samples');
  });
});
