/** Data the dataset requests and events carry across the contract (see src/shared/contract/api.ts). */
import type { GroupBy } from './manifest';
import type { HealthReport } from './health-report';
import type { SplitCounts, SplitRatios } from './split';
import type { CategoryTotalsMap, FileProblem } from './summary';

export interface WorkspaceStatus {
  readonly path: string;
  readonly exists: boolean;
  /** Layout folders that are not there yet ("data/raw/rirs" ...); "New workspace" creates them. */
  readonly missingFolders: readonly string[];
}

export interface ScanSummary {
  readonly scannedAt: string;
  /** Wall time of the scan that produced it; null when read back from a manifest. */
  readonly durationMs: number | null;
  readonly totalFiles: number;
  readonly validFiles: number;
  readonly invalidFiles: number;
  readonly ignoredFiles: number;
  /** Files whose entry came from the cache (unchanged path, size and mtime). */
  readonly reusedFromCache: number;
  readonly categories: CategoryTotalsMap;
  /** The first invalid files (up to SUMMARY_LIST_LIMIT); `invalidFiles` has the full count. */
  readonly invalid: readonly FileProblem[];
  readonly warnings: readonly FileProblem[];
  readonly warningCount: number;
  readonly health: HealthReport;
}

export interface SplitSummary {
  readonly createdAt: string;
  readonly seed: number;
  readonly ratios: SplitRatios;
  readonly groupBy: GroupBy;
  readonly counts: SplitCounts;
  readonly background: number;
  readonly rirs: number;
  readonly skipped: number;
}

export interface DatasetOverview {
  readonly workspace: WorkspaceStatus | null;
  readonly scan: ScanSummary | null;
  readonly split: SplitSummary | null;
  /** The workspace's wake phrase: synthesised positives (data/raw/positive/synthetic/<slug>/), else its one phrase folder under positive/. */
  readonly synthPhrase?: string | null;
  /** Whether data/raw changed after the last scan and split (added, removed or renamed files; edits seen by the watcher). */
  readonly freshness?: DatasetFreshness;
}

export interface DatasetFreshness {
  /** The latest change seen in data/raw (ISO time), or null when none could be read. */
  readonly dataChangedAt: string | null;
  readonly scanStale: boolean;
  readonly splitStale: boolean;
}

/** `dataset:changed`: something in the open workspace's data/raw changed (debounced), inside the app or outside it. */
export interface DatasetChange {
  readonly workspace: string;
  readonly changedAt: string;
}

export type ScanOutcome = { readonly status: 'completed'; readonly summary: ScanSummary } | { readonly status: 'cancelled' };

export type ScanPhase = 'listing' | 'reading' | 'writing' | 'done' | 'cancelled' | 'failed';

export interface ScanProgress {
  readonly workspace: string;
  readonly phase: ScanPhase;
  readonly done: number;
  /** 0 while still listing folders. */
  readonly total: number;
}
