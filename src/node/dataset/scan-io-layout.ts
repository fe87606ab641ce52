/**
 * What the scan's I/O threads (src/worker/scan-io-thread.ts) and the scanner share: the layout of the
 * shared slots the threads fill, one batch of files per slot.
 */
export const HEAD_BYTES = 4096;

/** Per file in `meta`: size, mtimeMs, and bytes read into `heads` (STAT_ONLY for stat jobs, FAILED on error). */
export const META_FIELDS = 3;
export const STAT_ONLY = -2;
export const FAILED = -1;

/** Files per batch: one shared slot holds their heads (1 MiB) and facts. */
export const IO_BATCH = 256;

/** What the pool hands each thread when it starts: the shared slots, as byte buffers. */
export interface ScanIoThreadData {
  readonly heads: readonly SharedArrayBuffer[];
  readonly metas: readonly SharedArrayBuffer[];
}

/** One batch for a thread: NUL-joined paths (no path can hold a NUL), and which of them need only a stat. */
export interface ScanIoRequest {
  readonly id: number;
  readonly slot: number;
  readonly paths: string;
  readonly statOnly: Uint8Array;
}

/** The thread's answer: the slot is filled; [index in the batch, error code] for each failed file. */
export interface ScanIoReply {
  readonly id: number;
  readonly errors: readonly (readonly [number, string])[];
}
