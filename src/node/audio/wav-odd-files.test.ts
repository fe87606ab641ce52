/**
 * The WAV readers (decoder, 16-bit reader, scan probe and its fast path, all over riff.ts) against an
 * independent implementation: sox writes the files, and sox's own decode (`-t raw -e floating-point`) and
 * header report (soxi) are the expected values. The odd layouts sox does not write (a LIST chunk before fmt
 * with an odd size and its pad byte, a file cut off inside its data chunk) are made by splicing sox's files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPcm16Wav } from '../../shared/core/audio/pcm16-wav';
import { runProbeOnBytes } from '../../shared/core/dataset/formats/probe-types';
import { probeWav } from '../../shared/core/dataset/formats/wav-header';
import { probeWavFast } from '../dataset/probe-wav-fast';
import { decodeWav } from './wav-decoder';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wav-odd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly channels: number;
  readonly bits: number;
  /** The format code sox puts in the fmt chunk (checked, so each case really covers its layout). */
  readonly tag: number;
  readonly codec: 'pcm' | 'float';
}

const CASES: readonly Case[] = [
  { name: 'PCM 8-bit unsigned mono', args: ['-b', '8', '-e', 'unsigned'], channels: 1, bits: 8, tag: 1, codec: 'pcm' },
  { name: 'PCM 16-bit stereo', args: ['-b', '16', '-e', 'signed'], channels: 2, bits: 16, tag: 1, codec: 'pcm' },
  { name: 'PCM 24-bit stereo (EXTENSIBLE)', args: ['-b', '24', '-e', 'signed'], channels: 2, bits: 24, tag: 0xfffe, codec: 'pcm' },
  { name: 'PCM 32-bit mono (EXTENSIBLE)', args: ['-b', '32', '-e', 'signed'], channels: 1, bits: 32, tag: 0xfffe, codec: 'pcm' },
  { name: 'PCM 16-bit, 3 channels (EXTENSIBLE)', args: ['-b', '16', '-e', 'signed'], channels: 3, bits: 16, tag: 0xfffe, codec: 'pcm' },
  { name: 'float 32 stereo (18-byte fmt, fact chunk)', args: ['-b', '32', '-e', 'floating-point'], channels: 2, bits: 32, tag: 3, codec: 'float' },
  { name: 'float 64 mono', args: ['-b', '64', '-e', 'floating-point'], channels: 1, bits: 64, tag: 3, codec: 'float' },
];

const RATE = 22050;

/** A sox-written sweep in the case's encoding. */
function soxFile(spec: Case): string {
  const file = path.join(dir, `${spec.name.replace(/[^a-z0-9]+/gi, '-')}.wav`);
  // -D: no dither, so the file is exactly what sox's encoder wrote; a sweep covers many sample values.
  execFileSync('sox', ['-D', '-n', '-r', String(RATE), '-c', String(spec.channels), ...spec.args, file, 'synth', '0.05', 'sine', '200:5000', 'gain', '-0.5']);
  return file;
}

/** sox's decode of a file: interleaved float32. */
function soxSamples(file: string): Float32Array {
  const raw = execFileSync('sox', ['-D', file, '-t', 'raw', '-e', 'floating-point', '-b', '32', '-L', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

/**
 * Both sides scale integers by 2^(bits-1), so up to 24 bits they agree exactly; sox holds every sample as a
 * 32-bit integer inside, so 32-bit integers and 64-bit floats may differ by one float32 step near full scale.
 */
function tolerance(spec: Case): number {
  return spec.bits >= 32 ? 6e-8 : 0;
}

function soxi(file: string, flag: string): number {
  return Number(execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim());
}

function interleave(channels: readonly Float32Array[]): Float32Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Float32Array(frames * channels.length);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels.length; c++) out[i * channels.length + c] = (channels[c] as Float32Array)[i] as number;
  return out;
}

/** Inserts an odd-sized LIST chunk (with its pad byte) right after "WAVE", before fmt. */
function withListBeforeFmt(bytes: Uint8Array): Uint8Array {
  const body = new TextEncoder().encode('INFOISFT\u0005\u0000\u0000\u0000odd!\u0000');
  expect(body.length % 2).toBe(1);
  const chunk = new Uint8Array(8 + body.length + 1);
  chunk.set(new TextEncoder().encode('LIST'));
  new DataView(chunk.buffer).setUint32(4, body.length, true);
  chunk.set(body, 8);
  const out = new Uint8Array(bytes.length + chunk.length);
  out.set(bytes.subarray(0, 12));
  out.set(chunk, 12);
  out.set(bytes.subarray(12), 12 + chunk.length);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

/** The same chunks with `data` moved in front of every other chunk (legal RIFF; some tools write it). */
function withDataFirst(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Uint8Array[] = [];
  let data: Uint8Array | null = null;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + 8 + size + (size % 2)));
    if (String.fromCharCode(...chunk.subarray(0, 4)) === 'data') data = chunk;
    else chunks.push(chunk);
    offset += chunk.length;
  }
  expect(data).not.toBeNull();
  const out = new Uint8Array(bytes.length);
  out.set(bytes.subarray(0, 12));
  let at = 12;
  for (const chunk of [data as Uint8Array, ...chunks]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe.each(CASES)('$name', (spec) => {
  const file = soxFile(spec);
  const bytes = new Uint8Array(readFileSync(file));
  const frames = soxi(file, '-s');

  it('has the layout the case is about', () => {
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint16(20, true)).toBe(spec.tag);
  });

  it("decodes to sox's own samples", () => {
    const decoded = decodeWav(bytes, 'x.wav');
    expect(decoded.sampleRate).toBe(RATE);
    expect(decoded.channels).toHaveLength(spec.channels);
    expect(decoded.channels[0]).toHaveLength(frames);
    expect(maxAbsDiff(interleave(decoded.channels), soxSamples(file))).toBeLessThanOrEqual(tolerance(spec));
  });

  it('probes to what soxi reports, on the general path and the fast path', () => {
    const expected = { format: 'wav', codec: spec.codec, sampleRate: soxi(file, '-r'), channels: soxi(file, '-c'), bitDepth: soxi(file, '-b'), durationSeconds: frames / RATE };
    expect(runProbeOnBytes(probeWav({ head: bytes.subarray(0, 64), size: bytes.length }), bytes)).toEqual({ ok: true, info: expected, warnings: [] });
    expect(probeWavFast(bytes, bytes.length, bytes.length)).toEqual(expected);
  });

  it('reads it the same behind an odd-sized LIST chunk before fmt', () => {
    const spliced = withListBeforeFmt(bytes);
    const splicedFile = write(`list-${path.basename(file)}`, spliced);
    // sox agrees the spliced file holds the same audio, so the splice itself is a valid WAV.
    expect(maxAbsDiff(soxSamples(splicedFile), soxSamples(file))).toBe(0);
    expect(maxAbsDiff(interleave(decodeWav(spliced, 'list.wav').channels), soxSamples(splicedFile))).toBeLessThanOrEqual(tolerance(spec));
    // A 20-byte head ends inside the LIST chunk: the general probe reads on, the fast path leaves it to it.
    const probed = runProbeOnBytes(probeWav({ head: spliced.subarray(0, 20), size: spliced.length }), spliced);
    expect(probed).toMatchObject({ ok: true, info: { sampleRate: RATE, channels: spec.channels, bitDepth: spec.bits } });
    expect(probeWavFast(spliced, 20, spliced.length)).toBeNull();
    expect(probeWavFast(spliced, spliced.length, spliced.length)).toEqual(probed.ok ? probed.info : null);
  });

  it('finds fmt after the data chunk', () => {
    const reordered = withDataFirst(bytes);
    expect(String.fromCharCode(...reordered.subarray(12, 16))).toBe('data');
    expect(maxAbsDiff(interleave(decodeWav(reordered, 'data-first.wav').channels), soxSamples(file))).toBeLessThanOrEqual(tolerance(spec));
    const probed = runProbeOnBytes(probeWav({ head: reordered.subarray(0, 64), size: reordered.length }), reordered);
    expect(probed).toMatchObject({ ok: true, info: { sampleRate: RATE, channels: spec.channels, bitDepth: spec.bits, durationSeconds: frames / RATE } });
  });

  it('decodes what a file cut off inside its data chunk holds, and the probe calls it truncated', () => {
    const frameBytes = spec.channels * (spec.bits / 8);
    // Cut 10 whole frames and a few bytes of the next: both sides keep only the whole frames.
    const cut = bytes.subarray(0, bytes.length - 10 * frameBytes - Math.max(1, frameBytes - 1));
    const cutFile = write(`cut-${path.basename(file)}`, cut);
    const reference = soxSamples(cutFile);
    const decoded = decodeWav(cut, 'cut.wav');
    expect(decoded.channels[0]?.length).toBe(reference.length / spec.channels);
    expect(maxAbsDiff(interleave(decoded.channels), reference)).toBeLessThanOrEqual(tolerance(spec));
    const probed = runProbeOnBytes(probeWav({ head: cut.subarray(0, 64), size: cut.length }), cut);
    expect(probed.ok).toBe(false);
    expect(probed.ok ? '' : probed.reason).toMatch(/^truncated data chunk \(header says [\d,]+ bytes of audio, only [\d,]+ bytes present\)$/);
    expect(probeWavFast(cut, cut.length, cut.length)).toBeNull();
  });
});

describe('readPcm16Wav on sox files', () => {
  it("reads channel 0 of 16-bit PCM, plain and EXTENSIBLE, as sox decodes it", () => {
    for (const channels of [1, 3]) {
      const file = soxFile({ name: `pcm16-${channels}ch`, args: ['-b', '16', '-e', 'signed'], channels, bits: 16, tag: 1, codec: 'pcm' });
      const reference = soxSamples(file).filter((_value, i) => i % channels === 0);
      const audio = readPcm16Wav(new Uint8Array(readFileSync(file)));
      expect(audio.sampleRate).toBe(RATE);
      expect(maxAbsDiff(audio.samples, reference)).toBe(0);
    }
  });

  it('refuses 24-bit with the format it found', () => {
    const file = soxFile({ name: 'pcm24-mono', args: ['-b', '24', '-e', 'signed'], channels: 1, bits: 24, tag: 0xfffe, codec: 'pcm' });
    expect(() => readPcm16Wav(new Uint8Array(readFileSync(file)))).toThrow('expected 16-bit PCM, got format 1 with 24 bits');
  });
});
