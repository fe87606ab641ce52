import { useState } from 'react';
import type { DemoResult } from '../../shared/core/dataset/synth/synth-types';
import { useApi } from '../app/api-context';
import { errorMessage, formatCount } from './format';
import { SynthProgressBar } from './synth-progress-bar';
import { useSynthProgress, useSynthStatus } from './use-synth';

/** One click to a ready-to-train workspace for newcomers: made in `folder` (new or empty), scanned, split and opened. */
export function DemoButton({ folder }: { readonly folder: string }) {
  const api = useApi();
  const status = useSynthStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DemoResult | null>(null);
  const progress = useSynthProgress(busy);

  const create = (): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    api
      .invoke('dataset:create-demo', { path: folder })
      .then(setResult, (reason: unknown) => setError(errorMessage(reason)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="dataset__demo">
      <div className="dataset__row">
        <button type="button" disabled={busy || folder.trim() === '' || status?.available === false} onClick={create}>
          Create demo workspace
        </button>
        <span className="dataset__hint">A “hey nova” workspace in the folder above (new or empty), spoken by espeak-ng, scanned and split: ready to train.</span>
      </div>
      {status?.available === false && <p className="dataset__hint">The demo needs espeak-ng, which is not installed: see “Synthetic samples” below for how to get it.</p>}
      {busy && <SynthProgressBar label="Demo workspace progress" progress={progress} />}
      {error && <p role="alert">{error}</p>}
      {result && (
        <p data-testid="demo-result">
          Demo workspace ready: {formatCount(result.counts.positive)} positives, {formatCount(result.counts.negative)} negatives, {formatCount(result.counts.hard_negative)} hard negatives,{' '}
          {formatCount(result.counts.background)} background files, made in {(result.durationMs / 1000).toFixed(1)} s.
        </p>
      )}
    </div>
  );
}
