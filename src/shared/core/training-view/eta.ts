/** Time left in a run, from the epoch times measured so far (the first epoch gives the first estimate). */
import type { BatchProgress, EpochMetrics } from '../../contract/trainer-protocol';

/** Recent epochs predict the next ones best (caches warm up, the LR schedule changes the cost little). */
export const ETA_WINDOW = 5;

/**
 * Seconds until the last epoch ends, or null before any epoch has been measured. `batch` (the current
 * batch progress) subtracts the part of the running epoch already done.
 */
export function estimateRemainingSeconds(history: readonly EpochMetrics[], batch: BatchProgress | null, window = ETA_WINDOW): number | null {
  const measured = history.filter((m) => typeof m.epochSeconds === 'number' && Number.isFinite(m.epochSeconds) && m.epochSeconds > 0);
  const last = history.at(-1);
  if (measured.length === 0 || !last) return null;
  const recent = measured.slice(-Math.max(1, window));
  const perEpoch = recent.reduce((sum, m) => sum + m.epochSeconds, 0) / recent.length;
  const totalEpochs = batch && batch.epoch > last.epoch ? batch.epochs : last.epochs;
  const remainingEpochs = Math.max(0, totalEpochs - last.epoch);
  const doneOfCurrent = batch && batch.epoch === last.epoch + 1 && batch.batches > 0 ? Math.min(1, batch.batch / batch.batches) : 0;
  return Math.max(0, (remainingEpochs - (remainingEpochs > 0 ? doneOfCurrent : 0)) * perEpoch);
}

/**
 * Seconds left in a counted step (e.g. the embedding pass) at the rate measured since it started; null until a
 * second has passed with something done (the first items can be cache hits or warm-up, so earlier guesses mislead).
 */
export function stepRemainingSeconds(done: number, total: number, elapsedSeconds: number): number | null {
  if (!(done > 0) || !(elapsedSeconds >= 1) || !(total >= done)) return null;
  return (elapsedSeconds / done) * (total - done);
}
