/**
 * `wakeword export`: writes a run's best model as TF.js or ONNX (checked against TF.js with onnxruntime on the
 * test split), with wakeword.json and runnable examples. Runs in this process: the CLI has no UI to keep alive.
 */
import path from 'node:path';
import type { BackendChoice } from '../shared/contract/backend-choices';
import type { ExportResult } from '../shared/contract/export-contract';
import { exampleNodePackage } from '../shared/export/example-files';
import type { ExportFormat } from '../shared/export/wakeword-manifest';
import { defaultExportDir } from '../services/export/export-service';
import { findProjectRoot, readPackageVersion } from '../node/project-root';
import { exportRun } from '../ml/families/model-families';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { locateRun } from './run-option';
import { errorMessage } from '../shared/error-message';

export interface ExportCommandOptions {
  readonly run: string;
  readonly workspace?: string;
  readonly format: ExportFormat;
  readonly out?: string;
  readonly int8?: boolean;
  readonly backend: BackendChoice;
  readonly json?: boolean;
  readonly phrase?: string;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** `outFile`: --out named the model file (FILE.onnx), so the other files went into the folder around it. */
export function describeExport(result: ExportResult, outFile = false): string[] {
  const lines = [`Exported run ${result.runId} as ${result.format} to ${result.outDir} in ${result.seconds.toFixed(1)} s`];
  lines.push(`  size: TF.js model ${kb(result.sizes.sourceBytes)} -> ${result.format} ${kb(result.sizes.modelBytes)}${result.sizes.int8Bytes === null ? '' : `, INT8 ${kb(result.sizes.int8Bytes)}`}`);
  if (result.parity) {
    const where = result.parity.clips > 0 ? `${result.parity.clips} ${result.parity.split} clips` : 'random inputs';
    lines.push(`  check: max abs diff vs TF.js ${result.parity.maxAbsDiff.toExponential(2)} on ${where} (allowed ${result.parity.tolerance})`);
  }
  if (result.int8) {
    const i = result.int8;
    lines.push(`  INT8: max abs diff ${i.maxAbsDiff.toExponential(2)}; accuracy ${(100 * i.accuracyFloat).toFixed(2)}% -> ${(100 * i.accuracyInt8).toFixed(2)}%; ${i.changedDecisions} of ${i.clips} decisions changed`);
  }
  lines.push(`  threshold: ${result.threshold.toFixed(4)} (${result.thresholdSource})`);
  lines.push(`  files in ${result.outDir}${path.sep}: ${result.files.map((f) => f.name).join(', ')}`);
  if (outFile) lines.push(`  note: --out named the model file, so ${result.files.length - 1} more files went beside it; give --out a new folder to keep an export's files together`);
  // The example imports its runtime from node_modules: installed in (or above) the export folder, it resolves.
  if (result.files.some((f) => f.name === 'example-node.mjs')) {
    lines.push(`  try it: cd ${JSON.stringify(result.outDir)} && npm install ${exampleNodePackage(result.format)} && node example-node.mjs clip.wav`);
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

export async function runExport(options: ExportCommandOptions, io: CliIo): Promise<ExportResult> {
  const { runDir, workspace } = locateRun(options.run, options.workspace);
  if (options.int8 && options.format !== 'onnx') throw new CliError('--int8 applies to ONNX exports only: add --format onnx');
  const outDir = options.out ? path.resolve(options.out) : defaultExportDir(workspace, path.basename(runDir), options.format);
  let lastStep = '';
  let result: ExportResult;
  try {
    result = await exportRun(
      { runDir, format: options.format, outDir, int8: options.int8 === true, appVersion: readPackageVersion(findProjectRoot()), backend: options.backend, ...(options.phrase ? { phrase: options.phrase } : {}) },
      (step) => {
        if (options.json || step === lastStep || step.includes('(')) return;
        lastStep = step;
        io.err(`${step}...`);
      },
    );
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  if (options.json) io.out(JSON.stringify(result));
  else for (const line of describeExport(result, outDir.endsWith('.onnx') && options.format === 'oww')) io.out(line);
  return result;
}
