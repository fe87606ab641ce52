/**
 * What a model family is to the rest of the app: it prepares its training data, scores audio with a trained
 * run and exports runs. The trainer, evaluation, detection and export get a run's family once
 * (model-families.ts) and call through it, so no caller asks which family it holds.
 *
 * Adding a family: its id in MODEL_FAMILY_IDS (src/shared/config/schema.ts), its internals in a folder of its
 * own, and `<id>-family.ts` here implementing this interface. The compiler then names what is missing: the
 * family in MODEL_FAMILIES (model-families.ts), each new architecture in ARCHITECTURE_FAMILY, each new export
 * format in EXPORT_FORMAT_FAMILY (src/shared/export/export-formats.ts).
 */
import type { ModelFamilyId, TrainingConfig } from '../../shared/config/schema';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { ExportFormatOption, ExportResult } from '../../shared/contract/export-contract';
import type { ExportJob } from '../../shared/contract/export-protocol';
import type { RunArtifacts } from '../../node/evaluation/run-artifacts';
import type { LoadedBackend } from '../backend-loader';
import type { RunScorer } from '../evaluation/scorer-types';
import type { ProgressCallback, TrainingData } from '../training-data';

export type ExportProgress = (step: string, fraction: number | null) => void;

export interface PreparedTrainingData {
  readonly data: TrainingData;
  /** Lines for the run's log about what only this family prepares (e.g. oww's long negatives). */
  readonly notes: readonly string[];
}

export interface ModelFamily {
  readonly id: ModelFamilyId;
  /** Everything the training loop consumes, from the workspace's split manifests. */
  prepareTrainingData(workspace: string, config: TrainingConfig, onProgress: ProgressCallback): Promise<PreparedTrainingData>;
  /** A trained run of this family as a scorer (evaluation, detection, the microphone test). */
  openScorer(artifacts: RunArtifacts, backendChoice: BackendChoice, loaded?: LoadedBackend): Promise<RunScorer>;
  /** The formats this family's runs export as, in the order the Export panel offers them. */
  exportFormats(): readonly ExportFormatOption[];
  /** Writes the export after checking it against the TF.js model; refuses runs of another family. */
  runExport(job: ExportJob, onProgress: ExportProgress): Promise<ExportResult>;
}
