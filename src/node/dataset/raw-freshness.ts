/**
 * Whether the dataset's scan and split still describe data/raw. Adding, removing or renaming a file changes its
 * folder's modification time, so the newest folder time under data/raw tells when the data last changed without
 * reading every file; a watcher (fs.watch, where the platform offers it) also catches edits in place.
 */
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { RAW_DIR } from '../../shared/core/dataset/categories';
import type { DatasetFreshness } from '../../shared/core/dataset/dataset-types';

/** Enough for any sane layout; a pathological tree is cut off rather than walked for seconds. */
const MAX_FOLDERS = 20_000;

/** The newest modification time (ms) of data/raw and the folders below it, or null when there is no data/raw. */
export async function newestRawChange(workspace: string): Promise<number | null> {
  const root = path.join(workspace, RAW_DIR);
  const rootStat = await fs.stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) return null;
  let newest = rootStat.mtimeMs;
  const queue = [root];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_FOLDERS) {
    const folder = queue.shift() as string;
    seen += 1;
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = path.join(folder, entry.name);
      const stat = await fs.stat(child).catch(() => null);
      if (!stat) continue;
      newest = Math.max(newest, stat.mtimeMs);
      queue.push(child);
    }
  }
  return newest;
}

/** Scan and split are out of date when the data changed after them (times in ms; null = never made). */
export function freshness(dataChangedAt: number | null, scannedAt: number | null, splitAt: number | null): DatasetFreshness {
  const changed = dataChangedAt ?? null;
  return {
    dataChangedAt: changed === null ? null : new Date(changed).toISOString(),
    scanStale: changed !== null && scannedAt !== null && changed > scannedAt,
    splitStale: changed !== null && splitAt !== null && changed > splitAt,
  };
}

export interface RawWatcher {
  readonly folder: string;
  close(): void;
}

/**
 * Calls `onChange` once a burst of changes under `folder` has been quiet for `debounceMs` (a synthesis writes
 * hundreds of files). Null where fs.watch cannot watch the folder recursively; the folder times still tell.
 */
export function watchRawFolder(folder: string, onChange: (at: number) => void, debounceMs = 1000): RawWatcher | null {
  let watcher: FSWatcher;
  try {
    watcher = watch(folder, { recursive: true, persistent: false });
  } catch {
    return null;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  watcher.on('change', () => {
    last = Date.now();
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), debounceMs);
    timer.unref?.();
  });
  // A deleted data/raw or a lost inotify handle ends watching; the folder times still tell.
  watcher.on('error', () => watcher.close());
  return {
    folder,
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
