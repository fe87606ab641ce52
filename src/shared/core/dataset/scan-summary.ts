/** Condenses a manifest into the summary the panel shows (lists capped so 50k bad files stay a small message). */
import type { ScanSummary } from './dataset-types';
import { healthReport } from './health-report';
import type { DatasetManifest } from './manifest';
import { fileWarningsOf, invalidFiles } from './summary';

export const SUMMARY_LIST_LIMIT = 200;

export function scanSummary(manifest: DatasetManifest, run: { readonly durationMs: number | null; readonly reusedFromCache: number }): ScanSummary {
  const health = healthReport(manifest.files);
  const invalid = invalidFiles(manifest.files);
  const warnings = fileWarningsOf(manifest.files);
  return {
    scannedAt: manifest.scannedAt,
    durationMs: run.durationMs,
    totalFiles: manifest.files.length,
    validFiles: manifest.files.length - invalid.length,
    invalidFiles: invalid.length,
    ignoredFiles: manifest.ignoredFiles,
    reusedFromCache: run.reusedFromCache,
    categories: health.categories,
    invalid: invalid.slice(0, SUMMARY_LIST_LIMIT),
    warnings: warnings.slice(0, SUMMARY_LIST_LIMIT),
    warningCount: warnings.length,
    health,
  };
}
