import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitManifest } from '../../shared/core/dataset/manifest';
import { detectInScores } from '../../shared/core/detection/streaming-detector';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { owwTestConfig, trainOwwTestRun } from '../../../tests/support/oww-run';
import { pcm16Wav, synthClip } from '../../../tests/support/synthetic-workspace';
import { loadModelFolder } from '../checkpoint';
import { OwwBackbone } from '../oww/backbone';
import { loadOwwTrainingData } from '../oww/oww-training-data';
import { createOwwStreamScorer } from '../oww/stream-scorer';
import { streamsHours } from '../streaming-validation';
import { scoreStreamingSet } from '../streaming-validation';
import { detectInFile } from './detect-file';
import { LiveSession } from './live-session';
import { OWW_STEP_GEOMETRY } from '../oww/step-geometry';
import { openRunScorer } from './run-scorer';
import { type RunScorer } from './scorer-types';
import { scoreSplit } from './score-split';

const RATE = 16000;
/** Chirp ("wake word", 1 s) start times in the long recording. */
const EVENTS = [2.5, 7.2];

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** 10 s of steady hum and noise with the chirp starting at each EVENTS time. */
function longRecording(): Float32Array {
  const audio = concat([synthClip('negative', 1, RATE, 5), synthClip('negative', 3, RATE, 5)]);
  EVENTS.forEach((start, k) => audio.set(synthClip('positive', 50 + k), Math.round(start * RATE)));
  return audio;
}

describe('evaluation and detection of an oww_dnn run', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let runDir: string;
  let scorer: RunScorer;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-eval-'));
    runDir = await trainOwwTestRun(workspace, backbone, owwTestConfig(4));
    // A long general negative in val, so split evaluation has to cut it into windows as validation does.
    await writeFile(path.join(workspace, 'data', 'raw', 'negative', 'long.wav'), pcm16Wav(concat([synthClip('negative', 7, RATE, 3), synthClip('negative', 8, RATE, 2.3)]), RATE));
    const valFile = path.join(workspace, 'data', 'splits', 'val.json');
    const val = JSON.parse(await readFile(valFile, 'utf8')) as SplitManifest;
    await writeFile(valFile, JSON.stringify({ ...val, files: [...val.files, { path: 'negative/long.wav', category: 'negative', label: 0, durationSeconds: 5.3 }] }));
    scorer = await openRunScorer(runDir, 'wasm');
  }, 180_000);
  afterAll(async () => {
    await scorer.dispose();
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it("scores the val split exactly as the trainer's validation did (same streams, scores and FA/h hours)", async () => {
    expect(scorer.family).toBe('oww');
    const scored = await scoreSplit(workspace, 'val', scorer);
    const data = await loadOwwTrainingData(workspace, owwTestConfig(4), () => undefined, { backbone });
    const set = data.validation.streaming;
    if (!set) throw new Error('oww training data has no validation streams');
    const model = await loadModelFolder(path.join(runDir, 'best'));
    const trainer = scoreStreamingSet(set, (inputs, count) =>
      tf.tidy(() => (model.predict(tf.tensor4d(inputs, [count, 16, 96, 1])) as tf.Tensor2D).slice([0, 1], [count, 1]).reshape([count]).dataSync() as Float32Array),
    );
    model.dispose();
    // The long negative joins the others in one continuous stream; each file has one score.
    expect(scored.streams?.scores).toHaveLength(trainer.negatives.length);
    scored.streams?.scores.forEach((stream, k) => {
      expect(stream).toHaveLength(trainer.negatives[k]?.length ?? -1);
      stream.forEach((s, i) => expect(Math.abs(s - (trainer.negatives[k]?.[i] as number))).toBeLessThan(1e-5));
    });
    expect(scored.files.every((f) => f.scores.length === 1)).toBe(true);
    set.clips.forEach((clip, i) => expect(Math.abs((scored.files.find((f) => f.path === clip.path)?.scores[0] ?? -1) - (trainer.clipScores[i] as number))).toBeLessThan(1e-5));
    expect(scored.generalNegativeHours).toBeCloseTo(streamsHours(set), 12);
    // 1 s val negatives plus the 5.3 s one, scored in whole 80 ms steps.
    expect(scored.generalNegativeHours * 3600).toBeGreaterThan(5.3);
  }, 60_000);

  it('detects in a long recording with 80 ms streaming steps, timing each step at the end of the phrase it looks for', async () => {
    const file = path.join(workspace, 'long-recording.wav');
    const audio = longRecording();
    await writeFile(file, pcm16Wav(audio, RATE));
    const { scores, geometry } = await scorer.scoreRecording(audio, 0.5);
    expect(geometry).toEqual(OWW_STEP_GEOMETRY);
    expect(scores).toHaveLength(Math.floor(audio.length / 1280));
    // The same scores as openWakeWord's streaming scorer of the run.
    const reference = await createOwwStreamScorer(runDir, { backbone, backend: 'wasm' });
    const expected = await reference.scoreAudio(audio);
    await reference.dispose();
    scores.forEach((s, i) => expect(Math.abs(s - (expected[i] as number))).toBeLessThan(1e-6));

    // A threshold between the background's highest score and the weaker chirp peak finds both, each timed at its chirp's end.
    const trace = detectInScores(scores, { ...geometry, sampleRate: RATE, threshold: 0, smoothing: 1, refractorySeconds: 0 });
    expect(trace.times[0]).toBeCloseTo((1280 - 1600) / RATE, 9);
    expect(trace.times[10]).toBeCloseTo((11 * 1280 - 1600) / RATE, 9);
    const peakNear = (end: number): number => Math.max(...scores.filter((_, i) => Math.abs((trace.times[i] as number) - end) < 0.6));
    const weakestPeak = Math.min(...EVENTS.map((start) => peakNear(start + 1)));
    const background = Math.max(...scores.filter((_, i) => EVENTS.every((start) => Math.abs((trace.times[i] as number) - start - 1) > 1.2)));
    expect(weakestPeak).toBeGreaterThan(background + 0.1);
    const threshold = (weakestPeak + background) / 2;

    const detection = await detectInFile(file, scorer, { threshold, smoothing: 1, hopSeconds: 0.5, refractorySeconds: 1 });
    expect(detection.mode).toBe('stream');
    expect(detection.detections).toHaveLength(EVENTS.length);
    detection.detections.forEach((d, i) => {
      expect(Math.abs(d.time - ((EVENTS[i] as number) + 1))).toBeLessThanOrEqual(0.2);
      expect(d.end - d.start).toBeCloseTo(2, 6);
    });
  }, 60_000);

  it('gives the microphone the same steps and detections as detect on the file, whatever the chunk size', async () => {
    const audio = longRecording();
    const file = path.join(workspace, 'long-recording.wav');
    const options = { threshold: 0.5, smoothing: 3, hopSeconds: 0.5, refractorySeconds: 1 };
    const whole = await detectInFile(file, scorer, options);
    const live = await LiveSession.open(scorer, options);
    const times: number[] = [];
    const smoothed: number[] = [];
    const detections: number[] = [];
    const pending = [];
    // Chunks are pushed without waiting, as the UI sends them; the session scores them in order.
    for (let at = 0; at < audio.length; at += 1600) pending.push(live.push(audio.subarray(at, Math.min(audio.length, at + 1600))));
    for (const { steps, detections: found } of await Promise.all(pending)) {
      detections.push(...found.map((d) => d.time));
      for (const step of steps) {
        times.push(step.time);
        smoothed.push(step.smoothed);
      }
    }
    expect(times).toHaveLength(whole.times.length);
    times.forEach((t, i) => expect(t).toBeCloseTo(whole.times[i] as number, 9));
    smoothed.forEach((s, i) => expect(Math.abs(s - (whole.scores[i] as number))).toBeLessThan(1e-4));
    expect(whole.detections.length).toBeGreaterThan(0);
    expect(detections).toEqual(whole.detections.map((d) => d.time));
  }, 60_000);

  it('scores a clip-length file as evaluation scores a split clip and names a file that is not audio', async () => {
    const clip = path.join(workspace, 'data', 'raw', 'positive', 'clip_004.wav');
    const result = await detectInFile(clip, scorer, { threshold: 0.5, ...DEFAULT_DETECTION_SETTINGS });
    expect(result.mode).toBe('clip');
    // Clip mode scores the file as validation and evaluation score a clip: in a short stream of its own.
    const split = await scoreSplit(workspace, 'test', scorer);
    expect(result.score).toBeCloseTo(split.files.find((f) => f.path === 'positive/clip_004.wav')?.scores[0] ?? -1, 5);
    const junk = path.join(workspace, 'junk.wav');
    await writeFile(junk, 'not audio');
    await expect(detectInFile(junk, scorer, { threshold: 0.5, smoothing: 1, hopSeconds: 0.1, refractorySeconds: 1 })).rejects.toThrow(/junk\.wav/);
  }, 60_000);
});
