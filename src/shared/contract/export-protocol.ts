/** Messages between the export service (main) and the export process (src/worker/export.ts). */
import type { BackendChoice } from './backend-choices';
import type { ExportResult } from './export-contract';
import type { ExportFormat } from '../export/wakeword-manifest';

export interface ExportJob {
  readonly runDir: string;
  readonly format: ExportFormat;
  readonly outDir: string;
  readonly int8?: boolean;
  readonly appVersion: string;
  /** TF.js backend for the reference scores (default wasm). */
  readonly backend?: BackendChoice;
  /** The wake phrase an openWakeWord model is named after; default the workspace's phrase, else the run's name. */
  readonly phrase?: string;
}

export type ExportParentMessage = { readonly type: 'start'; readonly job: ExportJob };

export type ExportWorkerMessage =
  | { readonly type: 'progress'; readonly step: string; readonly fraction: number | null }
  | { readonly type: 'done'; readonly result: ExportResult }
  | { readonly type: 'error'; readonly message: string };

const WORKER_TYPES: ReadonlySet<string> = new Set<ExportWorkerMessage['type']>(['progress', 'done', 'error']);

/** A type tag check at the process boundary: the sender is our own code. */
export function isExportWorkerMessage(value: unknown): value is ExportWorkerMessage {
  return typeof value === 'object' && value !== null && WORKER_TYPES.has(String((value as { type?: unknown }).type));
}

export function isExportParentMessage(value: unknown): value is ExportParentMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'start' && typeof (value as { job?: unknown }).job === 'object';
}
