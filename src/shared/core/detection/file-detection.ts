import type { Detection } from './streaming-detector';

/** The detector's answer for one audio file (CLI `detect`, the panel's false-accept mining). */
export interface FileDetection {
  readonly file: string;
  readonly durationSeconds: number;
  /** 'clip' when the file is about one clip long (a single score), 'stream' otherwise. */
  readonly mode: 'clip' | 'stream';
  /** The clip's score, or the highest smoothed window score of a stream. */
  readonly score: number;
  readonly detected: boolean;
  readonly detections: readonly Detection[];
  /** Per-window centre times and smoothed scores of a stream (empty for a clip), for plotting. */
  readonly times: readonly number[];
  readonly scores: readonly number[];
}
