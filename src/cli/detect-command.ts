/**
 * `wakeword detect`: runs a run's model over audio files at its operating point. A clip-length file gets
 * one score; a long recording is streamed (windows every hop, smoothing, threshold, refractory period)
 * and every detection is listed with its time. Inputs may be folders or lists of paths (input-paths.ts); the
 * model runs in the evaluator process, never in the CLI's (detect-worker-client.ts says why).
 */
import path from 'node:path';
import type { BackendChoice } from '../shared/contract/backend-choices';
import type { EvaluatorRequest } from '../shared/contract/evaluator-protocol';
import { readOperatingPoint } from '../node/evaluation/operating-point-store';
import { findProjectRoot } from '../node/project-root';
import { nodeWorkerLauncher, type WorkerLauncher } from '../node/training/worker-handle';
import type { DetectOptions } from '../ml/evaluation/detect-file';
import { CliError } from './cli-error';
import { detectFilesInWorker, type FileOutcome } from './detect-worker-client';
import type { CliIo } from './cli-io';
import { gatherAudioFiles, type InputStream } from './input-paths';
import { locateRun } from './run-option';
import { errorMessage } from '../shared/error-message';

export interface DetectCommandOptions {
  readonly run: string;
  readonly workspace?: string;
  readonly threshold?: number;
  readonly smoothing?: number;
  readonly hop?: number;
  readonly refractory?: number;
  readonly backend: BackendChoice;
  readonly json?: boolean;
  readonly filesFrom?: string;
}

/** What runDetect runs on besides its arguments: the evaluator process and standard input (replaced in tests). */
export interface DetectDependencies {
  readonly launch?: WorkerLauncher<EvaluatorRequest>;
  readonly stdin?: InputStream;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

export async function runDetect(inputs: readonly string[], options: DetectCommandOptions, io: CliIo, dependencies: DetectDependencies = {}): Promise<void> {
  const { runDir } = locateRun(options.run, options.workspace);
  const point = await readOperatingPoint(runDir).catch((error: unknown) => {
    throw new CliError(errorMessage(error));
  });
  const settings: DetectOptions = {
    threshold: options.threshold ?? point.threshold,
    smoothing: options.smoothing ?? point.smoothing,
    hopSeconds: options.hop ?? point.hopSeconds,
    refractorySeconds: options.refractory ?? point.refractorySeconds,
  };
  if (settings.hopSeconds < 0.01) throw new CliError('--hop must be at least 0.01 seconds', 2);
  const files = await gatherAudioFiles({ paths: inputs, filesFrom: options.filesFrom }, dependencies.stdin ?? process.stdin);
  const launch = dependencies.launch ?? nodeWorkerLauncher<EvaluatorRequest>({ entry: path.join(findProjectRoot(), 'out', 'main', 'evaluate.js') });
  const results: object[] = [];
  let failed = 0;
  const onFile = (index: number, outcome: FileOutcome): void => {
    const file = files[index] as string;
    if (!outcome.ok) {
      failed += 1;
      results.push({ file, error: outcome.message });
      io.err(`wakeword: ${outcome.message}`);
      return;
    }
    const result = outcome.detection;
    results.push({
      file,
      duration: round(result.durationSeconds),
      mode: result.mode,
      score: round(result.score, 5),
      detected: result.detected,
      detections: result.detections.map((d) => ({ time: round(d.time), start: round(d.start), end: round(d.end), score: round(d.score, 5) })),
    });
    if (options.json) return;
    if (result.mode === 'clip') io.out(`${file}: score ${result.score.toFixed(4)} -> ${result.detected ? 'WAKE WORD' : 'no wake word'}`);
    else {
      io.out(`${file}: ${result.durationSeconds.toFixed(1)} s, ${String(result.detections.length)} detection(s)`);
      for (const d of result.detections) io.out(`  ${d.time.toFixed(2)} s  (${d.start.toFixed(2)}-${d.end.toFixed(2)} s)  score ${d.score.toFixed(4)}`);
    }
  };
  const summary = await detectFilesInWorker(launch, { type: 'detect-files', runDir, files, backend: options.backend, options: settings }, onFile);
  if (options.json) {
    io.out(
      JSON.stringify({
        run_dir: runDir,
        threshold: settings.threshold,
        threshold_source: options.threshold === undefined ? point.source : 'threshold',
        smoothing: settings.smoothing,
        hop: summary.hopSeconds,
        refractory: settings.refractorySeconds,
        backend: summary.backend,
        files: results,
      }),
    );
  }
  if (failed > 0) throw new CliError(`${String(failed)} of ${String(files.length)} file(s) could not be read`);
}
