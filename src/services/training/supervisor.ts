/**
 * Supervises one trainer process per workspace: starts it, relays pause/resume/stop, keeps the run's
 * history for late joiners (a reloaded window, a reconnecting browser), and turns a crash into a clear
 * error state that can be restarted. It never lets a worker failure escape into the host process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isWorkerMessage, type SupervisorMessage, type TrainJob, type WorkerMessage } from '../../shared/contract/trainer-protocol';
import { assertNever } from '../../shared/assert-never';
import { stepRemainingSeconds } from '../../shared/core/training-view/eta';
import { IDLE_STATUS, isActive, MAX_LOG_LINES, type LogLine, type TrainingStatus } from '../../shared/training-status';
import { writeJsonAtomic } from '../../node/fs/atomic-write';
import { type Job, type JobEnd, type JobProtocol, startJob } from './job-runner';
import type { WorkerLauncher } from '../../node/training/worker-handle';

const TRAINER_PROTOCOL: JobProtocol<WorkerMessage> = { name: 'trainer', accepts: isWorkerMessage };

export interface SupervisorEvents {
  /** Every state change, with the whole status (cheap: history is per epoch). */
  status(status: TrainingStatus): void;
  /** Batch progress, throttled. */
  batch(status: TrainingStatus): void;
  log(line: LogLine): void;
  finished(status: TrainingStatus): void;
}

export interface SupervisorOptions {
  readonly launch: WorkerLauncher;
  readonly events: SupervisorEvents;
  /** Minimum milliseconds between batch events (~4/s). */
  readonly batchIntervalMs?: number;
  readonly now?: () => number;
}

export class TrainingSupervisor {
  private status: TrainingStatus = IDLE_STATUS;
  private worker: Job<SupervisorMessage, WorkerMessage> | null = null;
  private lastBatchEmit = 0;
  /** The counted preparation step under way: its name without counts, when it started, the last quarter logged. */
  private step: { key: string; started: number; quarter: number } | null = null;
  private lastStepEmit = 0;

  constructor(private readonly options: SupervisorOptions) {}

  getStatus(): TrainingStatus {
    return this.status;
  }

  start(job: TrainJob): TrainingStatus {
    if (isActive(this.status.state)) {
      throw new Error(`A training run is already ${this.status.state} (${this.status.runDir ?? 'unknown run'}): stop it before starting another.`);
    }
    this.status = { ...IDLE_STATUS, state: 'starting', runDir: job.runDir, startedAt: new Date(this.now()).toISOString() };
    const worker: Job<SupervisorMessage, WorkerMessage> = startJob(this.options.launch, TRAINER_PROTOCOL, {
      message: (message) => this.handle(message),
      rejected: (_raw, preview) => this.log('warn', `Ignored a malformed message from the trainer: ${preview}`),
      exit: (end) => this.ended(worker, end),
      crash: (end) => this.ended(worker, end),
    });
    this.worker = worker;
    worker.send({ type: 'start', job });
    this.emitStatus();
    return this.status;
  }

  pause(): TrainingStatus {
    this.requireState(['running'], 'pause');
    this.worker?.send({ type: 'pause' });
    return this.status;
  }

  resume(): TrainingStatus {
    this.requireState(['paused'], 'resume');
    this.worker?.send({ type: 'resume' });
    return this.status;
  }

  /** Stops after the current batch; the worker still writes a final checkpoint and keeps the best model. */
  stop(): TrainingStatus {
    this.requireState(['starting', 'running', 'paused'], 'stop');
    this.set({ state: 'stopping' });
    this.worker?.send({ type: 'stop' });
    return this.status;
  }

  /** Ends the worker at once (app quit). */
  dispose(): void {
    const worker = this.worker;
    this.worker = null;
    worker?.kill();
  }

  /** The process ended while this supervisor still listened to it. */
  private ended(worker: Job<SupervisorMessage, WorkerMessage>, end: JobEnd): void {
    if (this.worker === worker) this.worker = null;
    if (isActive(this.status.state)) void this.fail(`The trainer process ended unexpectedly (${end.detail}). The run folder keeps its last good checkpoint; start again or resume from it.`);
    else if (end.kind === 'crash' && this.status.state !== 'failed') this.log('warn', `Trainer process ${end.detail}`);
  }

  private requireState(allowed: readonly TrainingStatus['state'][], action: string): void {
    if (!allowed.includes(this.status.state)) throw new Error(`Cannot ${action} training while it is ${this.status.state}.`);
  }

  private handle(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'backend':
        this.set({ backend: message.backend });
        return;
      case 'phase':
        if (message.phase === 'preparing' && message.done !== undefined && message.total !== undefined && message.total > 0) {
          this.preparing(message.detail, message.done, message.total);
          return;
        }
        this.step = null;
        this.set({ state: this.status.state === 'starting' ? 'running' : this.status.state, phase: message.detail, preparation: null });
        return;
      case 'batch': {
        const { type: _type, ...batch } = message;
        this.status = { ...this.status, batch, state: this.status.state === 'starting' ? 'running' : this.status.state };
        const now = this.now();
        if (now - this.lastBatchEmit >= (this.options.batchIntervalMs ?? 250) || batch.batch === batch.batches) {
          this.lastBatchEmit = now;
          this.options.events.batch(this.status);
        }
        return;
      }
      case 'epoch':
        this.set({ history: [...this.status.history, message.metrics], best: message.best ?? this.status.best });
        return;
      case 'log':
        this.log(message.level, message.message);
        return;
      case 'checkpoint':
        this.log('info', `Checkpoint saved for epoch ${String(message.epoch)}: ${message.path}`);
        return;
      case 'paused':
        this.set({ state: 'paused' });
        return;
      case 'resumed':
        this.set({ state: 'running' });
        return;
      case 'done':
        this.set({ state: message.status, best: message.best ?? this.status.best, earlyStop: message.earlyStop ?? null });
        this.log('info', message.earlyStop ? `Training completed early: epoch ${String(message.earlyStop.epoch)} of ${String(message.earlyStop.epochs)}, no improvement of ${message.earlyStop.metric} in ${String(message.earlyStop.patience)} epochs.` : `Training ${message.status}.`);
        this.options.events.finished(this.status);
        // Its answer is in: the process exits on its own, and nothing it does after this concerns the run.
        this.worker?.detach();
        this.worker = null;
        return;
      case 'error':
        void this.fail(message.message);
        return;
      default:
        assertNever(message);
    }
  }

  private async fail(message: string): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    worker?.kill();
    this.set({ state: 'failed', error: message });
    this.log('error', message);
    // Record the failure on disk before announcing it, so whoever reacts sees a consistent run folder.
    if (this.status.runDir) await markRunFailed(this.status.runDir, message);
    this.options.events.finished(this.status);
  }

  /**
   * A counted preparation step (the embedding pass takes minutes): progress with an ETA in the status (at most
   * ~4 updates a second), and log lines when it starts, at each quarter and when it ends.
   */
  private preparing(detail: string, done: number, total: number): void {
    const now = this.now();
    const key = detail.replace(/\s*\(.*$/, '');
    if (this.step?.key !== key) {
      this.step = { key, started: now, quarter: 0 };
      this.log('info', `${key}: ${String(total)} items`);
    }
    const step = this.step;
    const quarter = Math.floor((4 * Math.min(done, total)) / total);
    if (quarter > step.quarter) {
      step.quarter = quarter;
      const seconds = (now - step.started) / 1000;
      this.log('info', `${detail}${quarter === 4 ? `: done in ${seconds.toFixed(1)} s` : ''}`);
    }
    const preparation = { detail, done, total, etaSeconds: stepRemainingSeconds(done, total, (now - step.started) / 1000) };
    const state = this.status.state === 'starting' ? 'running' : this.status.state;
    this.status = { ...this.status, state, phase: detail, preparation };
    if (now - this.lastStepEmit >= (this.options.batchIntervalMs ?? 250) || done === 0 || done >= total) {
      this.lastStepEmit = now;
      this.emitStatus();
    }
  }

  private set(patch: Partial<TrainingStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emitStatus();
  }

  private emitStatus(): void {
    this.options.events.status(this.status);
  }

  private log(level: LogLine['level'], message: string): void {
    const line: LogLine = { time: new Date(this.now()).toISOString(), level, message };
    const logs = this.status.logs.length >= MAX_LOG_LINES ? [...this.status.logs.slice(1 - MAX_LOG_LINES), line] : [...this.status.logs, line];
    this.status = { ...this.status, logs };
    this.options.events.log(line);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** The worker cannot record its own crash: the supervisor marks the run's meta.json failed, atomically. */
async function markRunFailed(runDir: string, message: string): Promise<void> {
  const file = path.join(runDir, 'meta.json');
  try {
    const meta = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeJsonAtomic(file, { ...meta, status: 'failed', error: message, endedAt: new Date().toISOString() });
  } catch {
    // No meta.json yet (crash before the run started): nothing to mark.
  }
}
