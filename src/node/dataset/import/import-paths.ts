/**
 * Desktop import: files and folders dropped on a category are copied into data/raw/<category>/, a
 * dropped folder keeping its own name and sub-folders. Only audio files whose header reads cleanly are
 * copied (byte for byte, nothing converted); everything else is listed as skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { extensionOf, RAW_DIR, type DatasetCategory } from '../../../shared/core/dataset/categories';
import { safeRelativeParts, unsupportedReason } from '../../../shared/core/dataset/import/import-names';
import type { ImportedFile, ImportResult, SkippedFile } from '../../../shared/core/dataset/import/import-types';
import { describeFsError, probeFileSync } from '../probe-file';
import { ensureFolderInside, isInsideFolder } from '../../fs/workspace-paths';
import { placeWithoutOverwrite } from './place-file';

/** Where copies and uploads are assembled before they get their final name; outside data/raw, so scans never see them. */
export const IMPORT_TEMP_DIR = 'data/.import-tmp';

export interface ImportPathsOptions {
  readonly workspace: string;
  readonly category: DatasetCategory;
  readonly paths: readonly string[];
  /**
   * Set for requests from the browser (`wakeword serve`): every path, and every file found under a given
   * folder, must really lie inside this folder (the workspace). The desktop passes paths the user picked in a
   * native dialog or dropped, which may come from anywhere.
   */
  readonly confineTo?: string;
  readonly onProgress?: (done: number, total: number, current: string) => void;
}

interface Source {
  readonly abs: string;
  /** Relative destination inside the category folder, with forward slashes. */
  readonly rel: string;
}

const OUTSIDE = 'not inside the open workspace (in the browser, upload files instead)';

async function collect(paths: readonly string[], categoryDir: string, skipped: SkippedFile[], confineTo: string | undefined): Promise<Source[]> {
  const realConfine = confineTo === undefined ? null : await fs.realpath(confineTo).catch(() => path.resolve(confineTo));
  const outside = async (abs: string): Promise<boolean> => realConfine !== null && !isInsideFolder(await fs.realpath(abs).catch(() => abs), realConfine);
  const sources: Source[] = [];
  const visited = new Set<string>();
  const firstVisit = (stats: Stats): boolean => {
    const key = `${stats.dev}:${stats.ino}`;
    if (visited.has(key)) return false;
    visited.add(key);
    return true;
  };
  const realCategoryDir = await fs.realpath(categoryDir).catch(() => categoryDir);

  for (const given of paths) {
    if (!path.isAbsolute(given)) {
      skipped.push({ source: given, reason: 'not an absolute path' });
      continue;
    }
    // Checked by name first and then by real path, before any stat: the reply never tells whether it exists.
    if (realConfine !== null && (!isInsideFolder(path.resolve(given), path.resolve(confineTo ?? '')) || (await outside(given)))) {
      skipped.push({ source: given, reason: OUTSIDE });
      continue;
    }
    let stats: Stats;
    try {
      stats = await fs.stat(given);
    } catch (error) {
      skipped.push({ source: given, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found (moved or deleted?)' : describeFsError(error) });
      continue;
    }
    const real = await fs.realpath(given).catch(() => given);
    if (isInsideFolder(real, realCategoryDir)) {
      skipped.push({ source: given, reason: `already in the ${path.basename(categoryDir)} folder` });
      continue;
    }
    if (stats.isFile()) {
      sources.push({ abs: given, rel: path.basename(given) });
      continue;
    }
    if (!stats.isDirectory()) {
      skipped.push({ source: given, reason: 'not a regular file (a device, pipe or socket)' });
      continue;
    }
    firstVisit(stats);
    const stack: Source[] = [{ abs: given, rel: path.basename(given) }];
    while (stack.length > 0) {
      const dir = stack.pop() as Source;
      let names: string[];
      try {
        names = (await fs.readdir(dir.abs)).sort();
      } catch (error) {
        skipped.push({ source: dir.abs, reason: describeFsError(error, 'the folder') });
        continue;
      }
      for (const name of names) {
        const abs = path.join(dir.abs, name);
        if (name.startsWith('.')) {
          skipped.push({ source: abs, reason: 'hidden file or folder' });
          continue;
        }
        let entry: Stats;
        try {
          entry = await fs.stat(abs);
        } catch (error) {
          skipped.push({ source: abs, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'broken symbolic link' : describeFsError(error) });
          continue;
        }
        const rel = `${dir.rel}/${name}`;
        if (await outside(abs)) {
          skipped.push({ source: abs, reason: OUTSIDE });
          continue;
        }
        if (entry.isDirectory()) {
          if (isInsideFolder(await fs.realpath(abs).catch(() => abs), realCategoryDir)) {
            skipped.push({ source: abs, reason: `already in the ${path.basename(categoryDir)} folder` });
          } else if (firstVisit(entry)) {
            stack.push({ abs, rel });
          }
        } else if (entry.isFile()) {
          sources.push({ abs, rel });
        } else {
          skipped.push({ source: abs, reason: 'not a regular file (a device, pipe or socket)' });
        }
      }
    }
  }
  return sources;
}

export interface ImportTarget {
  /** Sub-folders inside the category folder. */
  readonly folders: readonly string[];
  readonly fileName: string;
}

/** The safe destination for a dropped name, or why it cannot be imported (path tricks are removed, not followed). */
export function importTarget(relName: string): ImportTarget | string {
  const parts = safeRelativeParts(relName);
  const fileName = parts.pop();
  if (fileName === undefined) return 'the name has no usable characters';
  return unsupportedReason(fileName) ?? { folders: parts, fileName };
}

/** Checks `file`'s header (read as `target.fileName`), then gives it its final name; `file` is consumed (moved or deleted). */
export async function placeChecked(workspace: string, category: DatasetCategory, source: string, file: string, target: ImportTarget): Promise<ImportedFile | SkippedFile> {
  const probe = probeFileSync(file, extensionOf(target.fileName));
  if (!probe.outcome.ok) {
    await fs.rm(file, { force: true });
    return { source, reason: probe.outcome.reason };
  }
  const rawDir = path.join(workspace, RAW_DIR);
  let destDir: string;
  try {
    // A category or sub-folder that is a link to elsewhere must not receive the file.
    destDir = await ensureFolderInside(workspace, path.join(RAW_DIR, category, ...target.folders), path.join(category, ...target.folders));
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  const placed = await placeWithoutOverwrite(file, destDir, target.fileName);
  return { source, savedAs: path.relative(await fs.realpath(rawDir), path.join(destDir, placed)).split(path.sep).join('/') };
}

export async function tempFile(workspace: string): Promise<string> {
  const dir = path.join(workspace, IMPORT_TEMP_DIR);
  await fs.mkdir(dir, { recursive: true });
  return path.join(dir, `${randomBytes(8).toString('hex')}.part`);
}

/** Copies one file in via a temp file, so a half-copied file never appears under data/raw. */
async function importOne(workspace: string, category: DatasetCategory, source: Source): Promise<ImportedFile | SkippedFile> {
  const target = importTarget(source.rel);
  if (typeof target === 'string') return { source: source.abs, reason: target };
  // Check the original first: a file that will be skipped is not copied at all.
  const probe = probeFileSync(source.abs, extensionOf(target.fileName));
  if (!probe.outcome.ok) return { source: source.abs, reason: probe.outcome.reason };
  const temp = await tempFile(workspace);
  try {
    await fs.copyFile(source.abs, temp);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return placeChecked(workspace, category, source.abs, temp, target);
}

export async function importPaths(options: ImportPathsOptions): Promise<ImportResult> {
  const categoryDir = path.join(options.workspace, RAW_DIR, options.category);
  const skipped: SkippedFile[] = [];
  const imported: ImportedFile[] = [];
  const sources = await collect(options.paths, categoryDir, skipped, options.confineTo);
  let lastReport = -Infinity;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i] as Source;
    const now = performance.now();
    if (now - lastReport > 100) {
      lastReport = now;
      options.onProgress?.(i, sources.length, source.rel);
    }
    try {
      const result = await importOne(options.workspace, options.category, source);
      if ('savedAs' in result) imported.push(result);
      else skipped.push(result);
    } catch (error) {
      skipped.push({ source: source.abs, reason: describeFsError(error) });
    }
  }
  options.onProgress?.(sources.length, sources.length, '');
  return { category: options.category, imported, skipped };
}
