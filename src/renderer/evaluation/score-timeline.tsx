import { useState, type MouseEvent } from 'react';
import type { Detection } from '../../shared/core/detection/streaming-detector';

export interface ScoreTimelineProps {
  /** Names the recording in the plot's accessible description. */
  readonly name: string;
  readonly durationSeconds: number;
  /** Peak amplitude (0-1) of equal slices of the recording; empty when not known. */
  readonly waveform: readonly number[];
  /** The detector's steps (centre times, smoothed scores); empty for a clip scored once. */
  readonly times: readonly number[];
  readonly scores: readonly number[];
  /** The clip's score, drawn across it when there are no steps. */
  readonly clipScore: number;
  readonly threshold: number;
  readonly detections: readonly Detection[];
  /** Playback position in seconds, drawn as a line; null when not playing. */
  readonly position: number | null;
  readonly onSeek?: (seconds: number) => void;
}

const WIDTH = 1000;
const WAVE_TOP = 4;
const WAVE_HEIGHT = 56;
const SCORE_TOP = 72;
const SCORE_HEIGHT = 100;
const HEIGHT = SCORE_TOP + SCORE_HEIGHT + 4;
const TICKS = 5;

/** An hour at 80 ms steps is 45,000 points; more than a few per pixel only slows drawing. */
const MAX_LINE_POINTS = 2000;

/** Every `k`-th step's slice reduced to its highest score (at that peak's time), so no detection peak is lost. */
function thinned(times: readonly number[], scores: readonly number[]): { readonly times: readonly number[]; readonly scores: readonly number[] } {
  if (times.length <= MAX_LINE_POINTS) return { times, scores };
  const step = Math.ceil(times.length / MAX_LINE_POINTS);
  const outTimes: number[] = [];
  const outScores: number[] = [];
  for (let from = 0; from < times.length; from += step) {
    let best = from;
    for (let i = from + 1; i < Math.min(times.length, from + step); i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
    outTimes.push(times[best] ?? 0);
    outScores.push(scores[best] ?? 0);
  }
  return { times: outTimes, scores: outScores };
}

const scoreY = (score: number): number => SCORE_TOP + (1 - Math.min(1, Math.max(0, score))) * SCORE_HEIGHT;

/** The waveform as one closed shape, mirrored about its centre line. */
function wavePath(peaks: readonly number[]): string {
  if (peaks.length === 0) return '';
  const mid = WAVE_TOP + WAVE_HEIGHT / 2;
  const x = (i: number): number => ((i + 0.5) / peaks.length) * WIDTH;
  const top = peaks.map((p, i) => `${x(i).toFixed(1)},${(mid - (p * WAVE_HEIGHT) / 2 - 0.5).toFixed(1)}`);
  const bottom = peaks.map((p, i) => `${x(i).toFixed(1)},${(mid + (p * WAVE_HEIGHT) / 2 + 0.5).toFixed(1)}`).reverse();
  return `M${top.join('L')}L${bottom.join('L')}Z`;
}

const tickLabel = (seconds: number, duration: number): string => (duration >= 120 ? `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}` : `${seconds.toFixed(duration < 10 ? 1 : 0)} s`);

/**
 * A recording at a glance: its waveform above the detector's smoothed score over time, with the threshold,
 * each detection and the playback position on one time axis. Clicking seeks the player there. SVG rather
 * than a chart canvas: both strips share one x scale exactly, and it renders (and tests) anywhere.
 */
export function ScoreTimeline({ name, durationSeconds, waveform, times, scores, clipScore, threshold, detections, position, onSeek }: ScoreTimelineProps) {
  const [hover, setHover] = useState<{ readonly time: number; readonly score: number } | null>(null);
  const duration = Math.max(durationSeconds, 1e-3);
  const x = (seconds: number): number => (Math.min(duration, Math.max(0, seconds)) / duration) * WIDTH;
  const stream = times.length > 0;
  const drawn = thinned(times, scores);
  const line = stream ? drawn.times.map((t, i) => `${x(t).toFixed(1)},${scoreY(drawn.scores[i] ?? 0).toFixed(1)}`).join(' ') : `0,${scoreY(clipScore).toFixed(1)} ${String(WIDTH)},${scoreY(clipScore).toFixed(1)}`;
  const peak = stream ? scores.reduce((best, score) => Math.max(best, score), 0) : clipScore;
  const described = `${name}: ${stream ? `score over ${durationSeconds.toFixed(1)} s, highest ${peak.toFixed(3)}` : `one clip score, ${clipScore.toFixed(3)}`}; ${String(detections.length)} detection(s) at threshold ${threshold.toFixed(3)}`;

  const at = (event: MouseEvent<SVGSVGElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return box.width > 0 ? ((event.clientX - box.left) / box.width) * duration : 0;
  };
  const nearestScore = (time: number): number => {
    if (!stream) return clipScore;
    let best = 0;
    for (let i = 1; i < times.length; i++) if (Math.abs((times[i] ?? 0) - time) < Math.abs((times[best] ?? 0) - time)) best = i;
    return scores[best] ?? 0;
  };

  return (
    <figure className="timeline">
      <div className="timeline__frame">
        <svg
          className="timeline__plot"
          role="img"
          aria-label={`Score over time of ${described}`}
          viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
          preserveAspectRatio="none"
          onMouseMove={(event) => {
            const time = at(event);
            setHover({ time, score: nearestScore(time) });
          }}
          onMouseLeave={() => setHover(null)}
          onClick={(event) => onSeek?.(at(event))}
        >
          <rect className="timeline__band" x={0} y={WAVE_TOP} width={WIDTH} height={WAVE_HEIGHT} />
          <rect className="timeline__band" x={0} y={SCORE_TOP} width={WIDTH} height={SCORE_HEIGHT} />
          {detections.map((d) => (
            <rect key={`${d.time}`} className="timeline__detection" x={x(d.start)} width={Math.max(2, x(d.end) - x(d.start))} y={WAVE_TOP} height={SCORE_TOP + SCORE_HEIGHT - WAVE_TOP} data-testid="timeline-detection" />
          ))}
          {waveform.length > 0 && <path className="timeline__wave" d={wavePath(waveform)} data-testid="timeline-waveform" />}
          <line className="timeline__threshold" x1={0} x2={WIDTH} y1={scoreY(threshold)} y2={scoreY(threshold)} vectorEffect="non-scaling-stroke" />
          <polyline className="timeline__score" points={line} vectorEffect="non-scaling-stroke" data-testid="timeline-score" />
          {position !== null && <line className="timeline__playhead" x1={x(position)} x2={x(position)} y1={0} y2={HEIGHT} vectorEffect="non-scaling-stroke" data-testid="timeline-playhead" />}
        </svg>
        <span className="timeline__label" aria-hidden="true" style={{ top: `${String((SCORE_TOP / HEIGHT) * 100)}%` }}>
          1
        </span>
        <span className="timeline__label" aria-hidden="true" style={{ top: `${String(((SCORE_TOP + SCORE_HEIGHT) / HEIGHT) * 100)}%`, transform: 'translateY(-100%)' }}>
          0
        </span>
      </div>
      <div className="timeline__axis" aria-hidden="true">
        {Array.from({ length: TICKS + 1 }, (_, k) => (
          <span key={k} style={{ left: `${String((k / TICKS) * 100)}%` }}>
            {tickLabel((k / TICKS) * durationSeconds, durationSeconds)}
          </span>
        ))}
      </div>
      <figcaption className="timeline__caption">
        <span>
          <span className="timeline__key timeline__key--wave" /> waveform <span className="timeline__key timeline__key--score" /> {stream ? 'smoothed score' : 'clip score'}{' '}
          <span className="timeline__key timeline__key--threshold" /> threshold {threshold.toFixed(3)} <span className="timeline__key timeline__key--detection" /> detections
        </span>
        <span className="timeline__readout">{hover ? `${hover.time.toFixed(2)} s: score ${hover.score.toFixed(3)}` : onSeek ? 'Click to play from there' : ''}</span>
      </figcaption>
    </figure>
  );
}
