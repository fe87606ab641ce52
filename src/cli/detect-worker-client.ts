/**
 * `wakeword detect`'s side of the evaluator process: sends one 'detect-files' job and hands each file's
 * outcome back in order. Models never load in the CLI's own process, for two reasons:
 *
 * - onnxruntime (openWakeWord's feature models) reads /proc/self/cmdline when it creates its environment, in a
 *   native recursion that takes about 290 bytes of stack per byte of the command line (measured with onnxruntime-node
 *   1.x on Linux x64: under `ulimit -s` 1024 / 4096 / 16384 KB it crashed from 3.6 / 14.4 / 58 KB of arguments).
 *   With the default 8 MB stack, 28.5 KB of file names (500 paths of 57 characters) killed the CLI with SIGSEGV.
 *   A worker thread does not help: the command line is the process's, whatever the thread's stack. The evaluator
 *   process's command line is `node …/out/main/evaluate.js` (even a 4 KB install path needs only ~1.2 MB of its
 *   stack), and the file list reaches it over IPC.
 * - A native crash ends only the evaluator; the CLI names the file it was processing.
 */
import type { FileDetection } from '../shared/core/detection/file-detection';
import { type EvaluatorJob, type EvaluatorRequest, isEvaluatorMessage } from '../shared/contract/evaluator-protocol';
import type { WorkerLauncher } from '../node/training/worker-handle';
import { CliError } from './cli-error';

export type DetectFilesJob = Extract<EvaluatorJob, { type: 'detect-files' }>;

export type FileOutcome = { readonly ok: true; readonly detection: FileDetection } | { readonly ok: false; readonly message: string };

export interface DetectFilesSummary {
  readonly backend: string;
  /** The step long recordings were scored with (openWakeWord models always use 80 ms). */
  readonly hopSeconds: number;
}

/** Why the evaluator stopped, for the user: the signal of a crash, or the exit code and its last words. */
function stopReason(code: number | null, detail: string, signal: NodeJS.Signals | null | undefined): string {
  if (signal) return `crashed (${signal})`;
  if (code === null) return `stopped (${detail})`;
  return `stopped unexpectedly (${detail})`;
}

/** Runs `job` in a fresh evaluator process; `onFile` gets every file's outcome, in the job's order. */
export function detectFilesInWorker(launch: WorkerLauncher<EvaluatorRequest>, job: DetectFilesJob, onFile: (index: number, outcome: FileOutcome) => void): Promise<DetectFilesSummary> {
  return new Promise((resolve, reject) => {
    const handle = launch();
    let summary: DetectFilesSummary | null = null;
    let next = 0;
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    const deliver = (index: number, outcome: FileOutcome): void => {
      if (index !== next) {
        handle.kill();
        settle(() => reject(new Error(`the evaluator answered file ${String(index + 1)} when file ${String(next + 1)} was due`)));
        return;
      }
      next += 1;
      onFile(index, outcome);
    };
    handle.onMessage((raw) => {
      if (settled || !isEvaluatorMessage(raw)) return;
      switch (raw.type) {
        case 'detect-ready':
          summary = { backend: raw.backend, hopSeconds: raw.hopSeconds };
          return;
        case 'file-detected':
          deliver(raw.index, { ok: true, detection: raw.detection });
          return;
        case 'file-failed':
          deliver(raw.index, { ok: false, message: raw.message });
          return;
        case 'files-done': {
          const done = summary;
          settle(() => (done && next === job.files.length ? resolve(done) : reject(new Error(`the evaluator finished after ${String(next)} of ${String(job.files.length)} file(s)`))));
          return;
        }
        case 'error':
          settle(() => reject(new CliError(raw.message)));
          return;
        default:
          return;
      }
    });
    handle.onExit((code, detail, signal) => {
      settle(() => {
        const reason = stopReason(code, detail, signal);
        const file = job.files[next];
        const where =
          summary === null
            ? `while loading the model of ${job.runDir}`
            : file === undefined
              ? 'after the last file'
              : `while processing ${file}; ${String(next)} of ${String(job.files.length)} file(s) were scored before it (run that file on its own, or leave it out)`;
        reject(new CliError(`detect: the scorer ${reason} ${where}`));
      });
    });
    handle.send(job);
  });
}
