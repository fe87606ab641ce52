/**
 * WAV decoding for every variant recorders and tools write: PCM 8/16/24/32-bit, IEEE float 32/64,
 * A-law/µ-law, WAVE_FORMAT_EXTENSIBLE, any channel count, odd-sized chunks (RIFF pads them to even).
 * Written here rather than using node-wav, which rejects EXTENSIBLE and misreads data at odd offsets.
 * Integers are scaled by 2^(bits-1) (torchaudio's convention), so int16 -32768 maps to exactly -1.
 */
import { AudioDecodeError, type DecodedAudio } from './decoded-audio';

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;

interface WavFormat {
  readonly code: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bitsPerSample: number;
}

function fourCc(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

export function isWav(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return fourCc(view, 0) === 'RIFF' && fourCc(view, 8) === 'WAVE';
}

function readFormat(view: DataView, offset: number, size: number, file: string): WavFormat {
  if (size < 16) throw new AudioDecodeError(file, `WAV "fmt " chunk is ${size} bytes, expected at least 16`);
  let code = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (code === FORMAT_EXTENSIBLE) {
    if (size < 40) throw new AudioDecodeError(file, `WAVE_FORMAT_EXTENSIBLE "fmt " chunk is ${size} bytes, expected 40`);
    // The sub-format GUID starts with the plain format code.
    code = view.getUint16(offset + 24, true);
  }
  if (channels < 1) throw new AudioDecodeError(file, 'WAV header says 0 channels');
  if (sampleRate < 1) throw new AudioDecodeError(file, 'WAV header says a sample rate of 0');
  return { code, channels, sampleRate, blockAlign, bitsPerSample };
}

type SampleReader = (view: DataView, offset: number) => number;

function alawToLinear(value: number): number {
  const a = value ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return (a & 0x80 ? magnitude : -magnitude) / 32768;
}

function mulawToLinear(value: number): number {
  const u = ~value & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << exponent;
  return (u & 0x80 ? 0x84 - magnitude : magnitude - 0x84) / 32768;
}

function sampleReader(format: WavFormat, file: string): { read: SampleReader; bytes: number } {
  const bits = format.bitsPerSample;
  const unsupported = (): AudioDecodeError =>
    new AudioDecodeError(file, `unsupported WAV encoding (format 0x${format.code.toString(16)}, ${bits}-bit)`);
  switch (format.code) {
    case FORMAT_PCM:
      if (bits === 8) return { bytes: 1, read: (v, o) => (v.getUint8(o) - 128) / 128 };
      if (bits === 16) return { bytes: 2, read: (v, o) => v.getInt16(o, true) / 32768 };
      if (bits === 24) {
        return { bytes: 3, read: (v, o) => ((v.getInt8(o + 2) << 16) | (v.getUint8(o + 1) << 8) | v.getUint8(o)) / 8388608 };
      }
      if (bits === 32) return { bytes: 4, read: (v, o) => v.getInt32(o, true) / 2147483648 };
      throw unsupported();
    case FORMAT_FLOAT:
      if (bits === 32) return { bytes: 4, read: (v, o) => v.getFloat32(o, true) };
      if (bits === 64) return { bytes: 8, read: (v, o) => v.getFloat64(o, true) };
      throw unsupported();
    case FORMAT_ALAW:
      if (bits === 8) return { bytes: 1, read: (v, o) => alawToLinear(v.getUint8(o)) };
      throw unsupported();
    case FORMAT_MULAW:
      if (bits === 8) return { bytes: 1, read: (v, o) => mulawToLinear(v.getUint8(o)) };
      throw unsupported();
    default:
      throw unsupported();
  }
}

/** Decodes a whole WAV file held in memory; `file` names it in errors. */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  if (bytes.length < 12) throw new AudioDecodeError(file, `not a WAV file (only ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (fourCc(view, 0) !== 'RIFF') throw new AudioDecodeError(file, 'not a WAV file (RIFF header missing)');
  if (fourCc(view, 8) !== 'WAVE') throw new AudioDecodeError(file, 'not a WAV file (RIFF type is not WAVE)');
  let format: WavFormat | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourCc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.length) throw new AudioDecodeError(file, 'WAV "fmt " chunk is cut off');
      format = readFormat(view, body, size, file);
    } else if (id === 'data') {
      if (!format) throw new AudioDecodeError(file, 'WAV "data" chunk comes before the "fmt " chunk');
      // Streaming recorders may leave the size unset (0 or 0xFFFFFFFF): take what the file holds.
      const available = bytes.length - body;
      const length = size === 0 || size > available ? available : size;
      return decodeSamples(view, body, length, format, file);
    }
    offset = body + size + (size % 2);
  }
  throw new AudioDecodeError(file, format ? 'WAV file has no "data" chunk' : 'WAV file has no "fmt " chunk');
}

function decodeSamples(view: DataView, offset: number, length: number, format: WavFormat, file: string): DecodedAudio {
  const { read, bytes } = sampleReader(format, file);
  const frameBytes = Math.max(format.blockAlign, bytes * format.channels);
  const frames = Math.floor(length / frameBytes);
  if (frames === 0) throw new AudioDecodeError(file, 'WAV file holds no samples');
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  if (format.code === FORMAT_PCM && bytes === 2) {
    // 16-bit PCM, nearly every clip: read inline, several times faster than a reader call per sample (same values).
    for (let ch = 0; ch < format.channels; ch += 1) {
      const out = channels[ch] as Float32Array;
      for (let i = 0, at = offset + ch * 2; i < frames; i += 1, at += frameBytes) out[i] = view.getInt16(at, true) / 32768;
    }
    return { sampleRate: format.sampleRate, channels, format: 'wav' };
  }
  for (let i = 0; i < frames; i += 1) {
    const frameStart = offset + i * frameBytes;
    for (let ch = 0; ch < format.channels; ch += 1) (channels[ch] as Float32Array)[i] = read(view, frameStart + ch * bytes);
  }
  return { sampleRate: format.sampleRate, channels, format: 'wav' };
}
