/**
 * The dataset scan: lists data/raw/<category>/** (following symlinks, never looping), probes each audio
 * file's header, and reuses the previous manifest's entry for files whose size and mtime are unchanged.
 * Works in time slices so the Electron main process stays responsive, and stops promptly when cancelled.
 */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASET_CATEGORIES, extensionOf, isAudioFileName, RAW_DIR, type DatasetCategory } from '../../../shared/core/dataset/categories';
import { fileWarnings } from '../../../shared/core/dataset/file-warnings';
import { MANIFEST_VERSION, SCANNER_VERSION, type DatasetManifest, type ManifestEntry } from '../../../shared/core/dataset/manifest';
import type { ProbeOutcome } from '../../../shared/core/dataset/formats/probe-types';
import { describeFsError, probeFileSync, probeFromHead } from './probe-file';
import { createScanIoPool, type IoBatchResult, type ScanIoPool } from './scan-io-pool';
import { FAILED, HEAD_BYTES, IO_BATCH, META_FIELDS, STAT_ONLY } from './scan-io-worker-source';

export type ScanTreePhase = 'listing' | 'reading';

export interface ScanTreeOptions {
  readonly workspace: string;
  /** The last manifest; its entries are the cache. */
  readonly previous?: DatasetManifest | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: ScanTreePhase, done: number, total: number) => void;
  /** Longest stretch of synchronous work before yielding to the event loop. */
  readonly sliceMs?: number;
  readonly progressIntervalMs?: number;
  /**
   * Worker threads for the file-system calls; 0 reads on this thread. By default large trees use up to
   * four (one per core), small ones none (starting a worker costs more than reading a few thousand headers).
   */
  readonly ioWorkers?: number;
}

/** Below this many files to read or check, worker threads are not worth starting. */
export const IO_WORKER_THRESHOLD = 2000;

export interface ScanTreeResult {
  readonly manifest: DatasetManifest;
  readonly reusedFromCache: number;
}

export class ScanCancelledError extends Error {
  override readonly name = 'ScanCancelledError';
  constructor() {
    super('scan cancelled');
  }
}

interface Candidate {
  readonly category: DatasetCategory;
  readonly relPath: string;
}

/** The absolute path, rebuilt when needed: keeping 50,000 of them alive for the whole scan costs the GC more than the concatenation. */
function absolute(rawDir: string, candidate: Candidate): string {
  return rawDir + path.sep + candidate.relPath;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function problem(category: DatasetCategory, relPath: string, reason: string): ManifestEntry {
  return { category, path: relPath, status: 'invalid', reason, sizeBytes: 0, mtimeMs: 0 };
}

function statReason(error: unknown, name: string): string {
  // Names that are not valid UTF-8 come back with U+FFFD and then cannot be opened under that name.
  if (name.includes('\uFFFD')) return 'file name is not valid UTF-8: rename the file';
  return describeFsError(error);
}

/** A small cooperative scheduler: callers `await slicer.tick()` between units of work. */
function createSlicer(sliceMs: number, signal: AbortSignal | undefined) {
  let sliceStart = performance.now();
  return async (): Promise<void> => {
    if (signal?.aborted) throw new ScanCancelledError();
    if (performance.now() - sliceStart < sliceMs) return;
    await yieldToEventLoop();
    if (signal?.aborted) throw new ScanCancelledError();
    sliceStart = performance.now();
  };
}

async function listCandidates(
  rawDir: string,
  tick: () => Promise<void>,
  report: (found: number) => void,
): Promise<{ candidates: Candidate[]; problems: ManifestEntry[]; ignored: number }> {
  const candidates: Candidate[] = [];
  const problems: ManifestEntry[] = [];
  let ignored = 0;
  const visited = new Set<string>();
  const enter = (stats: Stats): boolean => {
    const key = `${stats.dev}:${stats.ino}`;
    if (visited.has(key)) return false;
    visited.add(key);
    return true;
  };

  for (const category of DATASET_CATEGORIES) {
    const categoryDir = path.join(rawDir, category);
    let rootStats: Stats;
    try {
      rootStats = statSync(categoryDir);
    } catch {
      continue; // a missing category folder simply has no files
    }
    if (!rootStats.isDirectory() || !enter(rootStats)) continue;
    const stack: { abs: string; rel: string }[] = [{ abs: categoryDir, rel: category }];
    while (stack.length > 0) {
      const dir = stack.pop() as { abs: string; rel: string };
      let dirents: Dirent[];
      try {
        dirents = readdirSync(dir.abs, { withFileTypes: true });
      } catch (error) {
        problems.push(problem(category, `${dir.rel}/`, describeFsError(error, 'the folder')));
        continue;
      }
      for (const dirent of dirents) {
        const name = dirent.name;
        if (name.startsWith('.')) continue; // hidden files, editor droppings and our own temp files
        const audio = isAudioFileName(name);
        if (dirent.isFile()) {
          // Plain files are not stat'ed here: the reading phase gets size and mtime from the open file.
          if (audio) candidates.push({ category, relPath: `${dir.rel}/${name}` });
          else ignored++;
          continue;
        }
        const rel = `${dir.rel}/${name}`;
        if (!dirent.isDirectory() && !dirent.isSymbolicLink()) {
          if (audio) problems.push(problem(category, rel, 'not a regular file (a device, pipe or socket)'));
          continue;
        }
        // Plain concatenation: path.join normalises every time, and dir.abs is already normal.
        const abs = dir.abs + path.sep + name;
        let stats: Stats;
        try {
          stats = statSync(abs); // follows symlinks; a loop or dangling link throws
        } catch (error) {
          if (dirent.isSymbolicLink()) {
            if (audio) problems.push(problem(category, rel, (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link'));
          } else if (audio || dirent.isDirectory()) {
            problems.push(problem(category, dirent.isDirectory() ? `${rel}/` : rel, statReason(error, name)));
          }
          continue;
        }
        if (stats.isDirectory()) {
          if (enter(stats)) stack.push({ abs, rel });
        } else if (stats.isFile()) {
          if (audio) candidates.push({ category, relPath: rel });
          else ignored++;
        } else if (audio) {
          problems.push(problem(category, rel, 'not a regular file (a device, pipe or socket)'));
        }
      }
      report(candidates.length);
      await tick();
    }
  }
  return { candidates, problems, ignored };
}

function cacheFrom(previous: DatasetManifest | null | undefined): Map<string, ManifestEntry> {
  const cache = new Map<string, ManifestEntry>();
  if (!previous || previous.scannerVersion !== SCANNER_VERSION || !Array.isArray(previous.files)) return cache;
  for (const entry of previous.files) {
    if (entry && typeof entry.path === 'string' && typeof entry.sizeBytes === 'number' && typeof entry.mtimeMs === 'number') cache.set(entry.path, entry);
  }
  return cache;
}

function entryFor(candidate: Candidate, size: number, mtimeMs: number, outcome: ProbeOutcome): ManifestEntry {
  if (!outcome.ok) return { category: candidate.category, path: candidate.relPath, sizeBytes: size, mtimeMs, status: 'invalid', reason: outcome.reason };
  const { info } = outcome;
  const warnings = fileWarnings(candidate.category, info);
  // Fields spelled out rather than spread: this runs once per file and builds the manifest's largest part.
  return {
    category: candidate.category,
    path: candidate.relPath,
    sizeBytes: size,
    mtimeMs,
    status: 'valid',
    format: info.format,
    codec: info.codec,
    sampleRate: info.sampleRate,
    channels: info.channels,
    bitDepth: info.bitDepth,
    durationSeconds: info.durationSeconds,
    warnings: outcome.warnings.length === 0 ? warnings : [...outcome.warnings, ...warnings],
  };
}

function probeCandidate(rawDir: string, candidate: Candidate): ManifestEntry {
  const { size, mtimeMs, outcome } = probeFileSync(absolute(rawDir, candidate), extensionOf(candidate.relPath));
  return entryFor(candidate, size, mtimeMs, outcome);
}

/** The cached entry when the file's size and mtime are unchanged (a stat, no open). */
function cachedEntry(rawDir: string, candidate: Candidate, cache: ReadonlyMap<string, ManifestEntry>): ManifestEntry | null {
  const cached = cache.get(candidate.relPath);
  if (!cached || cached.category !== candidate.category) return null;
  try {
    const stats = statSync(absolute(rawDir, candidate));
    return stats.size === cached.sizeBytes && stats.mtimeMs === cached.mtimeMs ? cached : null;
  } catch {
    return null;
  }
}

/** The plain loop: every call on this thread, yielding between time slices. */
async function readHere(
  rawDir: string,
  candidates: readonly Candidate[],
  cache: ReadonlyMap<string, ManifestEntry>,
  entries: ManifestEntry[],
  tick: () => Promise<void>,
  report: (done: number) => void,
): Promise<number> {
  let reused = 0;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate;
    const cached = cache.size > 0 ? cachedEntry(rawDir, candidate, cache) : null;
    if (cached) {
      entries.push(cached);
      reused++;
    } else {
      entries.push(probeCandidate(rawDir, candidate));
    }
    // Checking the clock every file costs more than the work on a cached file: every 32 files is plenty.
    if ((i & 31) === 31) {
      report(i + 1);
      await tick();
    }
  }
  report(candidates.length);
  return reused;
}

/** Turns one worker batch into manifest entries; files whose cache check failed are probed here. */
function takeBatch(rawDir: string, batch: readonly Candidate[], result: IoBatchResult, cache: ReadonlyMap<string, ManifestEntry>, entries: ManifestEntry[]): number {
  const failed = new Map(result.errors);
  let reused = 0;
  for (let i = 0; i < batch.length; i++) {
    const candidate = batch[i] as Candidate;
    const at = i * META_FIELDS;
    const size = result.meta[at] as number;
    const mtimeMs = result.meta[at + 1] as number;
    const read = result.meta[at + 2] as number;
    if (read === FAILED) {
      entries.push(entryFor(candidate, 0, 0, { ok: false, reason: describeFsError({ code: failed.get(i) }) }));
    } else if (read === STAT_ONLY) {
      const cached = cache.get(candidate.relPath) as ManifestEntry;
      if (cached.sizeBytes === size && cached.mtimeMs === mtimeMs) {
        entries.push(cached);
        reused++;
      } else {
        entries.push(probeCandidate(rawDir, candidate));
      }
    } else {
      const head = result.heads.subarray(i * HEAD_BYTES, i * HEAD_BYTES + read);
      entries.push(entryFor(candidate, size, mtimeMs, probeFromHead(absolute(rawDir, candidate), extensionOf(candidate.relPath), size, head)));
    }
  }
  return reused;
}

/**
 * Worker threads open, stat and read the files in batches while this thread parses the previous batch.
 * A few batches are kept in flight per worker, so memory stays at a few MiB whatever the tree's size.
 */
async function readPooled(
  rawDir: string,
  candidates: readonly Candidate[],
  cache: ReadonlyMap<string, ManifestEntry>,
  pool: ScanIoPool,
  entries: ManifestEntry[],
  tick: () => Promise<void>,
  report: (done: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  const batches: Candidate[][] = [];
  for (let i = 0; i < candidates.length; i += IO_BATCH) batches.push(candidates.slice(i, i + IO_BATCH));
  // Batch b uses slot b % slots; batch b + ahead is sent before batch b is parsed, into the slot batch b - 1 freed.
  const ahead = pool.slots - 1;
  const submit = (batch: readonly Candidate[], index: number): Promise<IoBatchResult | null> => {
    const statOnly = new Uint8Array(batch.length);
    batch.forEach((candidate, i) => {
      const cached = cache.get(candidate.relPath);
      if (cached && cached.category === candidate.category) statOnly[i] = 1;
    });
    // A failed batch (a worker died) is read on this thread instead.
    return pool.read({ paths: batch.map((candidate) => absolute(rawDir, candidate)), statOnly, slot: index % pool.slots }).catch(() => null);
  };
  const inFlight: Promise<IoBatchResult | null>[] = batches.slice(0, ahead).map(submit);
  let reused = 0;
  let done = 0;
  try {
    for (let b = 0; b < batches.length; b++) {
      const result = await (inFlight[b] as Promise<IoBatchResult | null>);
      if (signal?.aborted) throw new ScanCancelledError();
      const next = batches[b + ahead];
      if (next) inFlight.push(submit(next, b + ahead));
      const batch = batches[b] as Candidate[];
      reused += result ? takeBatch(rawDir, batch, result, cache, entries) : await readHere(rawDir, batch, cache, entries, tick, () => undefined);
      done += batch.length;
      report(done);
      await tick();
    }
  } finally {
    await pool.close();
  }
  return reused;
}

export async function scanTree(options: ScanTreeOptions): Promise<ScanTreeResult> {
  const rawDir = path.join(options.workspace, RAW_DIR);
  const tick = createSlicer(options.sliceMs ?? 12, options.signal);
  const interval = options.progressIntervalMs ?? 100;
  let lastReport = -Infinity;
  const report = (phase: ScanTreePhase, done: number, total: number, force = false): void => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReport < interval)) return;
    lastReport = now;
    options.onProgress(phase, done, total);
  };
  if (options.signal?.aborted) throw new ScanCancelledError();

  const { candidates, problems, ignored } = await listCandidates(rawDir, tick, (found) => report('listing', found, 0));
  const cache = cacheFrom(options.previous);
  const entries: ManifestEntry[] = [...problems];
  const cores = os.availableParallelism();
  const workers = options.ioWorkers ?? (candidates.length >= IO_WORKER_THRESHOLD && cores > 1 ? Math.min(4, cores) : 0);
  report('reading', 0, candidates.length, true);
  const reused =
    workers > 0
      ? await readPooled(rawDir, candidates, cache, createScanIoPool(workers, workers * 2 + 1), entries, tick, (done) => report('reading', done, candidates.length), options.signal)
      : await readHere(rawDir, candidates, cache, entries, tick, (done) => report('reading', done, candidates.length));
  report('reading', candidates.length, candidates.length, true);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    manifest: { version: MANIFEST_VERSION, scannerVersion: SCANNER_VERSION, scannedAt: new Date().toISOString(), ignoredFiles: ignored, files: entries },
    reusedFromCache: reused,
  };
}
