/** A run's per-epoch history as CSV, with the snake_case column names `wakeword train --json` uses. */
import type { EpochMetrics } from '../../contract/trainer-protocol';

export const CSV_COLUMNS: readonly (readonly [string, keyof EpochMetrics])[] = [
  ['epoch', 'epoch'],
  ['epochs', 'epochs'],
  ['train_loss', 'trainLoss'],
  ['val_loss', 'valLoss'],
  ['train_acc', 'trainAcc'],
  ['val_acc', 'valAcc'],
  ['fpr', 'fpr'],
  ['fnr', 'fnr'],
  ['f1', 'f1'],
  ['eer', 'eer'],
  ['fah', 'fah'],
  ['recall_at_target', 'recallAtTarget'],
  ['threshold_at_target', 'thresholdAtTarget'],
  ['hard_negative_fpr', 'hardNegativeFpr'],
  ['lr', 'lr'],
  ['samples_per_sec', 'samplesPerSec'],
  ['epoch_seconds', 'epochSeconds'],
  ['memory_bytes', 'memoryBytes'],
];

/** Empty for a missing value, "inf" for an infinite one (FAH with no negatives), else full precision. */
function cell(value: unknown): string {
  if (typeof value !== 'number') return '';
  if (Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

export function historyToCsv(history: readonly EpochMetrics[]): string {
  const header = CSV_COLUMNS.map(([name]) => name).join(',');
  const rows = history.map((m) => CSV_COLUMNS.map(([, key]) => cell(m[key])).join(','));
  return `${[header, ...rows].join('\n')}\n`;
}
