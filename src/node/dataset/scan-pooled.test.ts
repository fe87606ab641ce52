import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../tests/fixtures/dataset/audio-bytes';
import { createScanIoPool } from './scan-io-pool';
import { FAILED, HEAD_BYTES, IO_BATCH, META_FIELDS, STAT_ONLY } from './scan-io-layout';
import { Worker } from 'node:worker_threads';
import { defaultIoWorkers, IO_WORKER_THRESHOLD, ScanCancelledError, scanTree, threadSleepCounter } from './scan-tree';

let workspace: string;

function put(relative: string, bytes: Uint8Array | string): string {
  const file = path.join(workspace, 'data', 'raw', relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** A tree with every kind of file the scanner distinguishes, across more than one I/O batch. */
function mixedTree(): void {
  for (let i = 0; i < IO_BATCH + 40; i++) put(`negative/batch/n${i}.wav`, wavBytes({ frames: 100 + i, bits: i % 2 === 0 ? 16 : 24 }));
  put('positive/ok.wav', wavBytes({ frames: 16000 }));
  put('positive/empty.wav', new Uint8Array(0));
  put('positive/text.wav', 'RIFF....this is not a wave file');
  put('positive/float.wav', wavBytes({ codec: 'float', channels: 2, frames: 8000 }));
  put('positive/truncated.wav', wavBytes({ frames: 16000, declaredDataSize: 64000 }));
  put('positive/mulaw.wav', wavBytes({ formatTag: 7 }));
  // A LIST chunk longer than the 4 KiB head: the main thread must read past what the worker handed over.
  put('positive/long-list.wav', wavBytes({ frames: 1600, leadingChunks: [{ id: 'LIST', body: new Uint8Array(HEAD_BYTES * 2) }] }));
  put('background/mislabelled.mp3', wavBytes());
  symlinkSync(path.join(workspace, 'nowhere.wav'), path.join(workspace, 'data', 'raw', 'positive', 'dangling.wav'));
  mkdirSync(path.join(workspace, 'data', 'raw', 'rirs', 'dir.wav'), { recursive: true });
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-scan-pooled-'));
  mkdirSync(path.join(workspace, 'data', 'raw'), { recursive: true });
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('scan with I/O worker threads', () => {
  it('produces exactly the manifest the single-threaded scan does, valid and invalid files alike', async () => {
    mixedTree();
    const here = await scanTree({ workspace, ioWorkers: 0 });
    const pooled = await scanTree({ workspace, ioWorkers: 2 });
    expect(pooled.manifest.files).toHaveLength(IO_BATCH + 40 + 8 + 1);
    expect(pooled.manifest.files).toEqual(here.manifest.files);
    const byPath = new Map(pooled.manifest.files.map((e) => [e.path, e]));
    expect(byPath.get('positive/long-list.wav')).toMatchObject({ status: 'valid', durationSeconds: 0.1 });
    expect(byPath.get('positive/empty.wav')).toMatchObject({ status: 'invalid', reason: 'zero-length file' });
    expect(byPath.get('positive/truncated.wav')).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/^truncated data chunk/) });
  });

  it('checks the cache by size and mtime in the workers and re-reads only changed files', async () => {
    mixedTree();
    const first = await scanTree({ workspace, ioWorkers: 2 });
    const changed = put('negative/batch/n7.wav', wavBytes({ frames: 5000 }));
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    const second = await scanTree({ workspace, previous: first.manifest, ioWorkers: 3 });
    const valid = first.manifest.files.filter((e) => e.status === 'valid' || e.reason !== 'broken symbolic link').length;
    expect(second.reusedFromCache).toBeGreaterThan(IO_BATCH);
    expect(second.reusedFromCache).toBeLessThan(valid);
    expect(second.manifest.files.find((e) => e.path === 'negative/batch/n7.wav')).toMatchObject({ status: 'valid', durationSeconds: 5000 / 16000 });
    const again = await scanTree({ workspace, ioWorkers: 0, previous: first.manifest });
    expect(second.manifest.files).toEqual(again.manifest.files);
  });

  it('hands the rest of a slow (disk-bound) scan to I/O threads, with the same manifest', async () => {
    mixedTree();
    const here = await scanTree({ workspace, ioWorkers: 0 });
    expect(here.ioWorkers).toBe(0);
    // slowFileMs 0 treats the first probe window as slow, as a cold disk would be.
    const handedOff = await scanTree({ workspace, probeMs: 0, slowFileMs: 0 });
    expect(handedOff.ioWorkers).toBeGreaterThan(0);
    expect(handedOff.manifest.files).toEqual(here.manifest.files);
    // Told to stay on this thread, it does.
    const stayed = await scanTree({ workspace, ioWorkers: 0, probeMs: 0, slowFileMs: 0 });
    expect(stayed.ioWorkers).toBe(0);
    // Files that read fast stay on this thread. Whether a real read counts as fast is a timing (a loaded CI
    // machine can make page-cached files look slow), so the threshold is set where none can be slow.
    expect((await scanTree({ workspace, probeMs: 0, slowFileMs: Number.POSITIVE_INFINITY })).ioWorkers).toBe(0);
  });

  it('counts the sleeps of the scanning thread', () => {
    const count = threadSleepCounter();
    const before = count();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    expect(count()).toBeGreaterThan(before);
  });

  // The hand-off judges this thread's sleeps: another thread's (V8's helpers, a scan that never yields keeps
  // them busy) once sent page-cached trees to the I/O threads.
  it.skipIf(process.platform !== 'linux')("does not count other threads' sleeps (Linux)", async () => {
    const naps = new Int32Array(new SharedArrayBuffer(8));
    const count = threadSleepCounter();
    const before = { own: count(), process: process.resourceUsage().voluntaryContextSwitches };
    const sleeper = new Worker(
      "const { workerData } = require('node:worker_threads'); const a = new Int32Array(workerData); for (let i = 0; i < 60; i++) { Atomics.wait(a, 1, 0, 1); Atomics.add(a, 0, 1); }",
      { eval: true, workerData: naps.buffer },
    );
    // Slot 1 stays 0, so each wait sleeps its full millisecond; slot 0 counts the naps. Spin without sleeping
    // until the other thread has slept 60 times (or clearly never will).
    const deadline = performance.now() + 20_000;
    while (Atomics.load(naps, 0) < 60 && performance.now() < deadline);
    const after = { own: count(), process: process.resourceUsage().voluntaryContextSwitches };
    await sleeper.terminate();
    expect(Atomics.load(naps, 0)).toBe(60);
    expect(after.process - before.process).toBeGreaterThanOrEqual(60);
    expect(after.own - before.own).toBeLessThan(30);
  });

  it('uses worker threads by default only for large trees on machines with cores to spare', () => {
    expect(defaultIoWorkers(IO_WORKER_THRESHOLD - 1, 16)).toBe(0);
    expect(defaultIoWorkers(50_000, 2)).toBe(0);
    expect(defaultIoWorkers(50_000, 4)).toBe(3);
    expect(defaultIoWorkers(50_000, 32)).toBe(4);
  });

  it('stops when cancelled and leaves no worker behind', async () => {
    mixedTree();
    const controller = new AbortController();
    const scan = scanTree({ workspace, ioWorkers: 2, signal: controller.signal, progressIntervalMs: 0, onProgress: (phase, done) => phase === 'reading' && done > 0 && controller.abort() });
    await expect(scan).rejects.toBeInstanceOf(ScanCancelledError);
  });
});

describe('scan I/O pool', () => {
  it('reads heads, sizes and mtimes into shared slots and reports errors per file', async () => {
    const ok = put('positive/a.wav', wavBytes({ frames: 10 }));
    const pool = createScanIoPool(1, 2);
    try {
      const missing = path.join(workspace, 'missing.wav');
      const result = await pool.read({ paths: [ok, missing, ok], statOnly: Uint8Array.from([0, 0, 1]), slot: 1 });
      expect(result.meta[0]).toBe(64);
      expect(result.meta[2]).toBe(64);
      expect(Buffer.from(result.heads.subarray(0, 4)).toString('latin1')).toBe('RIFF');
      expect(result.meta[META_FIELDS + 2]).toBe(FAILED);
      expect(result.errors).toEqual([[1, 'ENOENT']]);
      expect(result.meta[2 * META_FIELDS + 2]).toBe(STAT_ONLY);
      expect(result.meta[2 * META_FIELDS]).toBe(64);
      await expect(pool.read({ paths: Array.from({ length: IO_BATCH + 1 }, () => ok), statOnly: new Uint8Array(IO_BATCH + 1), slot: 0 })).rejects.toThrow('at most 256 files per batch');
    } finally {
      await pool.close();
    }
    await expect(pool.read({ paths: [ok], statOnly: new Uint8Array(1), slot: 0 })).rejects.toThrow('closed');
  });
});
