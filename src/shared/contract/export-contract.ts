/**
 * The export part of the contract (each entry listed in src/shared/contract/api.ts): `export:options` says which formats a
 * run supports and the wake phrase to name it after; `export:pick-folder` asks the desktop for an output folder;
 * `export:run` exports a trained run's best model with wakeword.json and examples; `export:progress` reports the
 * steps meanwhile.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from '../export/wakeword-manifest';

export const exportRequestSchemas = {
  'export:run': z.strictObject({
    /** A run id under <workspace>/runs. */
    runId: z.string().min(1).max(100),
    format: z.enum(EXPORT_FORMATS),
    /** Also write INT8-weight ONNX (ONNX only) and report its accuracy change. */
    int8: z.boolean().optional(),
    /**
     * Output folder; default <workspace>/exports/<run-id>-<format>. Over `serve` it must lie under
     * <workspace>/exports/; on the desktop it may be any folder the user chose.
     */
    outDir: z.string().trim().min(1).max(4096).optional(),
    /** The wake phrase an openWakeWord model is named after (file and reported name); default `export:options`' phrase. */
    phrase: z.string().trim().min(1).max(100).optional(),
  }),
  'export:options': z.strictObject({ runId: z.string().min(1).max(100) }),
  'export:pick-folder': z.undefined(),
} as const;

export interface ExportFormatOption {
  readonly format: ExportFormat;
  readonly label: string;
  /** One line: where a model in this format runs. */
  readonly runsOn: string;
}

/** What the Export panel offers for one run. */
export interface ExportOptions {
  readonly runId: string;
  readonly architecture: string;
  /** Exactly the formats this run can be exported as, the recommended one first. */
  readonly formats: readonly ExportFormatOption[];
  /** The wake phrase to name the model after: the workspace's synthesised phrase, else its positive folder, else the run name. */
  readonly phrase: string;
  /** The desktop can show a native folder dialog and write anywhere; `serve` writes under <workspace>/exports/ only. */
  readonly canPickFolder: boolean;
}

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

/** A usage example written beside the model, named by the file it was written to. */
export interface ExportExample {
  /** File name inside the export folder, e.g. example-node.mjs or example-openwakeword.py. */
  readonly file: string;
  /** What it runs on, e.g. "Node", "Browser", "Python (openWakeWord)". */
  readonly runtime: string;
  readonly code: string;
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
  /** The examples written, in the order to show them. */
  readonly examples: readonly ExportExample[];
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
  'export:options': ExportOptions;
  /** The folder the user chose in the native dialog, or null (cancelled, or no dialog on this host). */
  'export:pick-folder': string | null;
}

export interface ExportEventPayloads {
  'export:progress': ExportProgress;
}
