/** What the desktop shell says about a run: notification text, tray tooltip and taskbar progress. */
import type { TrainingStatus } from '../training-status';
import { formatFahEstimate } from './fah';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export interface Notice {
  readonly title: string;
  readonly body: string;
}

/** "hey-nova: best FRR 2.1% at 0.4 FA/h, epoch 23"; null while the run is still going. */
export function finishedNotice(status: TrainingStatus, name: string): Notice | null {
  const best = status.best;
  const at = best?.fahEstimate ? formatFahEstimate(best.fahEstimate) : `${best?.fah.toFixed(1) ?? ''} FA/h`;
  const summary = best ? `best FRR ${pct(1 - best.recallAtTarget)} at ${at}, epoch ${String(best.epoch)}${best.fahWarning ? ' (too few negative hours to support the target)' : ''}` : 'no model was saved';
  switch (status.state) {
    case 'completed':
      return { title: 'Training completed', body: `${name}: ${summary}` };
    case 'stopped':
      return { title: 'Training stopped', body: `${name}: ${summary}` };
    case 'failed':
      return { title: 'Training failed', body: `${name}: ${status.error ?? 'unknown error'}` };
    default:
      return null;
  }
}

/** Fraction of the run done, from epochs and the current batch; null when nothing is running. */
export function progressFraction(status: TrainingStatus): number | null {
  if (status.state !== 'running' && status.state !== 'paused' && status.state !== 'stopping') return null;
  const batch = status.batch;
  if (!batch) return 0;
  return Math.min(1, Math.max(0, (batch.epoch - 1 + batch.batch / Math.max(1, batch.batches)) / Math.max(1, batch.epochs)));
}

export function trayTooltip(status: TrainingStatus): string {
  const fraction = progressFraction(status);
  const batch = status.batch;
  if (fraction !== null && batch) return `Wakeword Studio: training ${status.state === 'paused' ? '(paused) ' : ''}epoch ${String(batch.epoch)}/${String(batch.epochs)}, ${Math.round(100 * fraction)}%`;
  if (status.state === 'starting' || (fraction !== null && !batch)) return 'Wakeword Studio: preparing training';
  if (status.state === 'idle') return 'Wakeword Studio';
  return `Wakeword Studio: training ${status.state}`;
}
