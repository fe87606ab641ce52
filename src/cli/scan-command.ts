/** `wakeword scan [--workspace W] [--json]`: scans data/raw, writes data/manifest.json, prints counts and health. */
import { DATASET_CATEGORIES, MANIFEST_PATH } from '../shared/core/dataset/categories';
import { formatDuration } from '../shared/core/dataset/format-duration';
import { healthReport } from '../shared/core/dataset/health-report';
import { invalidFiles, toScanJson } from '../shared/core/dataset/summary';
import { scanWorkspace } from '../node/dataset/scan-workspace';
import { WorkspaceError } from '../node/dataset/workspace';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';

const SEVERITY_MARK = { error: '✗', warning: '!', info: '·', good: '✓' } as const;

export interface ScanCommandOptions {
  readonly workspace: string;
  readonly json?: boolean;
}

/** Turns the services' user-facing workspace errors into CLI errors (printed without a stack). */
export async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WorkspaceError) throw new CliError(error.message);
    throw error;
  }
}

export async function runScan(options: ScanCommandOptions, io: CliIo): Promise<void> {
  const result = await asCliErrors(() => scanWorkspace({ workspace: options.workspace }));
  if (result.cacheWarning) io.err(`warning: ${result.cacheWarning}`);
  const entries = result.manifest.files;
  if (options.json) {
    io.out(JSON.stringify(toScanJson(entries)));
    return;
  }
  const report = healthReport(entries);
  io.out(`Scanned ${entries.length.toLocaleString('en-US')} audio files in ${(result.durationMs / 1000).toFixed(1)} s (${result.reusedFromCache.toLocaleString('en-US')} unchanged since the last scan).`);
  io.out('');
  io.out(`${'category'.padEnd(15)}${'files'.padStart(9)}${'invalid'.padStart(9)}${'duration'.padStart(11)}`);
  for (const category of DATASET_CATEGORIES) {
    const totals = report.categories[category];
    io.out(`${category.padEnd(15)}${String(totals.files).padStart(9)}${String(totals.invalidFiles).padStart(9)}${formatDuration(totals.seconds).padStart(11)}`);
  }
  const invalid = invalidFiles(entries);
  if (invalid.length > 0) {
    io.out('');
    io.out(`${invalid.length} invalid file${invalid.length === 1 ? '' : 's'} (skipped by training):`);
    for (const problem of invalid) io.out(`  ${problem.path}: ${problem.reason}`);
  }
  io.out('');
  io.out(`Health score: ${report.score}/100`);
  for (const finding of report.findings) io.out(`  ${SEVERITY_MARK[finding.severity]} ${finding.message}`);
  io.out('');
  io.out(`Wrote ${MANIFEST_PATH}.`);
}
