import { Fragment, useEffect, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { AUDIO_EXTENSIONS } from '../../shared/core/dataset/categories';
import { MAX_RECORDING_BYTES, type ClipAudio } from '../../shared/contract/evaluation-contract';
import { useApi } from '../app/api-context';
import { JobProgress, Problem } from './job-status';
import { RecordingDetail } from './recording-detail';
import { type RecordingEntry, useRecordings } from './use-recordings';
import './per-file-results.css';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const ACCEPT = `${AUDIO_EXTENSIONS.map((ext) => `.${ext}`).join(',')},audio/*`;
/** Detection times listed in a row; the plot shows them all. */
const LISTED_TIMES = 6;

const minutes = (seconds: number): string => (seconds >= 60 ? `${String(Math.floor(seconds / 60))} min ${(seconds % 60).toFixed(0)} s` : `${seconds.toFixed(2)} s`);

function detectionText(entry: RecordingEntry): string {
  if (!entry.result.ok) return '';
  const { detections, mode } = entry.result.detection;
  if (detections.length === 0) return 'none';
  if (mode === 'clip') return 'detected';
  const times = detections.slice(0, LISTED_TIMES).map((d) => `${d.time.toFixed(2)} s`);
  const more = detections.length > LISTED_TIMES ? `, +${String(detections.length - LISTED_TIMES)} more` : '';
  return `${String(detections.length)}: at ${times.join(', ')}${more}`;
}

function parseThreshold(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}

/**
 * Panel 4's "evaluate any recording": drop or choose audio files (a kitchen recording, a podcast, a
 * colleague saying the phrase) and see each file's highest score, its detections at the threshold with
 * their times, and, row by row, a player over the waveform and the score over time.
 */
export function RecordingsSection({ runId }: { readonly runId: string }) {
  const api = useApi();
  const [thresholdText, setThresholdText] = useState('');
  const threshold = parseThreshold(thresholdText);
  const state = useRecordings(runId, threshold);
  const [over, setOver] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [playing, setPlaying] = useState<string | null>(null);
  const [clips, setClips] = useState<ReadonlyMap<string, ClipAudio | Blob>>(new Map());
  const [playProblems, setPlayProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const input = useRef<HTMLInputElement>(null);
  const seen = useRef<readonly RecordingEntry[]>([]);

  useEffect(() => {
    let current = true;
    api.invoke('evaluation:operating-point', { runId }).then(
      (point) => current && setThresholdText((text) => (text === '' ? String(Number(point.threshold.toFixed(4))) : text)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, runId]);

  // A small batch opens its plots at once; a big one stays a list to scan.
  useEffect(() => {
    const fresh = state.entries.filter((entry) => !seen.current.includes(entry));
    seen.current = state.entries;
    if (fresh.length > 0 && fresh.length <= 3) setOpen((previous) => new Set([...previous, ...fresh.filter((e) => e.result.ok).map((e) => e.file)]));
  }, [state.entries]);

  const canPick = api.host === 'electron';
  const disabled = state.busy || runId === '';
  const tooBig = `${String(MAX_RECORDING_BYTES / 1024 ** 2)} MB`;

  const drop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    if (!disabled) state.add(Array.from(event.dataTransfer.files ?? []));
  };
  const chosen = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    state.add(files);
  };
  const toggle = (file: string): void =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(file)) next.delete(file);
      else next.add(file);
      return next;
    });
  const play = (entry: RecordingEntry): void => {
    setOpen((previous) => new Set(previous).add(entry.file));
    setPlaying(entry.file);
    setPlayProblems((previous) => {
      const next = new Map(previous);
      next.delete(entry.file);
      return next;
    });
    if (clips.has(entry.file)) return;
    if (entry.local) {
      setClips((previous) => new Map(previous).set(entry.file, entry.local as File));
      return;
    }
    api.invoke('evaluation:file-audio', { file: entry.file }).then(
      (clip) => setClips((previous) => new Map(previous).set(entry.file, clip)),
      (error: unknown) => setPlayProblems((previous) => new Map(previous).set(entry.file, message(error))),
    );
  };

  return (
    <section aria-labelledby="recordings-heading" className="card">
      <h3 id="recordings-heading">Evaluate recordings</h3>
      <p className="evaluation__hint">
        Any audio file through this run&apos;s detector, as <code>wakeword detect</code> runs it: the highest score, each detection with its time, and the score over time.{' '}
        {canPick ? 'Files are read where they are.' : 'Files are uploaded into the workspace folder evaluation-uploads/.'} Up to {tooBig} each.
      </p>
      <div className="evaluation__row">
        <div
          role="group"
          aria-label="Drop recordings to evaluate"
          data-testid="recordings-drop"
          className={`evaluation__drop${over ? ' evaluation__drop--over' : ''}`}
          onDragOver={(event) => {
            if (disabled) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
        >
          <span>Drop audio files here, or</span>
          <button type="button" disabled={disabled} onClick={() => (canPick ? state.pick() : input.current?.click())}>
            Choose recordings…
          </button>
          <input ref={input} type="file" multiple hidden accept={ACCEPT} aria-label="Recordings to evaluate" onChange={chosen} />
        </div>
        <label className="evaluation__field">
          Detection threshold
          <input type="number" min={0} max={1} step={0.01} value={thresholdText} onChange={(event) => setThresholdText(event.target.value)} aria-invalid={threshold === null && thresholdText !== ''} />
        </label>
        {state.entries.length > 0 && (
          <>
            <button type="button" onClick={state.rescore} disabled={disabled || threshold === null || threshold === state.scoredWith?.threshold}>
              Score again at this threshold
            </button>
            <button type="button" className="link-button" onClick={state.clear} disabled={state.busy}>
              Clear the list
            </button>
          </>
        )}
      </div>
      {thresholdText !== '' && threshold === null && <Problem text="Detection threshold: a number from 0 to 1" />}
      {state.busy && <JobProgress label="Recording scoring progress" progress={state.progress} />}
      {state.problems.length > 0 && (
        <ul role="alert" className="evaluation__problem evaluation__problems" aria-label="Recordings not evaluated">
          {state.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {state.scoredWith && state.entries.length > 0 && (
        <p role="status">
          {state.entries.length} recording(s) at threshold {state.scoredWith.threshold.toFixed(3)} (smoothing {state.scoredWith.smoothing}, refractory {state.scoredWith.refractorySeconds} s) on{' '}
          {state.scoredWith.backend}.
        </p>
      )}
      {state.entries.length > 0 && (
        <div className="evaluation__table-wrap evaluation__table-wrap--tall">
          <table className="table evaluation__results" aria-label="Recording results">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Length</th>
                <th scope="col">Max score</th>
                <th scope="col">Detections</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {state.entries.map((entry) => {
                const isPlaying = playing === entry.file;
                const isOpen = open.has(entry.file);
                const result = entry.result;
                return (
                  <Fragment key={entry.file}>
                    <tr className={[isPlaying ? 'evaluation__row--playing' : '', result.ok ? '' : 'evaluation__row--failed', result.ok && result.detection.detected ? 'evaluation__row--detected' : ''].join(' ').trim() || undefined} data-playing={isPlaying || undefined}>
                      <td>
                        <span className="evaluation__ellipsis" title={entry.file}>
                          {entry.name}
                        </span>
                      </td>
                      {result.ok ? (
                        <>
                          <td>{minutes(result.detection.durationSeconds)}</td>
                          <td>{result.detection.score.toFixed(4)}</td>
                          <td>
                            <span className="evaluation__ellipsis evaluation__times" title={detectionText(entry)}>
                              {detectionText(entry)}
                            </span>
                          </td>
                          <td>
                            <div className="evaluation__actions">
                              <button type="button" aria-label={`${isPlaying ? 'Stop' : 'Play'} ${entry.name}`} aria-pressed={isPlaying} onClick={() => (isPlaying ? setPlaying(null) : play(entry))}>
                                {isPlaying ? 'Stop' : 'Play'}
                              </button>
                              <button type="button" aria-label={`${isOpen ? 'Hide' : 'Show'} the plot of ${entry.name}`} aria-expanded={isOpen} onClick={() => toggle(entry.file)}>
                                {isOpen ? 'Hide plot' : 'Plot'}
                              </button>
                            </div>
                          </td>
                        </>
                      ) : (
                        <td colSpan={4} className="evaluation__problem">
                          {result.message}
                        </td>
                      )}
                    </tr>
                    {result.ok && isOpen && (
                      <tr className={`evaluation__detail${isPlaying ? ' evaluation__row--playing' : ''}`}>
                        <td colSpan={5}>
                          <RecordingDetail
                            label={`Playing ${entry.name}`}
                            clip={isPlaying ? (clips.get(entry.file) ?? null) : null}
                            problem={playProblems.get(entry.file) ?? null}
                            onEnded={() => setPlaying(null)}
                            timeline={{
                              name: entry.name,
                              durationSeconds: result.detection.durationSeconds,
                              waveform: result.waveform,
                              times: result.detection.times,
                              scores: result.detection.scores,
                              clipScore: result.detection.score,
                              threshold: entry.threshold,
                              detections: result.detection.detections,
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
