/**
 * Messages between the dataset service (main) and the scan process (src/worker/scan.ts). Cancelling ends
 * the process: the scan's loop is synchronous (no time slices to read a message between), and the manifest
 * is only ever replaced by an atomic rename, so a killed scan leaves the previous manifest as it was.
 */
import type { ScanSummary } from '../core/dataset/dataset-types';

export interface ScanJob {
  /** The workspace folder (its data/raw is scanned, data/manifest.json written). */
  readonly workspace: string;
}

export type ScanParentMessage = { readonly type: 'start'; readonly job: ScanJob };

/** The phases the process reports; 'done', 'cancelled' and 'failed' are the service's to announce. */
export type ScanJobPhase = 'listing' | 'reading' | 'writing';

export type ScanWorkerMessage =
  | { readonly type: 'progress'; readonly phase: ScanJobPhase; readonly done: number; readonly total: number }
  /** The manifest is written; the summary is all the panel needs (a 50,000-file manifest stays in the file). */
  | { readonly type: 'done'; readonly summary: ScanSummary; readonly cacheWarning: string | null; readonly ioWorkers: number }
  | { readonly type: 'error'; readonly message: string };

const PHASES: ReadonlySet<string> = new Set<ScanJobPhase>(['listing', 'reading', 'writing']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The checks at the process boundary: the sender is our own code, so shapes are checked, not every field. */
export function isScanWorkerMessage(value: unknown): value is ScanWorkerMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'progress':
      return PHASES.has(String(value.phase)) && typeof value.done === 'number' && typeof value.total === 'number';
    case 'done':
      return isRecord(value.summary) && typeof value.ioWorkers === 'number' && (value.cacheWarning === null || typeof value.cacheWarning === 'string');
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}

export function isScanParentMessage(value: unknown): value is ScanParentMessage {
  return isRecord(value) && value.type === 'start' && isRecord(value.job) && typeof value.job.workspace === 'string';
}
