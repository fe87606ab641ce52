/**
 * Models that classify openWakeWord's frozen speech embeddings (oww_dnn, oww_rnn): their training data, scorer
 * and exporter are src/ml/oww/, src/ml/evaluation/oww-run-scorer.ts and src/ml/export/oww-export.ts. Each member
 * imports its module when called, so a process loads only what it runs.
 */
import { familyExportFormats } from '../../shared/export/export-formats';
import type { OwwTrainingData } from '../oww/oww-training-data';
import type { ModelFamily } from './model-family';

/** The run log's line on long negatives (only when there are any). */
export function owwDataNotes(data: Pick<OwwTrainingData, 'longNegatives'>): string[] {
  const long = data.longNegatives;
  if (long.recordings === 0) return [];
  return [`Long negatives: ${String(long.recordings)} recordings (${long.hours.toFixed(2)} h), ${long.windows.toLocaleString('en-US')} candidate windows, ${long.perEpoch.toLocaleString('en-US')} drawn per epoch.`];
}

export const owwFamily = {
  id: 'oww',
  async prepareTrainingData(workspace, config, onProgress) {
    const { loadOwwTrainingData } = await import('../oww/oww-training-data');
    const data = await loadOwwTrainingData(workspace, config, onProgress);
    return { data, notes: owwDataNotes(data) };
  },
  async openScorer(artifacts, backendChoice, loaded) {
    return (await import('../evaluation/oww-run-scorer')).openOwwRunScorer(artifacts, backendChoice, loaded);
  },
  exportFormats: () => familyExportFormats('oww'),
  async runExport(job, onProgress) {
    return (await import('../export/oww-export')).exportOwwRun(job, onProgress);
  },
} as const satisfies ModelFamily;
