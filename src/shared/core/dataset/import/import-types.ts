/** What the import requests and their progress event carry (see ../contract.ts). */
import type { DatasetCategory } from '../categories';

/** Raw bytes per `dataset:import-upload` chunk: base64 (4/3) plus the JSON envelope stays under serve's 4 MiB message limit. */
export const UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024;
/** Longest base64 text one chunk can need. */
export const UPLOAD_CHUNK_CHARS = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4;
/** Browser uploads larger than this are refused: copy such files into the workspace folder directly. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

export interface ImportedFile {
  /** Where it came from: an absolute path (desktop) or the dropped name (browser). */
  readonly source: string;
  /** Where it went, relative to data/raw ("positive/alice/clip (2).wav"). */
  readonly savedAs: string;
}

export interface SkippedFile {
  readonly source: string;
  readonly reason: string;
}

export interface ImportResult {
  readonly category: DatasetCategory;
  readonly imported: readonly ImportedFile[];
  readonly skipped: readonly SkippedFile[];
}

export interface ImportProgress {
  readonly category: DatasetCategory;
  readonly done: number;
  readonly total: number;
  /** The file being copied (its source name). */
  readonly current: string;
}

export type UploadChunkResult =
  | { readonly status: 'partial'; readonly received: number }
  | { readonly status: 'saved'; readonly file: ImportedFile }
  | { readonly status: 'skipped'; readonly file: SkippedFile };
