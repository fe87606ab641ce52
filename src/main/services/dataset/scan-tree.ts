/**
 * The dataset scan: lists data/raw/<category>/** (following symlinks, never looping), probes each audio
 * file's header, and reuses the previous manifest's entry for files whose size and mtime are unchanged.
 * Works in time slices so the Electron main process stays responsive, and stops promptly when cancelled.
 */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { DATASET_CATEGORIES, extensionOf, isAudioFileName, RAW_DIR, type DatasetCategory } from '../../../shared/core/dataset/categories';
import { fileWarnings } from '../../../shared/core/dataset/file-warnings';
import { MANIFEST_VERSION, SCANNER_VERSION, type DatasetManifest, type ManifestEntry } from '../../../shared/core/dataset/manifest';
import { describeFsError, probeFileSync } from './probe-file';

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
}

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
  readonly absPath: string;
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
        const abs = path.join(dir.abs, name);
        const rel = `${dir.rel}/${name}`;
        const audio = isAudioFileName(name);
        if (!dirent.isDirectory() && !dirent.isFile() && !dirent.isSymbolicLink()) {
          if (audio) problems.push(problem(category, rel, 'not a regular file (a device, pipe or socket)'));
          continue;
        }
        if (dirent.isFile()) {
          // Plain files are not stat'ed here: the reading phase gets size and mtime from the open file.
          if (audio) candidates.push({ category, relPath: rel, absPath: abs });
          else ignored++;
          continue;
        }
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
          if (audio) candidates.push({ category, relPath: rel, absPath: abs });
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

function probeCandidate(candidate: Candidate): ManifestEntry {
  const { size, mtimeMs, outcome } = probeFileSync(candidate.absPath, extensionOf(candidate.relPath));
  const base = { category: candidate.category, path: candidate.relPath, sizeBytes: size, mtimeMs };
  if (!outcome.ok) return { ...base, status: 'invalid', reason: outcome.reason };
  const warnings = fileWarnings(candidate.category, outcome.info);
  return { ...base, status: 'valid', ...outcome.info, warnings: outcome.warnings.length === 0 ? warnings : [...outcome.warnings, ...warnings] };
}

/** The cached entry when the file's size and mtime are unchanged (a stat, no open). */
function cachedEntry(candidate: Candidate, cache: ReadonlyMap<string, ManifestEntry>): ManifestEntry | null {
  const cached = cache.get(candidate.relPath);
  if (!cached || cached.category !== candidate.category) return null;
  try {
    const stats = statSync(candidate.absPath);
    return stats.size === cached.sizeBytes && stats.mtimeMs === cached.mtimeMs ? cached : null;
  } catch {
    return null;
  }
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
  let reused = 0;
  report('reading', 0, candidates.length, true);
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate;
    const cached = cache.size > 0 ? cachedEntry(candidate, cache) : null;
    if (cached) {
      entries.push(cached);
      reused++;
    } else {
      entries.push(probeCandidate(candidate));
    }
    report('reading', i + 1, candidates.length);
    await tick();
  }
  report('reading', candidates.length, candidates.length, true);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    manifest: { version: MANIFEST_VERSION, scannerVersion: SCANNER_VERSION, scannedAt: new Date().toISOString(), ignoredFiles: ignored, files: entries },
    reusedFromCache: reused,
  };
}
