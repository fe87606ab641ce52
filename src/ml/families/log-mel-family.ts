/**
 * Models that classify the app's own log-mel features of one clip (dscnn, res8, tc_resnet8, crnn). Each member
 * imports its module when called, so a process loads only what it runs (the trainer no exporter, the
 * evaluator no training-data loader), as each CLI command imports its own.
 */
import { familyExportFormats } from '../../shared/export/export-formats';
import type { ModelFamily } from './model-family';

export const logMelFamily = {
  id: 'log-mel',
  async prepareTrainingData(workspace, config, onProgress) {
    const { loadTrainingData } = await import('../training-data');
    return { data: await loadTrainingData(workspace, config, onProgress), notes: [] };
  },
  async openScorer(artifacts, backendChoice, loaded) {
    return (await import('../evaluation/log-mel-scorer')).openLogMelScorer(artifacts, backendChoice, loaded);
  },
  exportFormats: () => familyExportFormats('log-mel'),
  async runExport(job, onProgress) {
    return (await import('../export/log-mel-export')).exportLogMelRun(job, onProgress);
  },
} as const satisfies ModelFamily;
