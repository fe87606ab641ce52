import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { meanPower } from './level';
import { limitPeak } from './level';
import { applyReverb, convolutionSize, fftConvolve, normaliseRir } from './reverb';
import { syntheticRir as roomRir } from './synthetic-rir';

function directConvolve(a: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i += 1) for (let j = 0; j < b.length; j += 1) out[i + j] = (out[i + j] as number) + (a[i] as number) * (b[j] as number);
  return out;
}

/** Exponentially decaying noise after a short pre-delay: the shape of a measured room response. */
function syntheticRir(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const rir = Float32Array.from({ length }, (_, i) => (i < 40 ? 0 : rng.normal() * Math.exp(-(i - 40) / 800) * 0.3));
  rir[40] = 1;
  return rir;
}

describe('fftConvolve', () => {
  it('equals direct convolution with the full output length', () => {
    const rng = createRng(1);
    const a = Float32Array.from({ length: 1000 }, () => rng.normal());
    const b = Float32Array.from({ length: 333 }, () => rng.normal());
    const fast = fftConvolve(a, b);
    const slow = directConvolve(a, b);
    expect(fast.length).toBe(1332);
    for (let i = 0; i < fast.length; i += 1) expect(fast[i]).toBeCloseTo(slow[i] as number, 3);
  });

  it('transforms at one of six even sizes per octave, at most 20 % above the length', () => {
    const sizes = new Set<number>();
    for (let length = 30000; length <= 60000; length += 7) {
      const size = convolutionSize(length);
      expect(size).toBeGreaterThanOrEqual(length);
      expect(size).toBeLessThanOrEqual(Math.ceil(length * 1.2) + 2);
      expect(size % 2).toBe(0);
      sizes.add(size);
    }
    // 30000..60000 spans about one octave: a handful of sizes, so the plan cache never churns.
    expect(sizes.size).toBeLessThanOrEqual(7);
    expect([1, 2, 7, 32, 33, 70].map(convolutionSize)).toEqual([2, 2, 8, 32, 36, 72]);
  });
});

describe('applyReverb', () => {
  const rng = createRng(7);
  const speech = Float32Array.from({ length: 16000 }, (_, i) => 0.2 * Math.sin(i * 0.05) * (i > 4000 && i < 12000 ? 1 : 0.05) + 0.01 * rng.normal());

  it('keeps the clip length and the dry energy, whatever the wet fraction', () => {
    const rir = syntheticRir(8000, 2);
    for (const wet of [0, 0.3, 1]) {
      const out = applyReverb(speech, rir, wet);
      expect(out.length).toBe(speech.length);
      if (wet === 1) expect(10 * Math.log10(meanPower(out) / meanPower(speech))).toBeCloseTo(0, 4);
    }
    expect(applyReverb(speech, rir, 0)).toEqual(speech);
  });

  it('spreads energy in time (the tail after the burst gains energy) and aligns to the direct path', () => {
    const out = applyReverb(speech, syntheticRir(8000, 3), 1);
    const tail = (x: Float32Array): number => meanPower(x.subarray(12000, 13000));
    expect(tail(out)).toBeGreaterThan(tail(speech) * 4);
    const impulse = new Float32Array(100);
    impulse[10] = 1;
    const delayed = new Float32Array(300);
    delayed[50] = 0.5;
    expect(Array.from(applyReverb(impulse, delayed, 1)).findIndex((v) => Math.abs(v) > 0.5)).toBe(10);
  });

  it('normalises the response to unit energy and refuses a silent one or a bad wet value', () => {
    const rir = normaliseRir(syntheticRir(4000, 4));
    expect(meanPower(rir) * rir.length).toBeCloseTo(1, 6);
    expect(() => normaliseRir(new Float32Array(10))).toThrow(/silent/);
    expect(() => applyReverb(speech, syntheticRir(100, 1), 1.5)).toThrow(/from 0 to 1/);
  });
});

/** applyReverb's definition computed the slow, obvious way: whole-signal direct convolution in float64. */
function applyReverbReference(signal: Float32Array, rir: Float32Array, wet: number): Float32Array {
  const reverberant = Float32Array.from(directConvolve(signal, normaliseRir(rir)).subarray(0, signal.length));
  const scale = Math.sqrt(meanPower(signal) / meanPower(reverberant));
  return limitPeak(signal.map((v, i) => (1 - wet) * v + wet * scale * (reverberant[i] as number)));
}

describe('applyReverb against direct convolution', () => {
  const rng = createRng(21);
  // A placed clip: exact silence before and after (skipped by the fast path), speech-like noise bursts between.
  const placed = new Float32Array(12000);
  for (let i = 3000; i < 9500; i += 1) placed[i] = 0.3 * Math.sin(i * 0.07) * Math.sin(i * 0.002) + 0.05 * rng.normal();
  const full = Float32Array.from({ length: 6000 }, (_, i) => 0.4 * Math.sin(i * 0.03) + 0.05 * rng.normal());
  it.each([
    ['padded clip, generated room', placed, roomRir(16000, 0.3, createRng(5))],
    ['padded clip, long room', placed, roomRir(16000, 0.8, createRng(6))],
    ['clip without silence', full, syntheticRir(3000, 7)],
  ])('%s: the same samples within 1e-5', (_name, signal, rir) => {
    for (const wet of [0.2, 0.6, 1]) {
      const expected = applyReverbReference(signal, rir, wet);
      const actual = applyReverb(signal, rir, wet);
      let worst = 0;
      let change = 0;
      for (let i = 0; i < signal.length; i += 1) {
        worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
        change = Math.max(change, Math.abs((expected[i] as number) - (signal[i] as number)));
      }
      expect(change).toBeGreaterThan(0.02);
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('leaves silence silent', () => {
    expect(applyReverb(new Float32Array(500), syntheticRir(100, 1), 0.5)).toEqual(new Float32Array(500));
  });
});
