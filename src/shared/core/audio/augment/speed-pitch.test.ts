import { describe, expect, it } from 'vitest';
import { changeSpeed, shiftPitch, timeStretch } from './speed-pitch';

function tone(freq: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, n) => 0.5 * Math.sin((2 * Math.PI * freq * n) / 16000));
}

/** Frequency estimate from positive-going zero crossings over the middle of the signal. */
function zeroCrossingFrequency(x: Float32Array): number {
  const from = Math.floor(x.length * 0.2);
  const to = Math.floor(x.length * 0.8);
  const crossings: number[] = [];
  for (let i = from; i < to; i += 1) if ((x[i - 1] as number) < 0 && (x[i] as number) >= 0) crossings.push(i);
  const first = crossings[0] as number;
  const last = crossings.at(-1) as number;
  return ((crossings.length - 1) * 16000) / (last - first);
}

describe('changeSpeed', () => {
  it('shortens by the factor and raises the pitch by it', () => {
    const out = changeSpeed(tone(500, 16000), 1.1);
    expect(Math.abs(out.length - 16000 / 1.1)).toBeLessThanOrEqual(1);
    expect(zeroCrossingFrequency(out)).toBeCloseTo(550, 0);
  });

  it('lengthens when slowing down and copies at factor 1', () => {
    const input = tone(500, 8000);
    expect(Math.abs(changeSpeed(input, 0.9).length - 8000 / 0.9)).toBeLessThanOrEqual(1);
    expect(changeSpeed(input, 1)).toEqual(input);
    expect(() => changeSpeed(input, 0)).toThrow(/above 0/);
  });
});

describe('shiftPitch and timeStretch', () => {
  it('shifts a tone up two semitones keeping the duration', () => {
    const out = shiftPitch(tone(400, 16000), 2);
    expect(out.length).toBe(16000);
    expect(zeroCrossingFrequency(out) / 400).toBeCloseTo(2 ** (2 / 12), 2);
  });

  it('time-stretches without changing the pitch', () => {
    const out = timeStretch(tone(300, 16000), 20000);
    expect(out.length).toBe(20000);
    expect(zeroCrossingFrequency(out)).toBeCloseTo(300, -1);
  });
});
