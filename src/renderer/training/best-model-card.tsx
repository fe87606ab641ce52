import { useEffect, useId, useState } from 'react';
import { useApi } from '../app/api-context';
import { formatFahEstimate } from '../../shared/core/fah';
import { formatFah, formatNumber, formatPercent } from '../../shared/core/training-view/format';
import type { BestModel } from '../../shared/contract/trainer-protocol';
import { errorMessage } from '../../shared/error-message';

/** The model a run keeps: the epoch that scored best on the selection metric, and where it is. */
export function BestModelCard({ best, heading = 'Best model' }: { readonly best: BestModel | null; readonly heading?: string }) {
  const headingId = useId();
  const api = useApi();
  const [copied, setCopied] = useState<string | null>(null);
  const [canOpen, setCanOpen] = useState(false);
  useEffect(() => {
    let live = true;
    api.invoke('app:info').then(
      (info) => live && setCanOpen(info.canOpenFolders),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const openFolder = (path: string): void => {
    api.invoke('app:open-folder', { path }).then(
      (result) => setCopied(result.opened ? null : result.reason),
      (error: unknown) => setCopied(errorMessage(error)),
    );
  };
  const copyPath = (path: string): void => {
    navigator.clipboard.writeText(path).then(
      () => setCopied('Path copied.'),
      (error: unknown) => setCopied(`Could not copy: ${errorMessage(error)}`),
    );
  };
  return (
    <section aria-labelledby={headingId} className="card best-model">
      <h3 id={headingId}>{heading}</h3>
      {best ? (
        <>
          <dl className="best-model__grid">
            <div>
              <dt>Epoch</dt>
              <dd data-testid="best-epoch">{best.epoch}</dd>
            </div>
            <div>
              <dt>Val loss</dt>
              <dd data-testid="best-val-loss">{formatNumber(best.valLoss)}</dd>
            </div>
            <div>
              <dt>Val accuracy</dt>
              <dd data-testid="best-val-acc">{formatPercent(best.valAcc)}</dd>
            </div>
            <div title="Share of wake words detected at the threshold that keeps false accepts at or under the target rate">
              <dt>Recall at target FAH</dt>
              <dd data-testid="best-recall">
                {formatPercent(best.recallAtTarget)} <span className="training-muted">at {best.fahEstimate ? formatFahEstimate(best.fahEstimate) : formatFah(best.fah)}</span>
              </dd>
            </div>
            <div>
              <dt>Threshold</dt>
              <dd data-testid="best-threshold">{formatNumber(best.threshold, 3)}</dd>
            </div>
          </dl>
          {best.fahWarning && (
            <p role="note" className="best-model__warning" data-testid="best-fah-warning">
              {best.fahWarning}
            </p>
          )}
          <p className="best-model__path">
            <code data-testid="best-path">{best.path}</code>{' '}
            <button type="button" className="training-button training-button--small" onClick={() => copyPath(best.path)}>
              Copy path
            </button>{' '}
            {canOpen && (
              <button type="button" className="training-button training-button--small" onClick={() => openFolder(best.path)}>
                Open folder
              </button>
            )}{' '}
            {copied && <span role="status">{copied}</span>}
          </p>
        </>
      ) : (
        <p className="training-muted">No best model yet: it is chosen after the first validated epoch.</p>
      )}
    </section>
  );
}
