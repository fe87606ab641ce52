/** Valid-but-unusual files get warnings, never rejection: the user decides whether they belong. */
import type { DatasetCategory } from './categories';
import type { AudioInfo } from './formats/probe-types';

export const MODEL_SAMPLE_RATE = 16_000;

/** Plausible clip lengths per category, in seconds; outside them a warning names the file. */
const DURATION_RANGE: Readonly<Record<DatasetCategory, { readonly min: number; readonly max: number; readonly what: string }>> = {
  positive: { min: 0.3, max: 5, what: 'a wake-phrase clip' },
  hard_negative: { min: 0.3, max: 5, what: 'a confusable-phrase clip' },
  negative: { min: 0.3, max: 3600, what: 'negative audio' },
  background: { min: 1, max: 4 * 3600, what: 'background noise' },
  rirs: { min: 0.01, max: 10, what: 'a room impulse response' },
};

function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(2)} s` : `${Math.round(value).toLocaleString('en-US')} s`;
}

const NONE: readonly string[] = Object.freeze([]);

/** The warnings for a file; the usual case, none, shares one empty array (a scan makes 50,000 of these). */
export function fileWarnings(category: DatasetCategory, info: AudioInfo): readonly string[] {
  const warnings: string[] = [];
  if (info.sampleRate < MODEL_SAMPLE_RATE) {
    warnings.push(`${(info.sampleRate / 1000).toLocaleString('en-US')} kHz sample rate is below the model's 16 kHz: high frequencies are missing`);
  }
  if (info.channels > 2) warnings.push(`${info.channels} channels: they will be mixed down to mono`);
  const range = DURATION_RANGE[category];
  if (info.durationSeconds !== null) {
    if (info.durationSeconds < range.min) warnings.push(`very short for ${range.what} (${seconds(info.durationSeconds)})`);
    else if (info.durationSeconds > range.max) warnings.push(`very long for ${range.what} (${seconds(info.durationSeconds)})`);
  }
  return warnings.length === 0 ? NONE : warnings;
}
