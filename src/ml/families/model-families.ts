/**
 * The one place that picks a model family: from a run's config (or its architecture) for training, scoring
 * and detection, and from the export format for export (each format belongs to exactly one family, and each
 * family's exporter refuses runs of another family with a message naming the format to use).
 */
import { ARCHITECTURE_FAMILY, type Architecture, type ModelFamilyId, type TrainingConfig } from '../../shared/config/schema';
import type { ExportResult } from '../../shared/contract/export-contract';
import type { ExportJob } from '../../shared/contract/export-protocol';
import { EXPORT_FORMAT_FAMILY } from '../../shared/export/export-formats';
import type { ExportFormat } from '../../shared/export/wakeword-manifest';
import { logMelFamily } from './log-mel-family';
import type { ExportProgress, ModelFamily } from './model-family';
import { owwFamily } from './oww-family';

export type { ExportProgress, ModelFamily, PreparedTrainingData } from './model-family';

/** Every family by id: a mapped type, so a family id without an implementation (or under the wrong key) does not compile. */
export const MODEL_FAMILIES: { readonly [Id in ModelFamilyId]: ModelFamily & { readonly id: Id } } = {
  'log-mel': logMelFamily,
  oww: owwFamily,
};

/** The family of a checked config (run folders and trainer jobs are checked before they get here) or architecture. */
export function modelFamilyFor(of: TrainingConfig | Architecture): ModelFamily {
  return MODEL_FAMILIES[ARCHITECTURE_FAMILY[typeof of === 'string' ? of : of.model.architecture]];
}

export function modelFamilyOfExportFormat(format: ExportFormat): ModelFamily {
  return MODEL_FAMILIES[EXPORT_FORMAT_FAMILY[format]];
}

/** Exports a run in the job's format with that format's family exporter. */
export function exportRun(job: ExportJob, onProgress: ExportProgress = () => undefined): Promise<ExportResult> {
  return modelFamilyOfExportFormat(job.format).runExport(job, onProgress);
}
