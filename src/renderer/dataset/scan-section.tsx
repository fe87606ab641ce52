import { DATASET_CATEGORIES } from '../../shared/core/dataset/categories';
import type { ScanProgress, ScanSummary } from '../../shared/core/dataset/dataset-types';
import { formatCount, formatDuration } from './format';

export interface ScanSectionProps {
  readonly summary: ScanSummary | null;
  readonly progress: ScanProgress | null;
  readonly scanning: boolean;
  readonly canScan: boolean;
  readonly onScan: () => void;
  readonly onCancel: () => void;
}

const PHASE_TEXT = { listing: 'Listing folders', reading: 'Reading headers', writing: 'Writing data/manifest.json', done: 'Done', cancelled: 'Cancelled', failed: 'Failed' } as const;

export function ScanSection({ summary, progress, scanning, canScan, onScan, onCancel }: ScanSectionProps) {
  const total = progress?.total ?? 0;
  return (
    <section aria-labelledby="scan-heading" className="card">
      <h3 id="scan-heading">Scan</h3>
      <div className="dataset__row">
        <button type="button" onClick={onScan} disabled={!canScan || scanning}>
          Scan dataset
        </button>
        {scanning && (
          <button type="button" onClick={onCancel}>
            Cancel scan
          </button>
        )}
      </div>
      {scanning && (
        <div className="dataset__progress">
          <progress
            aria-label="Scan progress"
            max={total > 0 ? total : undefined}
            value={total > 0 ? progress?.done : undefined}
          />
          <span>
            {progress ? `${PHASE_TEXT[progress.phase]}: ${formatCount(progress.done)}${total > 0 ? ` of ${formatCount(total)}` : ''} files` : 'Starting…'}
          </span>
        </div>
      )}
      {summary ? (
        <>
          <p data-testid="scan-totals">
            {formatCount(summary.totalFiles)} audio files, {formatCount(summary.validFiles)} usable, {formatCount(summary.invalidFiles)} invalid
            {summary.ignoredFiles > 0 && `, ${formatCount(summary.ignoredFiles)} other files ignored`}. Scanned {new Date(summary.scannedAt).toLocaleString()}
            {summary.durationMs !== null && ` in ${(summary.durationMs / 1000).toFixed(1)} s (${formatCount(summary.reusedFromCache)} unchanged)`}.
          </p>
          <table className="table">
            <caption>Files per category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Files</th>
                <th scope="col">Invalid</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {DATASET_CATEGORIES.map((category) => {
                const totals = summary.categories[category];
                return (
                  <tr key={category}>
                    <th scope="row">{category}</th>
                    <td data-testid={`count-${category}`}>{formatCount(totals.files)}</td>
                    <td data-testid={`invalid-${category}`}>{formatCount(totals.invalidFiles)}</td>
                    <td>{formatDuration(totals.seconds)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {summary.invalid.length > 0 && (
            <details open={summary.invalidFiles <= 20}>
              <summary>
                {formatCount(summary.invalidFiles)} invalid file{summary.invalidFiles === 1 ? '' : 's'} (skipped by training)
              </summary>
              <ul aria-label="Invalid files" className="dataset__problems">
                {summary.invalid.map((problem) => (
                  <li key={problem.path}>
                    <code>{problem.path}</code>: {problem.reason}
                  </li>
                ))}
              </ul>
              {summary.invalidFiles > summary.invalid.length && <p>… and {formatCount(summary.invalidFiles - summary.invalid.length)} more (see data/manifest.json).</p>}
            </details>
          )}
          {summary.warningCount > 0 && (
            <details>
              <summary>{formatCount(summary.warningCount)} warnings (files kept)</summary>
              <ul aria-label="File warnings" className="dataset__problems">
                {summary.warnings.map((warning) => (
                  <li key={`${warning.path}:${warning.reason}`}>
                    <code>{warning.path}</code>: {warning.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        !scanning && <p className="dataset__hint">Not scanned yet.</p>
      )}
    </section>
  );
}
