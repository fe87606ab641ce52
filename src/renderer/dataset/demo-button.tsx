import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { formatCount } from './format';
import { SynthProgressBar } from './synth-progress-bar';
import { useSynthEngines, useSynthProgress } from './use-synth';

/** One click to a ready-to-train workspace for newcomers: made in `folder` (new or empty), scanned, split and opened. */
export function DemoButton({ folder }: { readonly folder: string }) {
  const api = useApi();
  const { engines } = useSynthEngines();
  const missing = engines !== null && engines.voices.length === 0;
  const demo = useRequest((path: string) => api.invoke('dataset:create-demo', { path }));
  const { running: busy, result } = demo;
  const progress = useSynthProgress(busy);

  const create = (): void => {
    demo.reset();
    void demo.run(folder);
  };

  return (
    <div className="dataset__demo">
      <div className="dataset__row">
        <button type="button" disabled={busy || folder.trim() === '' || missing} onClick={create}>
          Create demo workspace
        </button>
        <span className="dataset__hint">A “hey nova” workspace in the folder above (new or empty), spoken by every installed speech engine, with 10 minutes of generated everyday speech, scanned and split. Small on purpose, so a first model trains in minutes: its health report will still ask for more positives (a dependable model wants 1,000 or more) and hours of negatives.</span>
      </div>
      {missing && <p className="dataset__hint">The demo needs a speech engine (espeak-ng or flite), and none is installed: see “Synthetic samples” below for how to get one.</p>}
      {busy && <SynthProgressBar label="Demo workspace progress" progress={progress} />}
      <ErrorNotice text={demo.error} onDismiss={demo.dismissError} />
      {result && (
        <p data-testid="demo-result">
          Demo workspace ready: {formatCount(result.counts.positive)} positives, {formatCount(result.counts.negative)} negatives, {formatCount(result.counts.hard_negative)} hard negatives,{' '}
          {formatCount(result.counts.background)} background files, made in {(result.durationMs / 1000).toFixed(1)} s. It trains as it is; the health report below lists what a real model needs more of.
        </p>
      )}
    </div>
  );
}
