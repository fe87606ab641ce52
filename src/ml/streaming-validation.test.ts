import { describe, expect, it } from 'vitest';
import { smoothScores } from '../shared/core/detection/streaming-fah';
import { scoreStreamingSet, type StepPredictor, type StepStream, type StreamedClip, type StreamingValidationSet } from './streaming-validation';

const INPUT = 3;

/** A stream whose step s has the input [base + s, 2 (base + s), -(base + s)]. */
function stream(steps: number, base: number): StepStream {
  return { steps, input: (step) => Float32Array.of(base + step, 2 * (base + step), -(base + step)) };
}

/** A score that depends on the input alone (as a model's does), varied enough that a misplaced one shows. */
const scoreOf = (input: Float32Array): number => Math.abs(Math.sin((input[0] as number) * 0.37 + (input[1] as number) * 0.011));

function recording(calls: number[]): StepPredictor {
  return (inputs, count) => {
    calls.push(count);
    return Float32Array.from({ length: count }, (_, k) => scoreOf(inputs.subarray(k * INPUT, (k + 1) * INPUT)));
  };
}

/** The scoring as it was: each stream and each clip scored on its own, a model call per 512 steps of one stream. */
function referenceScores(set: StreamingValidationSet): { negatives: Float32Array[]; clipScores: number[] } {
  const steps = (s: StepStream, from: number, to: number): Float32Array => Float32Array.from({ length: to - from + 1 }, (_, i) => scoreOf(s.input(from + i)));
  const back = set.settings.smoothing - 1;
  return {
    negatives: set.negatives.map((s) => steps(s, 0, s.steps - 1)),
    clipScores: set.clips.map((clip) => {
      const from = Math.max(0, clip.firstStep - back);
      const smoothed = smoothScores(steps(clip.stream, from, clip.lastStep), set.settings.smoothing);
      let best = 0;
      for (let i = clip.firstStep - from; i < smoothed.length; i += 1) best = Math.max(best, smoothed[i] as number);
      return best;
    }),
  };
}

function validationSet(negativeSteps: readonly number[], clipCount: number): StreamingValidationSet {
  const clips: StreamedClip[] = Array.from({ length: clipCount }, (_, i) => ({
    path: `positive/${String(i)}.wav`,
    kind: i % 3 === 0 ? 'hard_negative' : 'positive',
    stream: stream(40 + (i % 7), 10_000 * (i + 1)),
    // The first clip's window starts at step 1: fewer steps before it than smoothing looks back.
    firstStep: i === 0 ? 1 : 25,
    lastStep: 39 + (i % 7),
  }));
  return {
    negatives: negativeSteps.map((steps, i) => stream(steps, -1_000_000 * (i + 1))),
    members: [],
    clips,
    settings: { sampleRate: 16000, windowSamples: 32000, hopSamples: 1280, smoothing: 3, refractorySeconds: 2 },
    inputSize: INPUT,
  };
}

describe('scoreStreamingSet', () => {
  it('scores every step as scoring each stream and clip on its own did, with clips sharing model calls of up to 512 inputs', () => {
    const set = validationSet([1300, 7, 512], 90);
    const calls: number[] = [];
    const scored = scoreStreamingSet(set, recording(calls));
    const reference = referenceScores(set);
    expect(scored.negatives.map((s) => Array.from(s))).toEqual(reference.negatives.map((s) => Array.from(s)));
    expect(Array.from(scored.clipScores)).toEqual(reference.clipScores);
    expect(scored.clipScores.every((score) => score > 0)).toBe(true);

    const clipSteps = set.clips.reduce((n, clip) => n + clip.lastStep - Math.max(0, clip.firstStep - 2) + 1, 0);
    const total = 1300 + 7 + 512 + clipSteps;
    expect(calls.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...calls)).toBe(512);
    // Full batches until the last: 90 clips no longer make 90 calls.
    expect(calls).toHaveLength(Math.ceil(total / 512));
  });

  it('handles a set with no negatives, or with no clips, and an empty one', () => {
    for (const set of [validationSet([], 4), validationSet([20], 0), validationSet([], 0)]) {
      const calls: number[] = [];
      const scored = scoreStreamingSet(set, recording(calls));
      const reference = referenceScores(set);
      expect(scored.negatives.map((s) => Array.from(s))).toEqual(reference.negatives.map((s) => Array.from(s)));
      expect(Array.from(scored.clipScores)).toEqual(reference.clipScores);
      expect(calls.every((count) => count > 0)).toBe(true);
    }
  });

  it('names a model that returns too few scores', () => {
    const set = validationSet([10], 0);
    expect(() => scoreStreamingSet(set, (_inputs, count) => new Float32Array(count - 1))).toThrow(/returned 9 scores for 10 inputs/);
  });
});
