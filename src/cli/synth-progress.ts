/**
 * Progress of a synthesis on stderr (stdout stays for the result): a line per phase and then about one a
 * second for people, or one JSON object per update with --json for scripts.
 */
import { SYNTH_PHASE_TEXT, type SynthPhase } from '../shared/core/dataset/synth/synth-types';
import type { CliIo } from './cli-io';

export type ProgressListener = (phase: SynthPhase, done: number, total: number) => void;

export function progressPrinter(io: CliIo, json: boolean, unit = ''): ProgressListener {
  let lastPhase: SynthPhase | null = null;
  let lastAt = 0;
  let lastJsonAt = 0;
  return (phase, done, total) => {
    const now = Date.now();
    const changed = phase !== lastPhase;
    const finished = done >= total;
    if (json) {
      // Throttled too (an hour of speech is thousands of updates), but never a phase change or the end.
      if (!changed && !finished && now - lastJsonAt < 250) return;
      lastJsonAt = now;
      lastPhase = phase;
      io.err(JSON.stringify({ event: 'progress', phase, done: Number(done.toFixed(2)), total: Number(total.toFixed(2)) }));
      return;
    }
    if (!changed && !finished && now - lastAt < 1000) return;
    lastAt = now;
    lastPhase = phase;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
    io.err(`${SYNTH_PHASE_TEXT[phase]}: ${Math.round(done).toLocaleString('en-US')}${unit} of ${Math.round(total).toLocaleString('en-US')}${unit} (${percent} %)`);
  };
}
