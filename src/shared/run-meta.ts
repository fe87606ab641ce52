/** What runs/<id>/meta.json records about a training run. */
import type { RunOperatingPoint } from './core/evaluation/operating-point';
import type { BackendReport, BestModel, EarlyStop, EpochMetrics } from './contract/trainer-protocol';

/** `interrupted` is never written: the run store reports it for a `running`/`paused` run whose owner is gone. */
export const RUN_STATUSES = ['running', 'paused', 'stopped', 'completed', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The process writing a run: with the heartbeat, how a listing tells a live run from a dead one. */
export interface RunOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface RunMeta {
  readonly id: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly endedAt?: string;
  readonly preset: string | null;
  readonly backend: BackendReport | null;
  readonly versions: Readonly<Record<string, string>>;
  /** sha256 of data/splits/*.json at the start, so a later change of the dataset is visible. */
  readonly datasetHash: string | null;
  readonly epochs: number;
  readonly lastEpoch: number;
  readonly best: BestModel | null;
  /** Set when the run completed by early stopping (absent otherwise and in older runs). */
  readonly earlyStop?: EarlyStop;
  /** The operating point saved from evaluation (a copy of operating-point.json), used by detection and export. */
  readonly operatingPoint?: RunOperatingPoint;
  readonly error?: string;
  readonly owner?: RunOwner;
  /** Refreshed by the trainer every few seconds while it lives. */
  readonly heartbeatAt?: string;
}

export interface RunSummary {
  readonly id: string;
  readonly dir: string;
  readonly meta: RunMeta;
}

export interface RunDetail extends RunSummary {
  readonly history: readonly EpochMetrics[];
  readonly checkpoints: readonly string[];
}
