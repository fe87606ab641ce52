/** Models that classify the app's own log-mel features of one clip (dscnn, res8, tc_resnet8, crnn). */
import { familyExportFormats } from '../../shared/export/export-formats';
import { openLogMelScorer } from '../evaluation/log-mel-scorer';
import { exportLogMelRun } from '../export/log-mel-export';
import { loadTrainingData } from '../training-data';
import type { ModelFamily } from './model-family';

export const logMelFamily = {
  id: 'log-mel',
  prepareTrainingData: async (workspace, config, onProgress) => ({ data: await loadTrainingData(workspace, config, onProgress), notes: [] }),
  openScorer: openLogMelScorer,
  exportFormats: () => familyExportFormats('log-mel'),
  runExport: exportLogMelRun,
} as const satisfies ModelFamily;
