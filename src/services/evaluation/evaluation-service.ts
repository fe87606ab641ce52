/**
 * Evaluation and detection for the app and `serve`: each job runs in its own evaluator process (TF.js and
 * the model stay out of the UI's process), reporting progress as `evaluation:progress` events.
 */
import path from 'node:path';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { SplitName } from '../../shared/core/dataset/categories';
import type { DetectionResult, EvaluationResult, LiveChunkResult, LiveStreamInfo, RecordingScores } from '../../shared/contract/evaluation-contract';
import type { RunOperatingPoint } from '../../shared/core/evaluation/operating-point';
import { type EvaluatorJob, type EvaluatorMessage, type EvaluatorRequest, isEvaluatorMessage } from '../../shared/contract/evaluator-protocol';
import { LiveSessions } from './live-sessions';
import type { EventBus } from '../event-bus';
import { RUNS_FOLDER, safeRunName } from '../../node/training/run-store';
import { type JobProtocol, requestJob } from '../training/job-runner';
import type { WorkerLauncher } from '../../node/training/worker-handle';
import { readOperatingPoint, saveOperatingPoint } from '../../node/evaluation/operating-point-store';
import { readRunArtifacts } from '../../node/evaluation/run-artifacts';
import { type RecordingFile, scoreRecordings } from './recording-scores';

const EVALUATOR_PROTOCOL: JobProtocol<EvaluatorMessage> = { name: 'evaluator', accepts: isEvaluatorMessage };

export interface EvaluationServiceOptions {
  readonly launch: WorkerLauncher<EvaluatorRequest>;
  readonly bus: EventBus;
  /** A native chooser for audio files (Electron's dialog); hosts without one leave it out. */
  readonly pickAudioFiles?: () => Promise<readonly string[]>;
}

export interface DetectRequest {
  readonly runId: string;
  readonly file: string;
  readonly threshold?: number | undefined;
  readonly smoothing?: number | undefined;
  readonly hopSeconds?: number | undefined;
  readonly refractorySeconds?: number | undefined;
  readonly backend?: BackendChoice | undefined;
}

export function runDirOf(workspace: string, runId: string): string {
  if (safeRunName(runId) !== runId) throw new Error(`not a run id: ${JSON.stringify(runId)}`);
  return path.join(workspace, RUNS_FOLDER, runId);
}

export class EvaluationService {
  private readonly options: EvaluationServiceOptions;
  private readonly live: LiveSessions;

  constructor(options: EvaluationServiceOptions) {
    this.options = options;
    this.live = new LiveSessions(options.launch);
  }

  async evaluate(workspace: string, args: { runId: string; split: SplitName; backend?: BackendChoice | undefined }): Promise<EvaluationResult> {
    const runDir = runDirOf(workspace, args.runId);
    // Read here first so a run without a model fails at once, with the run folder's own message.
    const artifacts = await readRunArtifacts(runDir);
    const message = await this.runJob(args.runId, { type: 'evaluate', runDir, workspace, split: args.split, backend: args.backend ?? 'auto' });
    if (message.type !== 'evaluated') throw new Error(`the evaluator answered ${message.type} to an evaluation`);
    return {
      runId: args.runId,
      runDir,
      split: args.split,
      scores: message.scores,
      operatingPoint: await readOperatingPoint(runDir),
      targetFah: artifacts.config.selection.target_fah,
      backend: message.backend,
    };
  }

  async detect(args: DetectRequest & { workspace: string }): Promise<DetectionResult> {
    const runDir = runDirOf(args.workspace, args.runId);
    await readRunArtifacts(runDir);
    const point = await readOperatingPoint(runDir);
    const options = {
      threshold: args.threshold ?? point.threshold,
      smoothing: args.smoothing ?? point.smoothing,
      hopSeconds: args.hopSeconds ?? point.hopSeconds,
      refractorySeconds: args.refractorySeconds ?? point.refractorySeconds,
    };
    const message = await this.runJob(args.runId, { type: 'detect', runDir, file: path.resolve(args.file), backend: args.backend ?? 'auto', options });
    if (message.type !== 'detected') throw new Error(`the evaluator answered ${message.type} to a detection`);
    return { ...message.detection, ...options, runId: args.runId, backend: message.backend };
  }

  /** Any recordings (chosen, dropped or uploaded; already confined by the caller) at the run's operating point unless overridden. */
  async scoreFiles(workspace: string, args: Omit<DetectRequest, 'file'> & { files: readonly RecordingFile[] }): Promise<RecordingScores> {
    const runDir = runDirOf(workspace, args.runId);
    await readRunArtifacts(runDir);
    const point = await readOperatingPoint(runDir);
    const options = {
      threshold: args.threshold ?? point.threshold,
      smoothing: args.smoothing ?? point.smoothing,
      hopSeconds: args.hopSeconds ?? point.hopSeconds,
      refractorySeconds: args.refractorySeconds ?? point.refractorySeconds,
    };
    const scored = await scoreRecordings(this.options.launch, this.options.bus, { runId: args.runId, runDir, files: args.files, backend: args.backend ?? 'auto', options });
    return { ...scored, ...options, runId: args.runId };
  }

  pickAudioFiles(): Promise<readonly string[]> {
    return this.options.pickAudioFiles?.() ?? Promise.resolve([]);
  }

  /** Starts the microphone test's live session at the run's operating point (threshold/smoothing overridable). */
  async startLive(workspace: string, args: { runId: string; threshold?: number | undefined; smoothing?: number | undefined; backend?: BackendChoice | undefined }): Promise<LiveStreamInfo> {
    const runDir = runDirOf(workspace, args.runId);
    await readRunArtifacts(runDir);
    const point = await readOperatingPoint(runDir);
    return this.live.start(runDir, args.backend ?? 'auto', {
      threshold: args.threshold ?? point.threshold,
      smoothing: args.smoothing ?? point.smoothing,
      hopSeconds: point.hopSeconds,
      refractorySeconds: point.refractorySeconds,
    });
  }

  liveChunk(sessionId: string, samples: readonly number[]): Promise<LiveChunkResult> {
    return this.live.chunk(sessionId, samples);
  }

  stopLive(sessionId: string): boolean {
    return this.live.stop(sessionId);
  }

  operatingPoint(workspace: string, runId: string): Promise<RunOperatingPoint> {
    return readOperatingPoint(runDirOf(workspace, runId));
  }

  saveOperatingPoint(workspace: string, args: { runId: string } & Omit<RunOperatingPoint, 'version' | 'savedAt'>): Promise<RunOperatingPoint> {
    const { runId, ...point } = args;
    return saveOperatingPoint(runDirOf(workspace, runId), point);
  }

  private runJob(runId: string, job: Exclude<EvaluatorJob, { type: 'stream' | 'detect-files' }>): Promise<Exclude<EvaluatorMessage, { type: 'progress' | 'error' }>> {
    return requestJob<EvaluatorRequest, EvaluatorMessage, Exclude<EvaluatorMessage, { type: 'progress' | 'error' }>>({
      launch: this.options.launch,
      protocol: EVALUATOR_PROTOCOL,
      request: job,
      step: (message) => {
        switch (message.type) {
          case 'progress':
            this.options.bus.emit('evaluation:progress', { runId, job: job.type, done: message.done, total: message.total, detail: message.detail });
            return null;
          case 'error':
            return { error: message.message };
          default:
            return { result: message };
        }
      },
      ended: (end) => `the evaluator process ended before answering (${end.kind === 'exit' ? 'exited' : end.detail})`,
    });
  }
}
