import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { DATASET_CATEGORIES, type DatasetCategory } from '../../shared/core/dataset/categories';
import { ErrorNotice } from '../app/error-notice';
import { droppedEntries, filesFromEntries, plainFiles } from './dropped-files';
import { formatCount } from './format';
import { useImport, type ImportRequest } from './use-import';

const HINT: Readonly<Record<DatasetCategory, string>> = {
  positive: 'the wake phrase',
  negative: 'other speech and sounds',
  hard_negative: 'phrases that sound close',
  background: 'long noise recordings',
  rirs: 'room impulse responses',
};

function DropZone({ category, disabled, onFiles }: { readonly category: DatasetCategory; readonly disabled: boolean; readonly onFiles: (request: ImportRequest) => void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const allow = (event: DragEvent): void => {
    if (disabled) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };

  const drop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const transfer = event.dataTransfer;
    const topLevel = Array.from(transfer.files ?? []);
    const entries = droppedEntries(transfer);
    if (topLevel.length === 0 && entries.length === 0) return;
    onFiles({ category, topLevel, walk: () => (entries.length > 0 ? filesFromEntries(entries) : Promise.resolve(plainFiles(topLevel))) });
  };

  const chosen = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles({ category, topLevel: files, walk: () => Promise.resolve(plainFiles(files)) });
  };

  return (
    <div
      role="group"
      aria-label={`Import into ${category}`}
      data-testid={`drop-${category}`}
      className={`dataset__drop${over ? ' dataset__drop--over' : ''}`}
      onDragOver={allow}
      onDragEnter={allow}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <strong>{category}</strong>
      <span className="dataset__hint">{HINT[category]}</span>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        Add files…
      </button>
      <input ref={input} type="file" multiple hidden accept=".wav,.wave,.flac,.mp3,.ogg,.oga,.opus,audio/*" aria-label={`Choose files for ${category}`} onChange={chosen} />
    </div>
  );
}

/** Drag-and-drop import onto a category; a finished import triggers a rescan (incremental, so only new files are read). */
export function ImportSection({ canImport, onImported }: { readonly canImport: boolean; readonly onImported: () => void }) {
  const [state, start, dismissError] = useImport(onImported);
  const { progress, result } = state;
  return (
    <section aria-labelledby="import-heading" className="card">
      <h3 id="import-heading">Add audio</h3>
      <p className="dataset__hint">
        Drop files or folders on a category. They are copied into data/raw/&lt;category&gt;/ as they are (nothing is converted); folders keep their names, and a file never replaces another (“clip (2).wav”).
      </p>
      <div className="dataset__drops">
        {DATASET_CATEGORIES.map((category) => (
          <DropZone key={category} category={category} disabled={!canImport || state.busy} onFiles={start} />
        ))}
      </div>
      {state.busy && (
        <div className="dataset__progress">
          <progress aria-label="Import progress" max={progress && progress.total > 0 ? progress.total : undefined} value={progress && progress.total > 0 ? progress.done : undefined} />
          <span>{progress ? `Importing into ${progress.category}: ${formatCount(progress.done)} of ${formatCount(progress.total)} files` : 'Preparing the import…'}</span>
        </div>
      )}
      <ErrorNotice text={state.error} onDismiss={dismissError} />
      {result && (
        <div data-testid="import-result">
          <p>
            Imported {formatCount(result.imported.length)} file{result.imported.length === 1 ? '' : 's'} into {result.category}
            {result.skipped.length > 0 && `; skipped ${formatCount(result.skipped.length)}`}.
          </p>
          {result.skipped.length > 0 && (
            <details open={result.skipped.length <= 10}>
              <summary>Skipped files</summary>
              <ul aria-label="Skipped files" className="dataset__problems">
                {result.skipped.map((skipped, i) => (
                  <li key={`${skipped.source}:${i}`}>
                    <code>{skipped.source}</code>: {skipped.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
