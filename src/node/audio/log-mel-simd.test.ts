import { describe, expect, it } from 'vitest';
import { DEFAULT_FRONT_END, type FrontEndConfig } from '../../shared/core/audio/front-end-config';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { createRng } from '../../shared/core/audio/rng';
import { createLogMelFrontEnd } from './log-mel-simd';

/*
 * The wasm SIMD front end (float32, four frames per vector) against the JavaScript LogMelExtractor (float64,
 * itself pinned to a naive-DFT reference and to torchaudio by front-end-parity.test.ts and
 * torchaudio-parity.test.ts). A wrong twiddle, gather offset, window value or filter edge moves values by
 * whole dBs; float32 rounding moves these by about 1e-5 dB.
 */

const CONFIGS: readonly (readonly [string, FrontEndConfig])[] = [
  // n_fft / 2 = 200 = 4 * 2 * 5 * 5: the radix 2, 4 and 5 butterflies.
  ['default 400/160/40', DEFAULT_FRONT_END],
  // A window shorter than n_fft (zeros around it), a power-of-two size, mel edges off the bins.
  ['512/128/64, window 400, 20-7600 Hz', { ...DEFAULT_FRONT_END, nFft: 512, winLength: 400, hopLength: 128, nMels: 64, fMin: 20, fMax: 7600 }],
  // 240 = 4 * 4 * 3 * 5: the radix-3 butterfly.
  ['480/160/32', { ...DEFAULT_FRONT_END, nFft: 480, winLength: 480, nMels: 32 }],
  ['8 kHz 200/80/20', { ...DEFAULT_FRONT_END, sampleRate: 8000, nFft: 200, winLength: 200, hopLength: 80, nMels: 20, fMax: 4000 }],
];

/** Silence, then loud noise with tones, a quiet stretch and a medium one: speech-like levels. */
function speechLike(samples: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: samples }, (_, k) => {
    const level = k < samples / 8 ? 0 : k < samples / 2 ? 0.3 : k < (3 * samples) / 4 ? 1e-3 : 0.05;
    return level * (0.5 * rng.normal() + Math.sin(k * 0.07) + 0.3 * Math.sin(k * 0.9));
  });
}

/** Largest |a - b|, and where. */
function worstDifference(a: Float32Array, b: Float32Array): { readonly diff: number; readonly at: number } {
  let diff = 0;
  let at = -1;
  a.forEach((value, i) => {
    const d = Math.abs(value - (b[i] as number));
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  });
  return { diff, at };
}

describe('wasm SIMD log-mel front end', () => {
  it('runs SIMD for even n_fft with factors 2-5, and names the JavaScript fallback otherwise', () => {
    expect(createLogMelFrontEnd(DEFAULT_FRONT_END).engine).toBe('wasm-simd');
    expect(createLogMelFrontEnd(DEFAULT_FRONT_END, { simd: false }).engine).toBe('javascript');
    // Odd n_fft, and 448 / 2 = 224 = 4 * 4 * 2 * 7 (no radix-7 butterfly in the .wat).
    expect(createLogMelFrontEnd({ ...DEFAULT_FRONT_END, nFft: 401, winLength: 400 }).engine).toBe('javascript');
    expect(createLogMelFrontEnd({ ...DEFAULT_FRONT_END, nFft: 448, winLength: 400 }).engine).toBe('javascript');
    expect(() => createLogMelFrontEnd({ ...DEFAULT_FRONT_END, nMels: 0 })).toThrow(/features.n_mels/);
  });

  it.each(CONFIGS)('%s: within 1e-3 dB of the float64 JavaScript extractor, for every frame count mod 4', (_name, config) => {
    const simd = createLogMelFrontEnd(config);
    expect(simd.engine).toBe('wasm-simd');
    const reference = new LogMelExtractor(config);
    const second = config.sampleRate;
    // Lengths whose frame counts fall on each lane of the last group of four, the shortest allowed input,
    // then a long clip after a short one: nothing of an earlier call leaks into a later one.
    const lengths = [0, 1, 2, 3].map((extra) => second + extra * config.hopLength);
    for (const samples of [...lengths, reference.minSamples, 3 * second, second / 2]) {
      const signal = speechLike(samples, samples);
      const expected = reference.compute(signal);
      const actual = simd.compute(signal);
      expect(actual.length).toBe(expected.length);
      const { diff, at } = worstDifference(actual, expected);
      expect(diff, `${samples} samples: worst at frame ${Math.floor(at / config.nMels)}, mel ${at % config.nMels}`).toBeLessThan(1e-3);
    }
  });

  it('writes into a caller buffer the values compute returns, and floors silence and NaN at exactly -100 dB', () => {
    const simd = createLogMelFrontEnd(DEFAULT_FRONT_END);
    const signal = speechLike(12345, 9);
    const frames = simd.frameCount(signal.length);
    const out = new Float32Array(frames * 40 + 7).fill(123);
    simd.computeInto(signal, out);
    expect(out.subarray(0, frames * 40)).toEqual(simd.compute(signal));
    // Past the features the buffer is untouched.
    expect(Array.from(out.subarray(frames * 40))).toEqual(new Array(7).fill(123));
    expect(simd.compute(new Float32Array(4000)).every((v) => v === -100)).toBe(true);
    expect(simd.compute(new Float32Array(4000).fill(Number.NaN)).every((v) => v === -100)).toBe(true);
    expect(() => simd.compute(new Float32Array(200))).toThrow(/too short.*200 samples, need at least 201/);
    expect(() => simd.computeInto(signal, new Float32Array(10))).toThrow(/output holds 10 values/);
  });

  it('gives 16-bit PCM samples exactly the features of their decoded floats, on both engines', () => {
    const rng = createRng(5);
    const pcm = Int16Array.from({ length: 9999 }, (_, k) => Math.round(Math.max(-32768, Math.min(32767, 8000 * Math.sin(k * 0.03) + 3000 * rng.normal()))));
    pcm[100] = -32768;
    pcm[101] = 32767;
    const floats = Float32Array.from(pcm, (v) => v / 32768);
    for (const simd of [true, false]) {
      const frontEnd = createLogMelFrontEnd(DEFAULT_FRONT_END, { simd });
      const out = new Float32Array(frontEnd.frameCount(pcm.length) * 40);
      frontEnd.computePcm16Into(pcm, out);
      expect(out).toEqual(frontEnd.compute(floats));
    }
  });

  it('puts a 1 kHz tone into the band the JavaScript extractor puts it, at the same level', () => {
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    const simd = createLogMelFrontEnd(DEFAULT_FRONT_END).compute(tone).subarray(50 * 40, 51 * 40);
    const reference = new LogMelExtractor(DEFAULT_FRONT_END).compute(tone).subarray(50 * 40, 51 * 40);
    const loudest = reference.indexOf(Math.max(...reference));
    expect(simd.indexOf(Math.max(...simd))).toBe(loudest);
    expect(Math.abs((simd[loudest] as number) - (reference[loudest] as number))).toBeLessThan(1e-4);
  });
});
