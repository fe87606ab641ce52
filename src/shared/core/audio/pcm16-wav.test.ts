import { describe, expect, it } from 'vitest';
import { encodeWavPcm16, readPcm16Wav } from './pcm16-wav';

describe('16-bit WAV', () => {
  it('round-trips samples within one quantisation step and clips out-of-range values', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 0.999, -1, 1.7, -3]);
    const bytes = encodeWavPcm16(samples, 16000);
    expect(bytes.length).toBe(44 + samples.length * 2);
    const back = readPcm16Wav(bytes);
    expect(back.sampleRate).toBe(16000);
    const expected = [0, 0.5, -0.5, 0.999, -1, 1, -1];
    back.samples.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThan(1 / 16000));
  });

  it("reads a streamed file whose data size is a placeholder (espeak-ng's --stdout)", () => {
    const bytes = encodeWavPcm16(Float32Array.from([0.25, -0.25, 0.125]), 22050);
    new DataView(bytes.buffer).setUint32(40, 0x7ffff000, true);
    const audio = readPcm16Wav(bytes);
    expect(audio.sampleRate).toBe(22050);
    expect(audio.samples).toHaveLength(3);
  });

  it('takes the first channel of stereo and skips chunks before the data', () => {
    // Interleaved stereo (left = 0.5, right = -0.5) behind an odd-sized LIST chunk (padded to even).
    const mono = encodeWavPcm16(Float32Array.from([0.5, -0.5, 0.5, -0.5]), 8000);
    const list = Uint8Array.from([0x4c, 0x49, 0x53, 0x54, 5, 0, 0, 0, 1, 2, 3, 4, 5, 0]);
    const bytes = new Uint8Array(mono.length + list.length);
    bytes.set(mono.subarray(0, 36));
    bytes.set(list, 36);
    bytes.set(mono.subarray(36), 36 + list.length);
    const view = new DataView(bytes.buffer);
    view.setUint16(22, 2, true);
    view.setUint16(32, 4, true);
    const audio = readPcm16Wav(bytes);
    expect(Array.from(audio.samples)).toEqual([0.5, 0.5]);
  });

  it('says what is wrong with files it cannot read', () => {
    expect(() => readPcm16Wav(new TextEncoder().encode('hello'))).toThrow('RIFF header missing');
    const float = encodeWavPcm16(new Float32Array(4), 16000);
    new DataView(float.buffer).setUint16(20, 3, true);
    new DataView(float.buffer).setUint16(34, 32, true);
    expect(() => readPcm16Wav(float)).toThrow('expected 16-bit PCM, got format 3 with 32 bits');
    expect(() => readPcm16Wav(encodeWavPcm16(new Float32Array(0), 16000).subarray(0, 36))).toThrow('no data chunk');
  });
});
