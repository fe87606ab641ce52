/**
 * The scanner's I/O worker, as plain CommonJS source run with `new Worker(source, { eval: true })`. It needs
 * no bundler entry of its own, so it runs the same under electron-vite's bundles, the CLI, tsx and vitest.
 * For each path it does what the synchronous scanner does: one open, one fstat, one read of the first 4 KiB
 * into a shared slot, one close (or only a stat, for cache checks). Parsing stays on the main thread.
 */
export const HEAD_BYTES = 4096;

/** Per file in `meta`: size, mtimeMs, and bytes read into `heads` (STAT_ONLY for stat jobs, FAILED on error). */
export const META_FIELDS = 3;
export const STAT_ONLY = -2;
export const FAILED = -1;

/** Files per batch: one shared slot holds their heads (1 MiB) and facts. */
export const IO_BATCH = 256;

export const SCAN_IO_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const HEAD = ${HEAD_BYTES};
// Shared, reused buffers: fresh ones per batch cost a page fault per 4 KiB, which doubled the scan's time.
const heads = workerData.heads.map((buffer) => new Uint8Array(buffer));
const metas = workerData.metas.map((buffer) => new Float64Array(buffer));
parentPort.on('message', (job) => {
  const paths = job.paths.split('\\0');
  const statOnly = job.statOnly;
  const head = heads[job.slot];
  const meta = metas[job.slot];
  const errors = [];
  for (let i = 0; i < paths.length; i++) {
    const at = i * ${META_FIELDS};
    try {
      if (statOnly[i]) {
        const stats = fs.statSync(paths[i]);
        meta[at] = stats.size;
        meta[at + 1] = stats.mtimeMs;
        meta[at + 2] = ${STAT_ONLY};
        continue;
      }
      const fd = fs.openSync(paths[i], 'r');
      try {
        const stats = fs.fstatSync(fd);
        meta[at] = stats.size;
        meta[at + 1] = stats.mtimeMs;
        meta[at + 2] = stats.size === 0 ? 0 : fs.readSync(fd, head, i * HEAD, Math.min(HEAD, stats.size), 0);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      meta[at + 2] = ${FAILED};
      errors.push([i, (error && error.code) || String(error && error.message)]);
    }
  }
  parentPort.postMessage({ id: job.id, errors });
});
`;
