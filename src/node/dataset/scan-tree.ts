/**
 * The dataset scan: lists data/raw/<category>/** (following symlinks, never looping), probes each audio
 * file's header, and reuses the previous manifest's entry for files whose size and mtime are unchanged.
 * The app runs it in a process of its own (src/worker/scan.ts), `wakeword scan` in the CLI's process: both
 * can block their thread, so it runs flat out, without yielding to the event loop.
 *
 * Reading: synchronous fs calls (open, fstat, one 4 KiB read, close per file) on this thread, the fastest
 * way for page-cached files. Files that come from the disk instead (a probe window shows this thread
 * sleeping on reads) are handed to I/O threads, which keep several reads in flight; machines with cores to
 * spare use the threads from the start.
 */
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIO_EXTENSIONS, DATASET_CATEGORIES, extensionOf, RAW_DIR, type DatasetCategory } from '../../shared/core/dataset/categories';
import { fileWarnings } from '../../shared/core/dataset/file-warnings';
import { MANIFEST_VERSION, SCANNER_VERSION, type DatasetManifest, type ManifestEntry } from '../../shared/core/dataset/manifest';
import type { AudioInfo, ProbeOutcome } from '../../shared/core/dataset/formats/probe-types';
import { describeFsError, probeFileSync, probeFromHead } from './probe-file';
import { createScanIoPool, type IoBatchResult, type ScanIoPool } from './scan-io-pool';
import { FAILED, HEAD_BYTES, IO_BATCH, META_FIELDS, STAT_ONLY } from './scan-io-layout';

export type ScanTreePhase = 'listing' | 'reading';

export interface ScanTreeOptions {
  readonly workspace: string;
  /** The last manifest; its entries are the cache. */
  readonly previous?: DatasetManifest | null;
  /** Checked every 32 files and between I/O batches (an in-process caller can stop the scan from onProgress). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: ScanTreePhase, done: number, total: number) => void;
  /** How long the plain loop reads before judging whether its files come from the disk, and again each such stretch. */
  readonly probeMs?: number;
  readonly progressIntervalMs?: number;
  /**
   * Worker threads for the file-system calls; 0 reads everything on this thread. By default: `defaultIoWorkers`,
   * and a scan that starts on this thread moves to I/O threads if the files turn out to come from the disk.
   */
  readonly ioWorkers?: number;
  /**
   * For the default: milliseconds per file, while this thread mostly sleeps on the disk, above which the rest
   * goes to I/O threads. 0 hands off after the first probe window (tests).
   */
  readonly slowFileMs?: number;
}

/** A page-cached file takes 10-40 us; one that needs the disk, 0.1-10 ms. */
export const SLOW_FILE_MS = 0.2;

/** Long enough to time a few hundred page-cached files, short enough to hand a cold tree off early. */
const PROBE_MS = 12;

/** I/O threads for files read from the disk: they mostly sleep there, so more of them than cores still helps. */
const DISK_WORKERS = 4;

/** Below this many files to read or check, worker threads are not worth starting. */
export const IO_WORKER_THRESHOLD = 2000;

/**
 * The I/O threads a scan of `files` files uses unless told otherwise. The pool pays only with cores to spare
 * besides this thread, which parses what the workers read: on 2 cores (bench/scan.bench.ts) it took 1.5-2x
 * the CPU time of the plain loop (thread start-up, messages, a Stats object per file in each heap) for at
 * best a few percent less wall time, and more under load, so small machines read on this thread.
 */
export function defaultIoWorkers(files: number, cores = os.availableParallelism()): number {
  return files >= IO_WORKER_THRESHOLD && cores >= 4 ? Math.min(4, cores - 1) : 0;
}

export interface ScanTreeResult {
  readonly manifest: DatasetManifest;
  readonly reusedFromCache: number;
  /** Worker threads that read files (0: all were read on the calling thread). */
  readonly ioWorkers: number;
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
  /** Lower-case, without the dot. */
  readonly extension: string;
}

/** The audio extension of a file name, or null; `.wav` is answered without slicing or lower-casing. */
function audioExtension(name: string): string | null {
  const n = name.length;
  // ".wav" at the end, after at least one character (a bare ".wav" has no extension).
  if (n > 4 && name.charCodeAt(n - 4) === 46 && name.charCodeAt(n - 3) === 119 && name.charCodeAt(n - 2) === 97 && name.charCodeAt(n - 1) === 118) return 'wav';
  const extension = extensionOf(name);
  return AUDIO_EXTENSIONS.includes(extension) ? extension : null;
}

/** The absolute path, rebuilt when needed: keeping 50,000 of them alive for the whole scan costs the GC more than the concatenation. */
function absolute(rawDir: string, candidate: Candidate): string {
  return rawDir + path.sep + candidate.relPath;
}

function problem(category: DatasetCategory, relPath: string, reason: string): ManifestEntry {
  return { category, path: relPath, status: 'invalid', reason, sizeBytes: 0, mtimeMs: 0 };
}

function statReason(error: unknown, name: string): string {
  // Names that are not valid UTF-8 come back with U+FFFD and then cannot be opened under that name.
  if (name.includes('\uFFFD')) return 'file name is not valid UTF-8: rename the file';
  return describeFsError(error);
}

/**
 * A counter of this thread's voluntary context switches (sleeps on the disk, or on a lock). Linux counts them
 * per thread; the process's count, used elsewhere, also holds the GC's and compiler's helper threads, which
 * a thread that never yields keeps busy (measured: 29 process-wide against 2 of this thread's own in one window).
 */
export function threadSleepCounter(): () => number {
  const processWide = (): number => process.resourceUsage().voluntaryContextSwitches;
  if (process.platform !== 'linux') return processWide;
  const own = (): number | null => {
    try {
      const match = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync('/proc/thread-self/status', 'latin1'));
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  };
  return own() === null ? processWide : () => own() ?? 0;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ScanCancelledError();
}

function listCandidates(rawDir: string, signal: AbortSignal | undefined, report: (found: number) => void): { candidates: Candidate[]; problems: ManifestEntry[]; ignored: number } {
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
      // Node decodes names as UTF-8, replacing bytes it cannot decode; such a name no longer opens the file.
      const undecodable = dirents.some((dirent) => dirent.name.includes('\uFFFD')) ? undecodableNames(dir.abs) : null;
      for (const dirent of dirents) {
        const name = dirent.name;
        if (name.startsWith('.')) continue; // hidden files, editor droppings and our own temp files
        const extension = audioExtension(name);
        const audio = extension !== null;
        if (undecodable?.has(name)) {
          if (audio || dirent.isDirectory()) problems.push(problem(category, `${dir.rel}/${name}${dirent.isDirectory() ? '/' : ''}`, 'the name is not valid UTF-8 text: rename it (dataset manifests keep paths as text)'));
          continue;
        }
        if (dirent.isFile()) {
          // Plain files are not stat'ed here: the reading phase gets size and mtime from the open file.
          if (audio) candidates.push({ category, relPath: `${dir.rel}/${name}`, extension });
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
          if (audio) candidates.push({ category, relPath: rel, extension });
          else ignored++;
        } else if (audio) {
          problems.push(problem(category, rel, 'not a regular file (a device, pipe or socket)'));
        }
      }
      report(candidates.length);
      checkCancelled(signal);
    }
  }
  return { candidates, problems, ignored };
}

/** The names in `dir` whose bytes are not valid UTF-8, as Node's lossy decoding shows them. */
function undecodableNames(dir: string): Set<string> {
  const names = new Set<string>();
  try {
    for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
      const decoded = raw.toString('utf8');
      if (!Buffer.from(decoded, 'utf8').equals(raw)) names.add(decoded);
    }
  } catch {
    // The listing just worked; if it fails now, the files are reported by the normal path.
  }
  return names;
}

function cacheFrom(previous: DatasetManifest | null | undefined): Map<string, ManifestEntry> {
  const cache = new Map<string, ManifestEntry>();
  if (!previous || previous.scannerVersion !== SCANNER_VERSION || !Array.isArray(previous.files)) return cache;
  for (const entry of previous.files) {
    if (entry && typeof entry.path === 'string' && typeof entry.sizeBytes === 'number' && typeof entry.mtimeMs === 'number') cache.set(entry.path, entry);
  }
  return cache;
}

type Warn = (category: DatasetCategory, info: AudioInfo) => readonly string[];

/**
 * fileWarnings, remembered per (category, rate, channels, duration): its answer depends on nothing else, a
 * dataset repeats few combinations, and formatting the messages costs more than parsing a WAV header. The
 * memo stops growing at `limit` answers (a dataset of all-different durations gains nothing from it).
 */
export function createWarningMemo(limit = 8192): Warn {
  const byCategory = new Map<DatasetCategory, Map<number, Map<number | null, readonly string[]>>>();
  let stored = 0;
  return (category, info) => {
    let byFormat = byCategory.get(category);
    if (!byFormat) byCategory.set(category, (byFormat = new Map()));
    // Channels fit in 16 bits (a WAV field), so rate * 65536 + channels names the pair exactly.
    const formatKey = info.sampleRate * 65536 + info.channels;
    let byDuration = byFormat.get(formatKey);
    if (!byDuration) byFormat.set(formatKey, (byDuration = new Map()));
    let warnings = byDuration.get(info.durationSeconds);
    if (warnings === undefined) {
      warnings = fileWarnings(category, info);
      if (stored < limit) {
        byDuration.set(info.durationSeconds, warnings);
        stored++;
      }
    }
    return warnings;
  };
}

function entryFor(candidate: Candidate, size: number, mtimeMs: number, outcome: ProbeOutcome, warn: Warn): ManifestEntry {
  if (!outcome.ok) return { category: candidate.category, path: candidate.relPath, sizeBytes: size, mtimeMs, status: 'invalid', reason: outcome.reason };
  const { info } = outcome;
  const warnings = warn(candidate.category, info);
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

/** What the reading phase shares: where the files are, the cache, and where the entries go. */
interface ReadContext {
  readonly rawDir: string;
  readonly cache: ReadonlyMap<string, ManifestEntry>;
  readonly warn: Warn;
  readonly entries: ManifestEntry[];
  readonly signal: AbortSignal | undefined;
}

function probeCandidate(context: ReadContext, candidate: Candidate): ManifestEntry {
  const { size, mtimeMs, outcome } = probeFileSync(absolute(context.rawDir, candidate), candidate.extension);
  return entryFor(candidate, size, mtimeMs, outcome, context.warn);
}

/** The cached entry when the file's size and mtime are unchanged (a stat, no open). */
function cachedEntry(context: ReadContext, candidate: Candidate): ManifestEntry | null {
  const cached = context.cache.get(candidate.relPath);
  if (!cached || cached.category !== candidate.category) return null;
  try {
    const stats = statSync(absolute(context.rawDir, candidate));
    return stats.size === cached.sizeBytes && stats.mtimeMs === cached.mtimeMs ? cached : null;
  } catch {
    return null;
  }
}

/**
 * The plain loop over candidates[from, to): synchronous calls on this thread (several times cheaper than the
 * promise API for tiny reads). When `handOffAfterMs` is set and a probe window shows files taking longer
 * than that each (they come from the disk, not the page cache), it stops early and returns where it
 * stopped, so the caller can hand the rest to I/O threads that keep several reads in flight.
 */
function readHere(
  context: ReadContext,
  candidates: readonly Candidate[],
  from: number,
  to: number,
  report: (done: number) => void,
  probe: { readonly handOffAfterMs: number; readonly windowMs: number } | null = null,
): { reused: number; next: number } {
  const { entries, signal } = context;
  const useCache = context.cache.size > 0;
  let reused = 0;
  // The probe window: its start, its files, and this thread's voluntary context switches (sleeps) before it.
  const sleeps = probe === null ? null : threadSleepCounter();
  const waits = (): number => (sleeps === null ? 0 : sleeps());
  let windowStart = performance.now();
  let windowFiles = 0;
  let windowWaits = waits();
  // Two slow windows in a row: one alone can be a GC pause on a loaded machine, and a needless hand-off costs
  // 1.5-2x the CPU on 2 cores.
  let slowWindows = 0;
  for (let i = from; i < to; i++) {
    const candidate = candidates[i] as Candidate;
    const cached = useCache ? cachedEntry(context, candidate) : null;
    if (cached) {
      entries.push(cached);
      reused++;
    } else {
      entries.push(probeCandidate(context, candidate));
    }
    // Progress (throttled by the caller) and cancellation every 32 files.
    if (((i - from) & 31) === 31) {
      report(i + 1 - from);
      checkCancelled(signal);
    }
    if (probe === null) continue;
    windowFiles++;
    // The clock costs 0.15 us, about 1% of a page-cached file.
    const elapsed = performance.now() - windowStart;
    if (elapsed < probe.windowMs) continue;
    if (to - (i + 1) >= IO_BATCH) {
      // Slow because this thread slept on the disk (voluntary context switches), not because neighbours
      // took the CPU: more threads would only add to that.
      const slept = waits() - windowWaits;
      slowWindows = elapsed / windowFiles > probe.handOffAfterMs && slept * 4 >= windowFiles ? slowWindows + 1 : 0;
      if (probe.handOffAfterMs === 0 || slowWindows >= 2) {
        report(i + 1 - from);
        return { reused, next: i + 1 };
      }
    }
    windowStart = performance.now();
    windowFiles = 0;
    windowWaits = waits();
  }
  report(to - from);
  return { reused, next: to };
}

/** Turns one worker batch (candidates[from, from + n)) into manifest entries; files whose cache check failed are probed here. */
function takeBatch(context: ReadContext, candidates: readonly Candidate[], from: number, result: IoBatchResult): number {
  const { rawDir, cache, warn, entries } = context;
  const failed = result.errors.length > 0 ? new Map(result.errors) : null;
  const { meta, heads } = result;
  const count = result.count;
  let reused = 0;
  for (let i = 0; i < count; i++) {
    const candidate = candidates[from + i] as Candidate;
    const at = i * META_FIELDS;
    const size = meta[at] as number;
    const mtimeMs = meta[at + 1] as number;
    const read = meta[at + 2] as number;
    if (read === FAILED) {
      entries.push(entryFor(candidate, 0, 0, { ok: false, reason: describeFsError({ code: failed?.get(i) }) }, warn));
    } else if (read === STAT_ONLY) {
      const cached = cache.get(candidate.relPath) as ManifestEntry;
      if (cached.sizeBytes === size && cached.mtimeMs === mtimeMs) {
        entries.push(cached);
        reused++;
      } else {
        entries.push(probeCandidate(context, candidate));
      }
    } else {
      const head = heads.subarray(i * HEAD_BYTES, i * HEAD_BYTES + read);
      entries.push(entryFor(candidate, size, mtimeMs, probeFromHead(absolute(rawDir, candidate), candidate.extension, size, head), warn));
    }
  }
  return reused;
}

/**
 * Worker threads open, stat and read candidates[start..] in batches while this thread parses the previous
 * batch. A few batches are kept in flight per worker, so memory stays at a few MiB whatever the tree's size.
 */
async function readPooled(
  context: ReadContext,
  candidates: readonly Candidate[],
  start: number,
  pool: ScanIoPool,
  report: (done: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { rawDir, cache } = context;
  const batchCount = Math.ceil((candidates.length - start) / IO_BATCH);
  const range = (b: number): [number, number] => [start + b * IO_BATCH, Math.min(start + (b + 1) * IO_BATCH, candidates.length)];
  // Batch b uses slot b % slots; batch b + ahead is sent before batch b is parsed, into the slot batch b - 1 freed.
  const ahead = pool.slots - 1;
  const submit = (b: number): Promise<IoBatchResult | null> => {
    const [from, to] = range(b);
    const statOnly = new Uint8Array(to - from);
    const paths: string[] = [];
    for (let i = from; i < to; i++) {
      const candidate = candidates[i] as Candidate;
      if (cache.size > 0) {
        const cached = cache.get(candidate.relPath);
        if (cached && cached.category === candidate.category) statOnly[i - from] = 1;
      }
      paths.push(absolute(rawDir, candidate));
    }
    // A failed batch (a worker died) is read on this thread instead.
    return pool.read({ paths, statOnly, slot: b % pool.slots }).catch(() => null);
  };
  const inFlight: Promise<IoBatchResult | null>[] = [];
  for (let b = 0; b < Math.min(ahead, batchCount); b++) inFlight.push(submit(b));
  let reused = 0;
  try {
    for (let b = 0; b < batchCount; b++) {
      const result = await (inFlight[b] as Promise<IoBatchResult | null>);
      inFlight[b] = Promise.resolve(null); // let the settled result go
      if (signal?.aborted) throw new ScanCancelledError();
      if (b + ahead < batchCount) inFlight.push(submit(b + ahead));
      const [from, to] = range(b);
      reused += result ? takeBatch(context, candidates, from, result) : readHere(context, candidates, from, to, () => undefined).reused;
      report(to);
    }
  } finally {
    await pool.close();
  }
  return reused;
}

export async function scanTree(options: ScanTreeOptions): Promise<ScanTreeResult> {
  const rawDir = path.join(options.workspace, RAW_DIR);
  const interval = options.progressIntervalMs ?? 100;
  let lastReport = -Infinity;
  const report = (phase: ScanTreePhase, done: number, total: number, force = false): void => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReport < interval)) return;
    lastReport = now;
    options.onProgress(phase, done, total);
  };
  if (options.signal?.aborted) throw new ScanCancelledError();
  // When the scan began: a file added while it ran may have been missed, so it must count as newer than the scan.
  const scannedAt = new Date().toISOString();

  const { candidates, problems, ignored } = listCandidates(rawDir, options.signal, (found) => report('listing', found, 0));
  const entries: ManifestEntry[] = problems;
  const context: ReadContext = { rawDir, cache: cacheFrom(options.previous), warn: createWarningMemo(), entries, signal: options.signal };
  const total = candidates.length;
  const progress = (done: number): void => report('reading', done, total);
  report('reading', 0, total, true);
  let workers = options.ioWorkers ?? defaultIoWorkers(total);
  let reused = 0;
  if (workers > 0) {
    reused = await readPooled(context, candidates, 0, createScanIoPool(workers, workers * 2 + 1), progress, options.signal);
  } else {
    // Told to stay on this thread, it does; by default, files that turn out to come from the disk go to threads.
    const probe = options.ioWorkers === undefined ? { handOffAfterMs: options.slowFileMs ?? SLOW_FILE_MS, windowMs: options.probeMs ?? PROBE_MS } : null;
    const here = readHere(context, candidates, 0, total, progress, probe);
    reused = here.reused;
    if (here.next < total) {
      workers = DISK_WORKERS;
      reused += await readPooled(context, candidates, here.next, createScanIoPool(workers, workers * 2 + 1), progress, options.signal);
    }
  }
  report('reading', total, total, true);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    manifest: { version: MANIFEST_VERSION, scannerVersion: SCANNER_VERSION, scannedAt, ignoredFiles: ignored, files: entries },
    reusedFromCache: reused,
    ioWorkers: workers,
  };
}
