/** Totals derived from manifest entries: what `wakeword scan` prints and the Dataset panel shows. */
import { DATASET_CATEGORIES, type DatasetCategory } from './categories';
import type { ManifestEntry } from './manifest';

export interface CategoryTotals {
  /** Every audio file found, usable or not. */
  readonly files: number;
  readonly validFiles: number;
  readonly invalidFiles: number;
  /** Total length of the valid files whose length is known. */
  readonly seconds: number;
}

export interface FileProblem {
  readonly path: string;
  readonly reason: string;
}

export type CategoryTotalsMap = Readonly<Record<DatasetCategory, CategoryTotals>>;

export function categoryTotals(entries: readonly ManifestEntry[]): CategoryTotalsMap {
  const totals = Object.fromEntries(DATASET_CATEGORIES.map((c) => [c, { files: 0, validFiles: 0, invalidFiles: 0, seconds: 0 }])) as Record<
    DatasetCategory,
    { files: number; validFiles: number; invalidFiles: number; seconds: number }
  >;
  for (const entry of entries) {
    const total = totals[entry.category];
    total.files++;
    if (entry.status === 'valid') {
      total.validFiles++;
      total.seconds += entry.durationSeconds ?? 0;
    } else {
      total.invalidFiles++;
    }
  }
  return totals;
}

export function invalidFiles(entries: readonly ManifestEntry[]): FileProblem[] {
  return entries.flatMap((entry) => (entry.status === 'invalid' ? [{ path: entry.path, reason: entry.reason }] : []));
}

export function fileWarningsOf(entries: readonly ManifestEntry[]): FileProblem[] {
  return entries.flatMap((entry) => (entry.status === 'valid' ? entry.warnings.map((reason) => ({ path: entry.path, reason })) : []));
}

/** The exact shape `wakeword scan --json` prints (snake_case, seconds rounded to milliseconds). */
export interface ScanJson {
  readonly total_files: number;
  readonly categories: Readonly<Record<DatasetCategory, { readonly files: number; readonly seconds: number }>>;
  readonly invalid: readonly FileProblem[];
}

export function toScanJson(entries: readonly ManifestEntry[]): ScanJson {
  const totals = categoryTotals(entries);
  const categories = Object.fromEntries(
    DATASET_CATEGORIES.map((c) => [c, { files: totals[c].files, seconds: Math.round(totals[c].seconds * 1000) / 1000 }]),
  ) as ScanJson['categories'];
  return { total_files: entries.length, categories, invalid: invalidFiles(entries) };
}
