/**
 * The export part of the contract (each entry listed in src/shared/api.ts): `export:run` exports a trained run's best
 * model as TF.js or ONNX with wakeword.json and examples; `export:progress` reports the steps meanwhile.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from './wakeword-manifest';

export const exportRequestSchemas = {
  'export:run': z.strictObject({
    /** A run id under <workspace>/runs. */
    runId: z.string().min(1).max(100),
    format: z.enum(EXPORT_FORMATS),
    /** Also write INT8-weight ONNX (ONNX only) and report its accuracy change. */
    int8: z.boolean().optional(),
    /** Output folder; default <workspace>/exports/<run-id>-<format>. */
    outDir: z.string().trim().min(1).max(4096).optional(),
  }),
} as const;

export interface ExportFileInfo {
  /** Name inside the export folder. */
  readonly name: string;
  readonly bytes: number;
}

/** TF.js vs exported model on the evaluation clips (test split, else validation). */
export interface ExportParity {
  readonly split: 'test' | 'val';
  readonly clips: number;
  readonly maxAbsDiff: number;
  readonly tolerance: number;
}

export interface Int8Report {
  readonly file: string;
  readonly clips: number;
  /** Largest change of the wake-word probability against the float model. */
  readonly maxAbsDiff: number;
  /** Accuracy at the export's threshold, float vs INT8 weights. */
  readonly accuracyFloat: number;
  readonly accuracyInt8: number;
  /** Clips whose accept/reject decision at the threshold flips. */
  readonly changedDecisions: number;
}

export interface ExportResult {
  readonly runId: string;
  readonly format: ExportFormat;
  readonly outDir: string;
  readonly manifestPath: string;
  readonly files: readonly ExportFileInfo[];
  /** Bytes of the run's TF.js model (model.json + weights.bin), and of the exported model file(s). */
  readonly sizes: { readonly sourceBytes: number; readonly modelBytes: number; readonly int8Bytes: number | null };
  readonly parity: ExportParity | null;
  readonly int8: Int8Report | null;
  readonly threshold: number;
  readonly thresholdSource: string;
  readonly snippets: { readonly node: string; readonly browser: string };
  readonly warnings: readonly string[];
  readonly seconds: number;
}

export interface ExportProgress {
  readonly runId: string;
  readonly step: string;
  /** 0..1 when known. */
  readonly fraction: number | null;
}

export interface ExportRequestResults {
  'export:run': ExportResult;
}

export interface ExportEventPayloads {
  'export:progress': ExportProgress;
}
