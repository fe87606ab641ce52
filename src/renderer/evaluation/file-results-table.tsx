import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { type Outcome, type ScoredFile, fileOutcome, maxScore } from '../../shared/core/evaluation/evaluation-report';
import './per-file-results.css';

type SortKey = 'path' | 'category' | 'score' | 'outcome';
type Filter = 'all' | 'errors' | 'fp' | 'fn';

const FILTERS: readonly { readonly id: Filter; readonly label: string }[] = [
  { id: 'all', label: 'All files' },
  { id: 'errors', label: 'Errors (false positives and negatives)' },
  { id: 'fp', label: 'False positives' },
  { id: 'fn', label: 'False negatives' },
];

const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = { tp: 'TP', fp: 'FP', tn: 'TN', fn: 'FN' };
/** Rendering thousands of rows makes the panel sluggish; the filters find the interesting ones. */
const MAX_ROWS = 500;

interface Row {
  readonly file: ScoredFile;
  readonly score: number;
  readonly outcome: Outcome;
}

export interface FileResultsTableProps {
  readonly files: readonly ScoredFile[];
  readonly threshold: number;
  readonly added: ReadonlyMap<string, string>;
  /** The file open in its row (highlighted, its player and plot below it; it stays open after playing), or null. */
  readonly playing: string | null;
  readonly onPlay: (path: string) => void;
  readonly onStop: () => void;
  /** What opens under the playing row: the player over the file's waveform and score. */
  readonly renderDetail: (path: string) => ReactNode;
  readonly onAddHardNegative: (path: string) => void;
}

function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'score':
      return a.score - b.score;
    case 'path':
      return a.file.path.localeCompare(b.file.path);
    case 'category':
      return a.file.category.localeCompare(b.file.category) || a.file.path.localeCompare(b.file.path);
    case 'outcome':
      return a.outcome.localeCompare(b.outcome) || b.score - a.score;
  }
}

export function FileResultsTable({ files, threshold, added, playing, onPlay, onStop, renderDetail, onAddHardNegative }: FileResultsTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'score', descending: true });
  const [filter, setFilter] = useState<Filter>('errors');
  const rows = useMemo(() => {
    const all = files.map((file): Row => ({ file, score: maxScore(file), outcome: fileOutcome(file, threshold) }));
    const kept = all.filter((row) => filter === 'all' || (filter === 'errors' ? row.outcome === 'fp' || row.outcome === 'fn' : row.outcome === filter));
    const sorted = kept.sort((a, b) => compare(a, b, sort.key));
    return sort.descending ? sorted.reverse() : sorted;
  }, [files, threshold, filter, sort]);

  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link-button" onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'score' }))}>
        {label}
      </button>
    </th>
  );

  return (
    <section aria-labelledby="file-results-heading" className="card">
      <h3 id="file-results-heading">Per-file results</h3>
      <label className="evaluation__field">
        Show
        <select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
          {FILTERS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <p className="evaluation__hint">
        {rows.length} of {files.length} files. A long recording counts as a false positive when any of its windows is accepted; its score is the highest window&apos;s.
      </p>
      <div className="evaluation__table-wrap">
        <table className="table" aria-label="Per-file results">
          <thead>
            <tr>
              {header('path', 'File')}
              {header('category', 'Category')}
              {header('score', 'Score')}
              {header('outcome', 'Outcome')}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((row) => {
              const copy = added.get(row.file.path);
              const path = row.file.path;
              const isPlaying = playing === path;
              const addLabel = copy ? `Added as ${copy}` : 'Add to hard_negative';
              return (
                <Fragment key={path}>
                  <tr className={`evaluation__outcome--${row.outcome}${isPlaying ? ' evaluation__row--playing' : ''}`} data-playing={isPlaying || undefined}>
                    <td>
                      <span className="evaluation__ellipsis" title={path}>
                        {path}
                      </span>
                    </td>
                    <td>{row.file.category}</td>
                    <td>{row.score.toFixed(4)}</td>
                    <td>{OUTCOME_TEXT[row.outcome]}</td>
                    <td>
                      <div className="evaluation__actions">
                        <button type="button" aria-label={`${isPlaying ? 'Close' : 'Play'} ${path}`} aria-expanded={isPlaying} onClick={() => (isPlaying ? onStop() : onPlay(path))}>
                          {isPlaying ? 'Close' : 'Play'}
                        </button>
                        {row.outcome === 'fp' && row.file.category !== 'hard_negative' && (
                          <button type="button" className="evaluation__label-button" aria-label={`Add ${path} to hard_negative`} title={addLabel} disabled={copy !== undefined} onClick={() => onAddHardNegative(path)}>
                            {addLabel}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                  {isPlaying && (
                    <tr className="evaluation__detail evaluation__row--playing">
                      <td colSpan={5}>{renderDetail(path)}</td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > MAX_ROWS && <p className="evaluation__hint">Showing the first {MAX_ROWS}; narrow the filter to see the rest.</p>}
    </section>
  );
}
