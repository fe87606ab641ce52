/**
 * "Record your own voice": what a take may be, where it is saved and how its level is judged. The
 * renderer sends a trimmed take as 16-bit PCM at the capture rate; the service resamples it to 16 kHz.
 */

/** What a session records: the wake phrase (positive) or anything else (general negative speech). */
export const RECORD_CATEGORIES = ['positive', 'negative'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

/** Takes live in data/raw/<category>/recorded/ so training can weight them (see recorded-weight.ts). */
export const RECORDED_FOLDER = 'recorded';
export const SAVED_SAMPLE_RATE = 16000;
export const MAX_TAKE_SECONDS = 30;
/** Shorter than this is a click, not a take. */
export const MIN_TAKE_SECONDS = 0.1;
export const MIN_CAPTURE_RATE = 8000;
/** Capture above this is asked of the AudioContext at 48 kHz, so the longest take fits one WebSocket message. */
export const MAX_CAPTURE_RATE = 48000;
/** Base64 of the longest take at the highest rate (16-bit samples): about 3.7 MiB, under serve's 4 MiB message limit. */
export const MAX_TAKE_BASE64_CHARS = Math.ceil((MAX_TAKE_SECONDS * MAX_CAPTURE_RATE * 2) / 3) * 4;

export function recordedFolder(category: RecordCategory): string {
  return `data/raw/${category}/${RECORDED_FOLDER}`;
}

export interface SavedRecording {
  /** Relative to the workspace, with forward slashes ("data/raw/positive/recorded/take-....wav"). */
  readonly path: string;
  readonly durationSeconds: number;
  /** Largest absolute sample value of the saved (16 kHz) audio, 0..1. */
  readonly peak: number;
}

export type LevelHint = 'too-quiet' | 'clipping' | null;

/** Peaks under about -24 dBFS leave little above the room for the model to learn from. */
export const TOO_QUIET_PEAK = 0.063;
/** At or above this the converter has (nearly) run out of range. */
export const CLIPPING_PEAK = 0.99;

export function levelHint(peak: number): LevelHint {
  if (peak >= CLIPPING_PEAK) return 'clipping';
  if (peak < TOO_QUIET_PEAK) return 'too-quiet';
  return null;
}

export const LEVEL_HINT_TEXT: Readonly<Record<Exclude<LevelHint, null>, string>> = {
  'too-quiet': 'Too quiet: move closer to the microphone or raise its input level.',
  clipping: 'Clipping: the input is overloaded; move back a little or lower the input level.',
};
