/**
 * Models that classify openWakeWord's frozen speech embeddings (oww_dnn, oww_rnn): training data, scoring and
 * export live in src/ml/oww/, src/ml/evaluation/oww-run-scorer.ts and src/ml/export/oww-export.ts.
 */
import { familyExportFormats } from '../../shared/export/export-formats';
import { openOwwRunScorer } from '../evaluation/oww-run-scorer';
import { exportOwwRun } from '../export/oww-export';
import { loadOwwTrainingData, type OwwTrainingData } from '../oww/oww-training-data';
import type { ModelFamily } from './model-family';

/** The run log's line on long negatives (only when there are any). */
export function owwDataNotes(data: Pick<OwwTrainingData, 'longNegatives'>): string[] {
  const long = data.longNegatives;
  if (long.recordings === 0) return [];
  return [`Long negatives: ${String(long.recordings)} recordings (${long.hours.toFixed(2)} h), ${long.windows.toLocaleString('en-US')} candidate windows, ${long.perEpoch.toLocaleString('en-US')} drawn per epoch.`];
}

export const owwFamily = {
  id: 'oww',
  prepareTrainingData: async (workspace, config, onProgress) => {
    const data = await loadOwwTrainingData(workspace, config, onProgress);
    return { data, notes: owwDataNotes(data) };
  },
  openScorer: openOwwRunScorer,
  exportFormats: () => familyExportFormats('oww'),
  runExport: exportOwwRun,
} as const satisfies ModelFamily;
