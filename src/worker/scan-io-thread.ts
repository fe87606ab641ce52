/**
 * One of the dataset scan's I/O threads (worker_threads, started by src/node/dataset/scan-io-pool.ts inside
 * the scan process). For each path it does what the synchronous scanner does: one open, one fstat, one read
 * of the first 4 KiB into a shared slot, one close (or only a stat, for cache checks). Parsing stays on the
 * scan's main thread; several of these keep several reads in flight when the files come from the disk.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { FAILED, HEAD_BYTES, META_FIELDS, STAT_ONLY, type ScanIoReply, type ScanIoRequest, type ScanIoThreadData } from '../node/dataset/scan-io-layout';

if (!parentPort) throw new Error('scan-io-thread runs as a worker thread of the dataset scan; it cannot be started on its own.');
const port = parentPort;
const data = workerData as ScanIoThreadData;
// Shared, reused buffers: fresh ones per batch cost a page fault per 4 KiB, which doubled the scan's time.
const heads = data.heads.map((buffer) => new Uint8Array(buffer));
const metas = data.metas.map((buffer) => new Float64Array(buffer));

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ?? String((error as Error | null)?.message);
}

port.on('message', (job: ScanIoRequest) => {
  const paths = job.paths.split('\0');
  const head = heads[job.slot] as Uint8Array;
  const meta = metas[job.slot] as Float64Array;
  const errors: (readonly [number, string])[] = [];
  for (let i = 0; i < paths.length; i++) {
    const file = paths[i] as string;
    const at = i * META_FIELDS;
    try {
      if (job.statOnly[i]) {
        const stats = statSync(file);
        meta[at] = stats.size;
        meta[at + 1] = stats.mtimeMs;
        meta[at + 2] = STAT_ONLY;
        continue;
      }
      const fd = openSync(file, 'r');
      try {
        const stats = fstatSync(fd);
        meta[at] = stats.size;
        meta[at + 1] = stats.mtimeMs;
        meta[at + 2] = stats.size === 0 ? 0 : readSync(fd, head, i * HEAD_BYTES, Math.min(HEAD_BYTES, stats.size), 0);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      meta[at + 2] = FAILED;
      errors.push([i, errorCode(error)]);
    }
  }
  port.postMessage({ id: job.id, errors } satisfies ScanIoReply);
});
