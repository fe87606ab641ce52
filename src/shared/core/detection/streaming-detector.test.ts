import { describe, expect, it } from 'vitest';
import { StreamingDetector, detectInScores, windowAt, windowStarts, type DetectorOptions } from './streaming-detector';

const RATE = 16000;
const base: DetectorOptions = { sampleRate: RATE, windowSamples: RATE, hopSamples: RATE / 10, threshold: 0.8, smoothing: 3, refractorySeconds: 1.5 };

/** A long recording: faint noise with 1-second chirps starting at the given times. */
function longRecording(seconds: number, eventStarts: readonly number[]): Float32Array {
  const audio = new Float32Array(seconds * RATE);
  let seed = 12345;
  for (let i = 0; i < audio.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    audio[i] = (seed / 4294967296 - 0.5) * 0.01;
  }
  for (const start of eventStarts) {
    const first = Math.round(start * RATE);
    for (let i = 0; i < RATE; i++) {
      const t = i / RATE;
      audio[first + i] = 0.5 * Math.sin(2 * Math.PI * (500 + 1500 * t) * t);
    }
  }
  return audio;
}

/** Stand-in model: the share of a loud event inside the window (window power over the chirp's power). */
function scoreWindow(window: Float32Array): number {
  let power = 0;
  for (const x of window) power += x * x;
  return Math.min(1, power / window.length / (0.5 * 0.5 * 0.5));
}

function scoreRecording(audio: Float32Array, options: DetectorOptions): number[] {
  return windowStarts(audio.length, options.windowSamples, options.hopSamples).map((start) => scoreWindow(windowAt(audio, start, options.windowSamples)));
}

describe('StreamingDetector on a synthetic long recording', () => {
  it('finds every event within 200 ms of its true centre, once each', () => {
    const events = [3.0, 9.55, 17.23, 24.0];
    const audio = longRecording(30, events);
    const { detections } = detectInScores(scoreRecording(audio, base), base);
    expect(detections).toHaveLength(events.length);
    detections.forEach((detection, i) => {
      const centre = (events[i] as number) + 0.5;
      expect(Math.abs(detection.time - centre)).toBeLessThanOrEqual(0.2);
      expect(detection.end - detection.start).toBeCloseTo(1, 9);
      expect(detection.score).toBeGreaterThanOrEqual(base.threshold);
    });
  });

  it('gives the same answer fed window by window as over the whole list', () => {
    const audio = longRecording(12, [2, 7.4]);
    const scores = scoreRecording(audio, base);
    const detector = new StreamingDetector(base);
    const live = scores.map((score) => detector.push(score).detection).filter((d) => d !== null);
    const last = detector.flush();
    expect([...live, ...(last ? [last] : [])]).toEqual(detectInScores(scores, base).detections);
  });

  it('detects nothing in noise alone', () => {
    const audio = longRecording(10, []);
    expect(detectInScores(scoreRecording(audio, base), base).detections).toEqual([]);
  });
});

describe('refractory period and smoothing', () => {
  // One event whose score dips below the threshold for a moment, as a real model's score flickers.
  const flicker = [0.1, 0.2, 0.9, 0.95, 0.5, 0.92, 0.97, 0.3, 0.1, 0.1];
  const raw = { ...base, smoothing: 1 };

  it('suppresses the duplicate trigger of one flickering event', () => {
    expect(detectInScores(flicker, { ...raw, refractorySeconds: 0 }).detections).toHaveLength(2);
    const [only, ...rest] = detectInScores(flicker, { ...raw, refractorySeconds: 1 }).detections;
    expect(rest).toEqual([]);
    // Peak of the first stretch: window 3 (0.95), centred at 0.3 + 0.5 s.
    expect(only?.time).toBeCloseTo(0.8, 9);
    expect(only?.score).toBe(0.95);
  });

  it('lets a second event through once the refractory period has passed', () => {
    const scores = [0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1];
    expect(detectInScores(scores, { ...raw, refractorySeconds: 0.5 }).detections.map((d) => d.time)).toEqual([0.5, 1.2].map((t) => expect.closeTo(t, 9) as number));
    expect(detectInScores(scores, { ...raw, refractorySeconds: 0.8 }).detections).toHaveLength(1);
  });

  it('smooths a lone spike away and times the smoothed peak at the averaged windows’ centre', () => {
    const spike = [0.1, 0.1, 1, 0.1, 0.1];
    expect(detectInScores(spike, { ...base, threshold: 0.5 }).detections).toEqual([]);
    const { smoothed, times } = detectInScores([0.3, 0.6, 0.9], base);
    expect(smoothed.map((x) => Number(x.toFixed(12)))).toEqual([0.3, 0.45, 0.6]);
    // Windows 0..2 averaged: centre of window 1.
    expect(times[2]).toBeCloseTo(0.6, 9);
  });

  it('reports a stretch that never ends once per refractory period', () => {
    const always = Array.from({ length: 50 }, () => 0.99);
    const { detections } = detectInScores(always, { ...raw, refractorySeconds: 1.5 });
    // 50 windows at 0.1 s hop span 4.9 s of centres: at most one detection per 1.5 s.
    expect(detections.length).toBeGreaterThanOrEqual(2);
    expect(detections.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < detections.length; i++) expect((detections[i]?.time ?? 0) - (detections[i - 1]?.time ?? 0)).toBeGreaterThanOrEqual(1.5 - 1e-9);
  });

  it('places windows that start before the stream and times steps at a chosen point of the window (openWakeWord steps)', () => {
    // 80 ms steps, each looking back 2 s, timed 0.1 s before the window's end.
    const oww = { ...raw, windowSamples: 32000, hopSamples: 1280, firstWindowStartSamples: 1280 - 32000, eventOffsetSamples: 32000 - 1600 };
    const scores = [0.1, 0.1, 0.1, 0.9, 0.1];
    const { times, detections } = detectInScores(scores, oww);
    expect(times[0]).toBeCloseTo((1280 - 1600) / RATE, 9);
    expect(times[3]).toBeCloseTo((4 * 1280 - 1600) / RATE, 9);
    const [only] = detections;
    expect(only?.time).toBeCloseTo(0.22, 9);
    // The audio behind the peak step: the 2 s before its end (0.32 s), clamped at the stream's start.
    expect(only?.start).toBe(0);
    expect(only?.end).toBeCloseTo(0.32, 9);
    expect(() => new StreamingDetector({ ...oww, eventOffsetSamples: 40000 })).toThrow(/event offset/);
    expect(() => new StreamingDetector({ ...oww, firstWindowStartSamples: Number.NaN })).toThrow(/first window start/);
  });

  it('rejects impossible settings with the field named', () => {
    expect(() => new StreamingDetector({ ...base, smoothing: 0 })).toThrow(/smoothing/);
    expect(() => new StreamingDetector({ ...base, hopSamples: 0 })).toThrow(/hop/);
    expect(() => new StreamingDetector({ ...base, refractorySeconds: -1 })).toThrow(/refractory/);
    expect(() => new StreamingDetector({ ...base, threshold: Number.NaN })).toThrow(/threshold/);
  });
});

describe('windows', () => {
  it('steps by the hop while a whole window fits, one padded window for short audio', () => {
    expect(windowStarts(100, 40, 20)).toEqual([0, 20, 40, 60]);
    expect(windowStarts(30, 40, 20)).toEqual([0]);
    const padded = windowAt(Float32Array.of(1, 2, 3), 1, 4);
    expect(Array.from(padded)).toEqual([2, 3, 0, 0]);
  });
});
