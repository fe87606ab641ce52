/**
 * WAV decoding for every variant recorders and tools write: PCM 8/16/24/32-bit, IEEE float 32/64,
 * A-law/µ-law, WAVE_FORMAT_EXTENSIBLE, any channel count, odd-sized chunks (RIFF pads them to even); the
 * chunks are found by the shared RIFF walker (riff.ts). Not node-wav: see the README's dependency notes.
 * Integers are scaled by 2^(bits-1) (torchaudio's convention), so int16 -32768 maps to exactly -1.
 */
import { walkWavBytes, WAVE_FORMAT_ALAW, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM, wavForm, type WavFmt } from '../../shared/core/audio/riff';
import { littleEndian } from '../../shared/core/audio/npy';
import { AudioDecodeError, type DecodedAudio } from './decoded-audio';

const FORMAT_PCM = WAVE_FORMAT_PCM;

export function isWav(bytes: Uint8Array): boolean {
  return wavForm(bytes) === 'RIFF';
}

function isRiff(bytes: Uint8Array): boolean {
  return bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46;
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

function sampleReader(format: WavFmt, file: string): { read: SampleReader; bytes: number } {
  const bits = format.bits;
  const unsupported = (): AudioDecodeError =>
    new AudioDecodeError(file, `unsupported WAV encoding (format 0x${format.tag.toString(16)}, ${bits}-bit)`);
  switch (format.tag) {
    case FORMAT_PCM:
      if (bits === 8) return { bytes: 1, read: (v, o) => (v.getUint8(o) - 128) / 128 };
      if (bits === 16) return { bytes: 2, read: (v, o) => v.getInt16(o, true) / 32768 };
      if (bits === 24) {
        return { bytes: 3, read: (v, o) => ((v.getInt8(o + 2) << 16) | (v.getUint8(o + 1) << 8) | v.getUint8(o)) / 8388608 };
      }
      if (bits === 32) return { bytes: 4, read: (v, o) => v.getInt32(o, true) / 2147483648 };
      throw unsupported();
    case WAVE_FORMAT_IEEE_FLOAT:
      if (bits === 32) return { bytes: 4, read: (v, o) => v.getFloat32(o, true) };
      if (bits === 64) return { bytes: 8, read: (v, o) => v.getFloat64(o, true) };
      throw unsupported();
    case WAVE_FORMAT_ALAW:
      if (bits === 8) return { bytes: 1, read: (v, o) => alawToLinear(v.getUint8(o)) };
      throw unsupported();
    case WAVE_FORMAT_MULAW:
      if (bits === 8) return { bytes: 1, read: (v, o) => mulawToLinear(v.getUint8(o)) };
      throw unsupported();
    default:
      throw unsupported();
  }
}

/** The checked format and sample bytes of a WAV file held in memory; `file` names it in errors. */
function wavData(bytes: Uint8Array, file: string): { readonly fmt: WavFmt; readonly offset: number; readonly length: number } {
  if (bytes.length < 12) throw new AudioDecodeError(file, `not a WAV file (only ${bytes.length} bytes)`);
  if (!isWav(bytes)) throw new AudioDecodeError(file, isRiff(bytes) ? 'not a WAV file (RIFF type is not WAVE)' : 'not a WAV file (RIFF header missing)');
  const layout = walkWavBytes(bytes);
  if (layout.corruptAt >= 0) throw new AudioDecodeError(file, `corrupt chunk header at byte ${layout.corruptAt} (the file is damaged)`);
  if (layout.fmtProblem !== null) throw new AudioDecodeError(file, layout.fmtProblem);
  const { fmt, data } = layout;
  if (fmt === null) throw new AudioDecodeError(file, 'WAV file has no "fmt " chunk');
  if (fmt.channels < 1) throw new AudioDecodeError(file, 'WAV header says 0 channels');
  if (fmt.sampleRate < 1) throw new AudioDecodeError(file, 'WAV header says a sample rate of 0');
  if (data === null) throw new AudioDecodeError(file, 'WAV file has no "data" chunk');
  // Streaming recorders may leave the size unset (0 or 0xFFFFFFFF), and a cut-off file holds less than it says: take what is there.
  const available = Math.max(0, bytes.length - data.offset);
  const length = data.size === 0 || data.size > available ? available : data.size;
  return { fmt, offset: data.offset, length };
}

/** Decodes a whole WAV file held in memory; `file` names it in errors. */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  const { fmt, offset, length } = wavData(bytes, file);
  return decodeSamples(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset, length, fmt, file);
}

/**
 * The samples of a mono 16-bit PCM WAV as an Int16Array over `bytes` itself (no copy, nothing allocated), or
 * null for any other file, a broken one included (decodeWav then decodes it or names the problem). The value
 * of sample i is samples[i] / 32768, as decodeWav gives it. Needs aligned samples on a little-endian host.
 */
export function pcm16MonoView(bytes: Uint8Array, file: string): { readonly sampleRate: number; readonly samples: Int16Array } | null {
  if (!LITTLE_ENDIAN || !isWav(bytes)) return null;
  let data;
  try {
    data = wavData(bytes, file);
  } catch {
    return null;
  }
  const { fmt, offset, length } = data;
  const start = bytes.byteOffset + offset;
  if (fmt.tag !== FORMAT_PCM || fmt.bits !== 16 || fmt.channels !== 1 || fmt.blockAlign > 2 || start % 2 !== 0 || length < 2) return null;
  return { sampleRate: fmt.sampleRate, samples: new Int16Array(bytes.buffer, start, Math.floor(length / 2)) };
}

const LITTLE_ENDIAN = littleEndian();

function decodeSamples(view: DataView, offset: number, length: number, format: WavFmt, file: string): DecodedAudio {
  const { read, bytes } = sampleReader(format, file);
  const frameBytes = Math.max(format.blockAlign, bytes * format.channels);
  const frames = Math.floor(length / frameBytes);
  if (frames === 0) throw new AudioDecodeError(file, 'WAV file holds no samples');
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  if (format.tag === FORMAT_PCM && bytes === 2) {
    // 16-bit PCM, nearly every clip: read inline, several times faster than a reader call per sample (same values).
    const start = view.byteOffset + offset;
    if (LITTLE_ENDIAN && start % 2 === 0 && frameBytes === 2 * format.channels) {
      // Aligned samples on a little-endian host: an Int16Array over the bytes reads them without DataView calls.
      const pcm = new Int16Array(view.buffer, start, frames * format.channels);
      for (let ch = 0; ch < format.channels; ch += 1) {
        const out = channels[ch] as Float32Array;
        for (let i = 0, at = ch; i < frames; i += 1, at += format.channels) out[i] = (pcm[at] as number) / 32768;
      }
      return { sampleRate: format.sampleRate, channels, format: 'wav' };
    }
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
