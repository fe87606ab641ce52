import { useCallback, useEffect, useState } from 'react';
import type { EvaluationProgress } from '../../shared/contract/evaluation-contract';
import type { Detection } from '../../shared/core/detection/streaming-detector';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { ClipPlayer } from './clip-player';
import { seconds } from './format';
import { JobProgress } from './job-status';
import { useClipPlayback } from './use-clip-playback';
import { errorMessage } from '../../shared/error-message';

type CandidateState = { readonly kind: 'pending' } | { readonly kind: 'saved'; readonly path: string } | { readonly kind: 'dismissed' };

/**
 * False-accept mining: the run's detector, at its saved operating point, over a long recording that should
 * hold no wake word. Every detection is a false accept; confirmed ones become hard-negative clips.
 */
export function MiningSection({ runId }: { readonly runId: string }) {
  const api = useApi();
  const [file, setFile] = useState('');
  const [progress, setProgress] = useState<EvaluationProgress | null>(null);
  // A long recording takes minutes to score: the hook drops the answer if the panel is gone by then.
  const detection = useRequest((path: string) => api.invoke('detection:run', { runId, file: path }));
  const { running, result } = detection;
  const [error, setError] = useState<string | null>(null);
  const [states, setStates] = useState<ReadonlyMap<number, CandidateState>>(new Map());
  const clips = useClipPlayback<number>(useCallback((e: unknown) => setError(errorMessage(e)), []));

  useEffect(() => api.on('evaluation:progress', (p) => (p.job === 'detect' && p.runId === runId ? setProgress(p) : undefined)), [api, runId]);

  const run = (): void => {
    setError(null);
    detection.reset();
    setProgress(null);
    clips.stop();
    setStates(new Map());
    void detection.run(file.trim());
  };

  const setState = (index: number, state: CandidateState): void => setStates((previous) => new Map(previous).set(index, state));
  const play = (index: number, d: Detection): void => {
    clips.play(index, () => api.invoke('detection:segment-audio', { file: file.trim(), start: d.start, end: d.end }));
  };
  const save = (index: number, d: Detection): void => {
    api.invoke('detection:save-candidate', { file: file.trim(), start: d.start, end: d.end }).then(
      ({ path }) => setState(index, { kind: 'saved', path }),
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  return (
    <section aria-labelledby="mining-heading" className="card">
      <h3 id="mining-heading">False-accept mining</h3>
      <p className="evaluation__hint">
        Run the detector over a long recording without the wake word (a podcast, a day of room audio). Each detection is a false accept: confirm it to save the
        clip into data/raw/hard_negative/mined, then rescan and retrain.
      </p>
      <div className="evaluation__row">
        <label className="evaluation__field evaluation__grow">
          Recording (path on the machine running the app)
          <input type="text" value={file} onChange={(event) => setFile(event.target.value)} placeholder="/path/to/long-recording.wav" />
        </label>
        <button type="button" onClick={run} disabled={running || file.trim() === ''}>
          Find false accepts
        </button>
      </div>
      {running && <JobProgress label="Detection progress" progress={progress} />}
      <ErrorNotice text={detection.error} onDismiss={detection.dismissError} />
      <ErrorNotice text={error} onDismiss={() => setError(null)} />
      {result && (
        <>
          <p role="status">
            {result.detections.length === 0
              ? `No detections in ${seconds(result.durationSeconds)} at threshold ${result.threshold.toFixed(3)}.`
              : `${String(result.detections.length)} detection(s) in ${seconds(result.durationSeconds)} at threshold ${result.threshold.toFixed(3)} (smoothing ${String(result.smoothing)}, refractory ${String(result.refractorySeconds)} s).`}
          </p>
          {clips.playing && <ClipPlayer clip={clips.playing.clip} label={`Detection ${String(clips.playing.key + 1)}`} />}
          {result.detections.length > 0 && (
            <table className="table" aria-label="Hard-negative candidates">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Score</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {result.detections.map((d, index) => {
                  const state = states.get(index) ?? { kind: 'pending' };
                  const name = `detection at ${d.time.toFixed(2)} s`;
                  return (
                    <tr key={d.time}>
                      <td>
                        {seconds(d.time)} ({d.start.toFixed(2)}–{d.end.toFixed(2)} s)
                      </td>
                      <td>{d.score.toFixed(4)}</td>
                      <td>
                        <button type="button" aria-label={`Play ${name}`} onClick={() => play(index, d)}>
                          Play
                        </button>{' '}
                        {state.kind === 'pending' && (
                          <>
                            <button type="button" aria-label={`Save ${name} as hard negative`} onClick={() => save(index, d)}>
                              Save as hard negative
                            </button>{' '}
                            <button type="button" aria-label={`Dismiss ${name}`} onClick={() => setState(index, { kind: 'dismissed' })}>
                              Dismiss
                            </button>
                          </>
                        )}
                        {state.kind === 'saved' && <span>Saved as {state.path}</span>}
                        {state.kind === 'dismissed' && <span>Dismissed</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
