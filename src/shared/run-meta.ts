/** What runs/<id>/meta.json records about a training run. */
import type { RunOperatingPoint } from './core/evaluation/operating-point';
import type { BackendReport, BestModel, EpochMetrics } from './trainer-protocol';

export const RUN_STATUSES = ['running', 'paused', 'stopped', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

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
  /** The operating point saved from evaluation (a copy of operating-point.json), used by detection and export. */
  readonly operatingPoint?: RunOperatingPoint;
  readonly error?: string;
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
