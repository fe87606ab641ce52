import { describe, expect, it } from 'vitest';
import { changeSpeed, changeTempo, shiftPitch, timeStretch } from './speed-pitch';
import { autocorrelationF0, countBadSamples, syntheticVowel, whiteNoise } from './test-signals';

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

/** Seconds during which the 10 ms RMS envelope stays above half its maximum (the burst's duration). */
function burstSeconds(x: Float32Array): number {
  const frame = 160;
  const levels: number[] = [];
  for (let start = 0; start + frame <= x.length; start += frame) {
    let acc = 0;
    for (let i = start; i < start + frame; i += 1) acc += (x[i] as number) ** 2;
    levels.push(Math.sqrt(acc / frame));
  }
  const max = Math.max(...levels);
  return (levels.filter((level) => level > max / 2).length * frame) / 16000;
}

describe('changeTempo (same pitch) and pitch shift on a voiced sound', () => {
  // 0.6 s of a 150 Hz vowel between 0.3 s silences.
  const vowel = syntheticVowel(9600, 16000, 150, 900);
  const burst = new Float32Array(19200);
  burst.set(vowel, 4800);

  it.each([0.8, 1.25])('tempo %s changes the duration by the factor and keeps the fundamental', (factor) => {
    const out = changeTempo(burst, factor);
    expect(out.length).toBe(Math.round(burst.length / factor));
    expect(burstSeconds(out)).toBeGreaterThan(0.6 / factor - 0.03);
    expect(burstSeconds(out)).toBeLessThan(0.6 / factor + 0.03);
    const middle = Math.round(out.length / 2);
    expect(autocorrelationF0(out, 16000, middle - 1600, middle + 1600) / 150).toBeCloseTo(1, 2);
  });

  it.each([-3, 2, 4])('pitch shift of %s semitones moves the fundamental by them and keeps the duration', (semitones) => {
    const out = shiftPitch(burst, semitones);
    expect(out.length).toBe(burst.length);
    expect(burstSeconds(out)).toBeGreaterThan(0.57);
    expect(burstSeconds(out)).toBeLessThan(0.63);
    const f0 = autocorrelationF0(out, 16000, 8000, 11200);
    expect(f0 / 150).toBeGreaterThan(2 ** (semitones / 12) * 0.985);
    expect(f0 / 150).toBeLessThan(2 ** (semitones / 12) * 1.015);
  });

  it('stays finite and within [-1, 1] on full-scale input, deterministically', () => {
    const loud = whiteNoise(16000, 5, 1);
    for (const out of [changeTempo(loud, 0.7), changeTempo(loud, 1.4), shiftPitch(loud, 3)]) expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
    expect(changeTempo(loud, 1.2)).toEqual(changeTempo(loud, 1.2));
    expect(changeTempo(loud, 1)).toEqual(loud);
    expect(() => changeTempo(loud, -1)).toThrow(/above 0/);
  });
});

/** timeStretch as it was before the padded-buffer search (bounds-checked reads): the reference it must equal. */
function timeStretchReference(signal: Float32Array, outLength: number, frame = 512): Float32Array {
  const out = new Float32Array(outLength);
  if (signal.length === 0 || outLength === 0) return out;
  const hop = frame / 2;
  const tolerance = frame / 4;
  const window = Float32Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const norm = new Float32Array(outLength);
  const ratio = signal.length / outLength;
  const at = (i: number): number => (i >= 0 && i < signal.length ? (signal[i] as number) : 0);
  let previousEnd = -1;
  for (let outStart = -hop; outStart < outLength; outStart += hop) {
    const nominal = Math.round(outStart * ratio);
    let start = nominal;
    if (previousEnd >= 0) {
      let best = -Infinity;
      for (let delta = -tolerance; delta <= tolerance; delta += 1) {
        let corr = 0;
        for (let i = 0; i < hop; i += 8) corr += at(nominal + delta + i) * at(previousEnd + i);
        if (corr > best) {
          best = corr;
          start = nominal + delta;
        }
      }
    }
    for (let i = 0; i < frame; i += 1) {
      const o = outStart + i;
      if (o < 0 || o >= outLength) continue;
      const w = window[i] as number;
      out[o] = (out[o] as number) + w * at(start + i);
      norm[o] = (norm[o] as number) + w;
    }
    previousEnd = start + hop;
  }
  for (let i = 0; i < outLength; i += 1) if ((norm[i] as number) > 1e-3) out[i] = (out[i] as number) / (norm[i] as number);
  return out;
}

describe('timeStretch equals the bounds-checked reference', () => {
  const voiced = syntheticVowel(32000, 16000, 130, 800);
  const noise = whiteNoise(5000, 11, 0.8);
  it.each([
    ['vowel, slower', voiced, 40000, 512],
    ['vowel, faster', voiced, 25600, 512],
    ['vowel, pitch-shift ratio', voiced.subarray(0, 22627), 32000, 512],
    ['noise, much faster', noise, 1200, 512],
    ['noise, much slower', noise, 21000, 256],
    ['shorter than a frame', noise.subarray(0, 300), 700, 512],
    ['output shorter than a frame', noise, 100, 512],
  ])('%s', (_name, signal, outLength, frame) => {
    const expected = timeStretchReference(signal, outLength, frame);
    expect(expected.some((v) => v !== 0)).toBe(true);
    // Bit for bit: the same products summed in the same order.
    expect(timeStretch(signal, outLength, frame)).toEqual(expected);
  });
});
