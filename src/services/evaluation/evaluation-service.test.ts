import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationProgress } from '../../shared/contract/evaluation-contract';
import type { EvaluatorRequest } from '../../shared/contract/evaluator-protocol';
import { writeSyntheticRun } from '../../../tests/support/synthetic-run';
import { TSX_EXEC_ARGV } from '../../../tests/support/tsx-worker';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { EventBus } from '../event-bus';
import { findProjectRoot } from '../../node/project-root';
import { nodeWorkerLauncher, type WorkerHandle } from '../../node/training/worker-handle';
import { EvaluationService } from './evaluation-service';

const ROOT = findProjectRoot();

function realService(bus = new EventBus()): EvaluationService {
  return new EvaluationService({ launch: nodeWorkerLauncher<EvaluatorRequest>({ entry: path.join(ROOT, 'src', 'worker', 'evaluate.ts'), execArgv: TSX_EXEC_ARGV }), bus });
}

describe('EvaluationService with the real evaluator process', () => {
  let workspace = '';
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'eval-service-'));
    await writeSyntheticWorkspace(workspace, { positive: 5, negative: 5, hard_negative: 5 });
    await writeSyntheticRun(workspace, 'run-a', 0.42);
  });

  it('scores the test split in a child process and reports progress', async () => {
    const bus = new EventBus();
    const progress: EvaluationProgress[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'evaluation:progress') progress.push(payload as EvaluationProgress);
    });
    const result = await realService(bus).evaluate(workspace, { runId: 'run-a', split: 'test', backend: 'cpu' });
    // Every 5th synthetic file of each kind lands in test.
    expect(result.scores.files.map((f) => f.path)).toEqual(['positive/clip_004.wav', 'negative/clip_004.wav', 'hard_negative/clip_004.wav']);
    for (const file of result.scores.files) {
      expect(file.scores).toHaveLength(1);
      expect(file.scores[0]).toBeGreaterThanOrEqual(0);
      expect(file.scores[0]).toBeLessThanOrEqual(1);
    }
    // One 1 s negative is a stream of a single 1 s window: the streaming detector decides once, one 0.1 s hop.
    expect(result.scores.generalNegativeHours).toBeCloseTo(0.1 / 3600, 9);
    expect(result.operatingPoint).toMatchObject({ threshold: 0.42, source: 'training' });
    expect(result.backend).toBe('cpu');
    expect(progress.at(-1)).toMatchObject({ runId: 'run-a', job: 'evaluate', done: 3, total: 3 });
  }, 60_000);

  it('streams a long recording through the detector with the saved operating point', async () => {
    const service = realService();
    await service.saveOperatingPoint(workspace, { runId: 'run-a', threshold: 0, source: 'threshold', targetFah: null, split: null, frr: null, fah: null, smoothing: 1, hopSeconds: 0.5, refractorySeconds: 0 });
    const long = path.join(workspace, 'long.wav');
    const audio = new Float32Array(16000 * 4);
    audio.set(synthClip('positive', 1), 16000);
    await writeFile(long, pcm16Wav(audio, 16000));
    const result = await service.detect({ workspace, runId: 'run-a', file: long, backend: 'cpu' });
    expect(result).toMatchObject({ mode: 'stream', threshold: 0, smoothing: 1, hopSeconds: 0.5 });
    // 4 s in 1 s windows every 0.5 s: 7 windows; threshold 0 accepts all, one stretch that ends with the file.
    expect(result.times).toHaveLength(7);
    expect(result.detections.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('fails with the run folder named when the run has no model, and with a missing file', async () => {
    const service = realService();
    await expect(service.evaluate(workspace, { runId: 'missing', split: 'test' })).rejects.toThrow(/run folder not found/);
    await expect(service.evaluate(workspace, { runId: '../x', split: 'test' })).rejects.toThrow(/not a run id/);
    await expect(service.detect({ workspace, runId: 'run-a', file: path.join(workspace, 'nope.wav'), backend: 'cpu' })).rejects.toThrow(/nope.wav/);
  }, 60_000);
});

describe('EvaluationService when the evaluator process dies', () => {
  it('rejects instead of hanging', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'eval-crash-'));
    await writeSyntheticRun(workspace, 'run-b');
    const crashing = (): WorkerHandle<EvaluatorRequest> => {
      let exit: (code: number | null, detail: string) => void = () => undefined;
      return {
        send: () => setTimeout(() => exit(1, 'exited with code 1: out of memory'), 5),
        kill: () => undefined,
        onMessage: () => undefined,
        onExit: (listener) => (exit = listener),
      };
    };
    const service = new EvaluationService({ launch: crashing, bus: new EventBus() });
    await expect(service.evaluate(workspace, { runId: 'run-b', split: 'test' })).rejects.toThrow('the evaluator process ended before answering (exited with code 1: out of memory)');
  });
});

describe('live detection session with the real evaluator process', () => {
  it('scores streamed chunks window by window and reports detections, then stops', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'eval-live-'));
    await writeSyntheticRun(workspace, 'run-c');
    const service = realService();
    // Threshold 0 accepts every window: the detector must still report once per refractory period.
    await service.saveOperatingPoint(workspace, { runId: 'run-c', threshold: 0, source: 'threshold', targetFah: null, split: null, frr: null, fah: null, smoothing: 1, hopSeconds: 0.25, refractorySeconds: 1 });
    const info = await service.startLive(workspace, { runId: 'run-c', backend: 'cpu' });
    expect(info).toMatchObject({ sampleRate: 16000, windowSeconds: 1, hopSeconds: 0.25, threshold: 0 });
    const chunk = Array.from({ length: 1600 }, (_, i) => 0.1 * Math.sin(i / 5));
    const steps = [];
    const detections = [];
    for (let i = 0; i < 30; i++) {
      const result = await service.liveChunk(info.sessionId, chunk);
      steps.push(...result.steps);
      detections.push(...result.detections);
    }
    // 3 s of audio in 1 s windows every 0.25 s: windows start at 0, 0.25 ... 2.0.
    expect(steps.map((s) => s.time)).toEqual([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5]);
    expect(detections.length).toBeGreaterThanOrEqual(1);
    expect(service.stopLive(info.sessionId)).toBe(true);
    await expect(service.liveChunk(info.sessionId, chunk)).rejects.toThrow(/session has ended/);
  }, 60_000);
});
