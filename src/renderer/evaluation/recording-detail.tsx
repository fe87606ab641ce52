import { useRef, useState } from 'react';
import type { ClipAudio } from '../../shared/contract/evaluation-contract';
import { ClipPlayer } from './clip-player';
import { Problem } from './job-status';
import { ScoreTimeline, type ScoreTimelineProps } from './score-timeline';

export type TimelineData = Omit<ScoreTimelineProps, 'position' | 'onSeek'>;

export interface RecordingDetailProps {
  /** The player's accessible name ("Playing kitchen.wav"). */
  readonly label: string;
  /** The audio to play, once fetched; null while not playing. */
  readonly clip: ClipAudio | Blob | null;
  /** The plot, once known; `pending` says why it is not there yet. */
  readonly timeline: TimelineData | null;
  readonly pending?: string | null;
  readonly problem?: string | null;
  readonly onEnded?: () => void;
}

/** What opens under a row of per-file results: the player and, on the same time axis, waveform and score. */
export function RecordingDetail({ label, clip, timeline, pending = null, problem = null, onEnded }: RecordingDetailProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const [position, setPosition] = useState<number | null>(null);
  const seek = (seconds: number): void => {
    const element = audio.current;
    if (!element) return;
    element.currentTime = seconds;
    setPosition(seconds);
    void element.play().catch(() => undefined);
  };
  return (
    <div className="recording-detail">
      {clip && <ClipPlayer clip={clip} label={label} audioRef={audio} onTime={setPosition} onEnded={onEnded} />}
      <Problem text={problem} />
      {timeline ? <ScoreTimeline {...timeline} position={clip ? position : null} {...(clip ? { onSeek: seek } : {})} /> : pending && <p className="evaluation__hint">{pending}</p>}
    </div>
  );
}
