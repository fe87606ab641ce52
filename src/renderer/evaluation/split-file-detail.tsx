import { useEffect, useRef, useState } from 'react';
import type { ClipAudio, ScoredRecording } from '../../shared/contract/evaluation-contract';
import { useApi } from '../app/api-context';
import { RecordingDetail } from './recording-detail';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface SplitFileDetailProps {
  readonly runId: string;
  /** Relative to data/raw, as the split lists it. */
  readonly path: string;
  readonly threshold: number;
}

/**
 * A split file playing in its row: the clip at once, then its waveform and score over time from the run's
 * streaming detector at the chosen threshold (the same request that scores any recording), which shows
 * where in a long negative the false accept fired.
 */
export function SplitFileDetail({ runId, path, threshold }: SplitFileDetailProps) {
  const api = useApi();
  const [clip, setClip] = useState<ClipAudio | null>(null);
  const [scored, setScored] = useState<ScoredRecording | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Scored once per file: the scores do not depend on the threshold, and moving it must not start a process each time.
  const scoredAt = useRef(threshold);

  useEffect(() => {
    let current = true;
    api.invoke('evaluation:clip', { path }).then(
      (value) => current && setClip(value),
      (error: unknown) => current && setProblem(message(error)),
    );
    return () => {
      current = false;
    };
  }, [api, path]);

  useEffect(() => {
    let current = true;
    setScored(null);
    api.invoke('evaluation:score-files', { runId, files: [`data/raw/${path}`], threshold: scoredAt.current }).then(
      (value) => current && setScored(value.files[0] ?? null),
      (error: unknown) => current && setScored({ file: path, ok: false, message: message(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, runId, path]);

  const plotProblem = scored && !scored.ok ? `No plot: ${scored.message}` : null;
  return (
    <RecordingDetail
      label={`Playing ${path}`}
      clip={clip}
      problem={problem ?? plotProblem}
      pending={scored ? null : 'Scoring the file over time for the plot…'}
      timeline={
        scored?.ok
          ? {
              name: path,
              durationSeconds: scored.detection.durationSeconds,
              waveform: scored.waveform,
              times: scored.detection.times,
              scores: scored.detection.scores,
              clipScore: scored.detection.score,
              threshold,
              // Detections belong to the threshold they were found at; after the threshold moves only the line follows.
              detections: threshold === scoredAt.current ? scored.detection.detections : [],
            }
          : null
      }
    />
  );
}
