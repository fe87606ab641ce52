import { describe, expect, it } from 'vitest';
import { AudioWindower } from './audio-windower';
import { windowAt, windowStarts } from './streaming-detector';

describe('AudioWindower', () => {
  it('gives the same windows from uneven chunks as windowStarts over the whole signal', () => {
    const signal = Float32Array.from({ length: 1000 }, (_, i) => i);
    const windower = new AudioWindower(160, 37);
    const live: Float32Array[] = [];
    for (let at = 0, size = 1; at < signal.length; at += size, size = (size * 7) % 90 + 1) live.push(...windower.push(signal.subarray(at, at + size)));
    const whole = windowStarts(signal.length, 160, 37).map((start) => windowAt(signal, start, 160));
    expect(live.map((w) => Array.from(w))).toEqual(whole.map((w) => Array.from(w)));
  });

  it('waits for a whole window and rejects impossible sizes', () => {
    const windower = new AudioWindower(10, 5);
    expect(windower.push(new Float32Array(9))).toEqual([]);
    expect(windower.push(new Float32Array(1))).toHaveLength(1);
    expect(windower.push(new Float32Array(12))).toHaveLength(2);
    expect(() => new AudioWindower(0, 1)).toThrow(/window/);
    expect(() => new AudioWindower(10, 0.5)).toThrow(/hop/);
  });
});
