/**
 * Live detection sessions (the microphone test): one evaluator process holds the model while the UI streams
 * ~100 ms chunks of 16 kHz audio. One session at a time; an idle session ends itself so a closed window
 * cannot leave a process behind.
 */
import { randomUUID } from 'node:crypto';
import type { LiveChunkResult, LiveStreamInfo } from '../../shared/contract/evaluation-contract';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { DetectionSettings } from '../../shared/core/evaluation/operating-point';
import { type EvaluatorMessage, type EvaluatorRequest, isEvaluatorMessage } from '../../shared/contract/evaluator-protocol';
import { type Job, type JobEnd, type JobProtocol, startJob } from '../training/job-runner';
import type { WorkerLauncher } from '../../node/training/worker-handle';

const LIVE_PROTOCOL: JobProtocol<EvaluatorMessage> = { name: 'live detection process', accepts: isEvaluatorMessage };

const IDLE_MS = 30_000;

interface Pending {
  readonly resolve: (result: LiveChunkResult) => void;
  readonly reject: (error: Error) => void;
}

interface Session {
  readonly handle: Job<EvaluatorRequest, EvaluatorMessage>;
  readonly pending: Map<number, Pending>;
  nextId: number;
  idle: ReturnType<typeof setTimeout> | null;
}

export class LiveSessions {
  private readonly launch: WorkerLauncher<EvaluatorRequest>;
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;

  constructor(launch: WorkerLauncher<EvaluatorRequest>, idleMs = IDLE_MS) {
    this.launch = launch;
    this.idleMs = idleMs;
  }

  start(runDir: string, backend: BackendChoice, options: DetectionSettings & { readonly threshold: number }): Promise<LiveStreamInfo> {
    this.stopAll();
    const sessionId = randomUUID();
    return new Promise((resolve, reject) => {
      let ready = false;
      const ended = (end: JobEnd): void => {
        this.forget(sessionId);
        const error = new Error(`the live detection process ended (${end.detail})`);
        if (!ready) reject(error);
        for (const waiting of session.pending.values()) waiting.reject(error);
        session.pending.clear();
      };
      const handle = startJob(this.launch, LIVE_PROTOCOL, {
        message: (message) => {
          if (message.type === 'stream-ready') {
            ready = true;
            this.touch(sessionId);
            resolve({ sessionId, sampleRate: message.sampleRate, windowSeconds: message.windowSamples / message.sampleRate, ...options, backend: message.backend });
          } else if (message.type === 'chunk-scores') {
            const waiting = session.pending.get(message.id);
            session.pending.delete(message.id);
            waiting?.resolve({ steps: message.steps, detections: message.detections });
          } else if (message.type === 'error') {
            if (!ready) reject(new Error(message.message));
            for (const waiting of session.pending.values()) waiting.reject(new Error(message.message));
            session.pending.clear();
          }
        },
        exit: ended,
        crash: ended,
      });
      const session: Session = { handle, pending: new Map(), nextId: 1, idle: null };
      this.sessions.set(sessionId, session);
      handle.send({ type: 'stream', runDir, backend, options });
    });
  }

  chunk(sessionId: string, samples: readonly number[]): Promise<LiveChunkResult> {
    const session = this.sessions.get(sessionId);
    if (!session) return Promise.reject(new Error('this live detection session has ended: start the microphone test again'));
    this.touch(sessionId);
    const id = session.nextId++;
    return new Promise((resolve, reject) => {
      session.pending.set(id, { resolve, reject });
      session.handle.send({ type: 'chunk', id, samples: Float32Array.from(samples) });
    });
  }

  stop(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.forget(sessionId);
    session.handle.send({ type: 'stop' });
    // A process stuck in a long chunk gets a moment, then is ended.
    setTimeout(() => {
      if (!session.handle.running) return;
      session.handle.kill();
      for (const waiting of session.pending.values()) waiting.reject(new Error('the live detection process was ended: it did not stop when asked'));
      session.pending.clear();
    }, 2000).unref();
    return true;
  }

  stopAll(): void {
    for (const id of [...this.sessions.keys()]) this.stop(id);
  }

  private touch(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    if (session.idle) clearTimeout(session.idle);
    session.idle = setTimeout(() => this.stop(sessionId), this.idleMs);
    session.idle.unref();
  }

  private forget(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session?.idle) clearTimeout(session.idle);
    this.sessions.delete(sessionId);
  }
}
