/**
 * 16-bit PCM WAV in and out: writing mono files (synthesised speech, mined hard negatives, test data) and
 * reading espeak-ng's output (streamed to stdout, so its declared sizes are placeholders).
 */
import { walkWavBytes, WAVE_FORMAT_PCM, wavForm } from './riff';

export interface MonoAudio {
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

/** Reads 16-bit PCM (mono, or the first channel of more); a data chunk that claims more than is there runs to the end. */
export function readPcm16Wav(bytes: Uint8Array): MonoAudio {
  if (wavForm(bytes) !== 'RIFF') throw new Error('not a WAV file (RIFF header missing)');
  const layout = walkWavBytes(bytes);
  if (layout.corruptAt >= 0) throw new Error(`corrupt chunk header at byte ${layout.corruptAt}`);
  if (layout.fmtProblem !== null) throw new Error(layout.fmtProblem);
  const { fmt, data } = layout;
  if (data === null) throw new Error('no data chunk');
  if (fmt === null) throw new Error('no fmt chunk');
  const { tag, bits, channels, sampleRate } = fmt;
  if (tag !== WAVE_FORMAT_PCM || bits !== 16 || channels === 0 || sampleRate === 0) throw new Error(`expected 16-bit PCM, got format ${tag} with ${bits} bits`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(bytes.length, data.offset + data.size);
  const frames = Math.max(0, Math.floor((end - data.offset) / (2 * channels)));
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) samples[i] = view.getInt16(data.offset + i * 2 * channels, true) / 32768;
  return { sampleRate, samples };
}

/** 16-bit PCM mono WAV; samples outside [-1, 1] are clipped. */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const text = (at: number, value: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = value.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return out;
}
