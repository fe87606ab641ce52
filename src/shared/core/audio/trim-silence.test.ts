import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { createPauseStopper, levelDb, roomLevelDb, trimSilence } from './trim-silence';

const RATE = 16000;

/** Quiet noise (room tone, about -66 dBFS), with a tone of `amplitude` from `toneStart` for `toneSeconds`. */
function take(totalSeconds: number, toneStart: number, toneSeconds: number, amplitude: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(Math.round(totalSeconds * RATE));
  const from = Math.round(toneStart * RATE);
  const to = from + Math.round(toneSeconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const noise = rng.uniform(-1, 1) * 0.0008;
    out[i] = noise + (i >= from && i < to ? amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE) : 0);
  }
  return out;
}

describe('trimSilence', () => {
  it('keeps the tone of silence + tone + silence, with the padding on both sides', () => {
    const result = trimSilence(take(2.5, 1, 0.5, 0.3), RATE, { paddingSeconds: 0.2 });
    if (!result.speech) throw new Error(result.reason);
    const frame = 0.02 * RATE;
    // The tone spans 1.0-1.5 s; with 0.2 s padding the kept span is 0.8-1.7 s, to within one frame.
    expect(Math.abs(result.start - 0.8 * RATE)).toBeLessThanOrEqual(frame);
    expect(Math.abs(result.end - 1.7 * RATE)).toBeLessThanOrEqual(frame);
    expect(result.samples.length).toBe(result.end - result.start);
    expect(result.peak).toBeGreaterThan(0.29);
    expect(result.peak).toBeLessThan(0.31);
  });

  it('clamps the padding at the ends of the take', () => {
    const result = trimSilence(take(1, 0.05, 0.5, 0.3), RATE, { paddingSeconds: 0.2 });
    if (!result.speech) throw new Error(result.reason);
    expect(result.start).toBe(0);
    expect(Math.abs(result.end - 0.75 * RATE)).toBeLessThanOrEqual(0.02 * RATE);
  });

  it('finds quiet speech (-30 dBFS) over a quiet room', () => {
    const result = trimSilence(take(2, 0.6, 0.4, 0.03), RATE, { paddingSeconds: 0.1 });
    if (!result.speech) throw new Error(result.reason);
    expect(Math.abs(result.start - 0.5 * RATE)).toBeLessThanOrEqual(0.02 * RATE);
  });

  it('reports "no speech heard" for digital silence and for room tone alone', () => {
    for (const samples of [new Float32Array(RATE * 2), take(2, 0, 0, 0)]) {
      const result = trimSilence(samples, RATE);
      expect(result.speech).toBe(false);
      if (!result.speech) expect(result.reason).toMatch(/^no speech heard/);
    }
  });

  it('ignores a click shorter than the shortest speech', () => {
    const samples = take(2, 0, 0, 0);
    samples.fill(0.5, RATE, RATE + 40);
    expect(trimSilence(samples, RATE).speech).toBe(false);
  });

  it('refuses a take shorter than one frame', () => {
    expect(trimSilence(new Float32Array(10), RATE).speech).toBe(false);
  });
});

describe('createPauseStopper', () => {
  const blocks = (samples: Float32Array, size = 2048): Float32Array[] => {
    const out: Float32Array[] = [];
    for (let i = 0; i < samples.length; i += size) out.push(samples.subarray(i, i + size));
    return out;
  };

  it('ends the take a pause after the speech, not during the silence before it', () => {
    const room = roomLevelDb(blocks(take(1, 0, 0, 0, 7)).map(levelDb));
    expect(room).toBeLessThan(-60);
    const stopper = createPauseStopper(RATE, room, 1);
    const signal = take(4, 1.5, 0.6, 0.2);
    const all = blocks(signal);
    const stopAt = all.findIndex((block) => stopper.push(block));
    expect(stopAt).toBeGreaterThan(0);
    // Speech ends at 2.1 s; one second of pause later (to within a block) the take ends.
    expect(Math.abs((stopAt + 1) * 2048 - 3.1 * RATE)).toBeLessThanOrEqual(2048);
  });

  it('never ends a take in which nobody spoke', () => {
    const stopper = createPauseStopper(RATE, -66, 1);
    expect(blocks(take(5, 0, 0, 0)).some((block) => stopper.push(block))).toBe(false);
  });
});
