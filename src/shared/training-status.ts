/** What the UI needs to draw the Training panel at any moment, also after a reload or a reconnect. */
import type { BackendReport, BatchProgress, BestModel, EarlyStop, EpochMetrics, LogLevel } from './contract/trainer-protocol';

export const TRAINING_STATES = ['idle', 'starting', 'running', 'paused', 'stopping', 'completed', 'stopped', 'failed'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

export interface LogLine {
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
}

/** A counted preparation step before the first epoch (decoding audio, the openWakeWord embedding pass). */
export interface PreparationProgress {
  /** The trainer's words, e.g. "Embedding audio with openWakeWord (120/420, 80 from the cache)". */
  readonly detail: string;
  readonly done: number;
  readonly total: number;
  /** Seconds until this step ends, from its rate so far; null until it can be measured. */
  readonly etaSeconds: number | null;
}

export interface TrainingStatus {
  readonly state: TrainingState;
  readonly runDir: string | null;
  readonly startedAt: string | null;
  readonly backend: BackendReport | null;
  readonly phase: string | null;
  /** Progress of the current preparation step; null (or absent) once training runs. */
  readonly preparation?: PreparationProgress | null;
  readonly batch: BatchProgress | null;
  readonly history: readonly EpochMetrics[];
  readonly best: BestModel | null;
  /** Set when the run completed by early stopping: the status then reads "Completed (early stopping at 17/30)". */
  readonly earlyStop?: EarlyStop | null;
  readonly error: string | null;
  readonly logs: readonly LogLine[];
}

export const IDLE_STATUS: TrainingStatus = {
  state: 'idle',
  runDir: null,
  startedAt: null,
  backend: null,
  phase: null,
  preparation: null,
  batch: null,
  history: [],
  best: null,
  error: null,
  logs: [],
};

export const MAX_LOG_LINES = 1000;

export function isActive(state: TrainingState): boolean {
  return state === 'starting' || state === 'running' || state === 'paused' || state === 'stopping';
}

/** A refused start says why, and which panel fixes it (the UI offers a button that goes there). */
export type TrainingStartResult =
  | { readonly started: true; readonly status: TrainingStatus }
  | { readonly started: false; readonly reason: string; readonly fixIn: 'dataset' | 'configuration' | null };
