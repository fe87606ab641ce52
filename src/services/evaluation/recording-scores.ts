/**
 * "Evaluate any recording": the panel's files through the run's streaming detector, in the evaluator process
 * (the same 'detect-files' job as `wakeword detect`: one model load for all files). Files are checked here
 * first (found, a file, not empty, not too big, an audio header that reads), so most bad input is named
 * without starting a process; what only decoding finds comes back per file from the evaluator.
 */
import path from 'node:path';
import { extensionOf } from '../../shared/core/dataset/categories';
import { unsupportedReason } from '../../shared/core/dataset/import/import-names';
import { MAX_RECORDING_BYTES, WAVEFORM_POINTS, type RecordingScores, type ScoredRecording } from '../../shared/contract/evaluation-contract';
import type { DetectionSettings } from '../../shared/core/evaluation/operating-point';
import { type EvaluatorJob, type EvaluatorRequest, isEvaluatorMessage } from '../../shared/contract/evaluator-protocol';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import { probeFileSync } from '../../node/dataset/probe-file';
import type { EventBus } from '../event-bus';
import type { WorkerLauncher } from '../../node/training/worker-handle';

export interface RecordingFile {
  /** As the request named it: what messages and results call the file. */
  readonly shown: string;
  /** The real path to read. */
  readonly path: string;
}

export interface ScoreRecordingsJob {
  readonly runId: string;
  readonly runDir: string;
  readonly files: readonly RecordingFile[];
  readonly backend: BackendChoice;
  readonly options: DetectionSettings & { readonly threshold: number };
}

const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;

/** Why `file` cannot be scored, in words naming it, or null when it looks like audio worth decoding. */
export function recordingProblem(file: RecordingFile): string | null {
  const unsupported = unsupportedReason(file.shown);
  if (unsupported) return `${file.shown}: ${unsupported.replace(/: Wakeword Studio imports/, ': Wakeword Studio reads')}`;
  const probe = probeFileSync(file.path, extensionOf(file.shown));
  if (probe.size > MAX_RECORDING_BYTES) {
    return `${file.shown}: ${megabytes(probe.size)} is too big to evaluate here (${megabytes(MAX_RECORDING_BYTES)} at most); cut it into shorter recordings, or run \`wakeword detect\` on it`;
  }
  if (!probe.outcome.ok) {
    const reason = probe.outcome.reason === 'zero-length file' ? 'the file is empty (0 bytes)' : probe.outcome.reason;
    return `${file.shown}: ${reason.replace('disappeared during the scan', 'was not found')}`;
  }
  return null;
}

/** The evaluator names a failed file by the path it was given; the user knows it by the name they chose. */
function renamed(message: string, file: RecordingFile): string {
  const text = message.split(file.path).join(file.shown);
  return text.startsWith(`${file.shown}: `) ? text : `${file.shown}: ${text}`;
}

export function scoreRecordings(launch: WorkerLauncher<EvaluatorRequest>, bus: EventBus, job: ScoreRecordingsJob): Promise<Omit<RecordingScores, 'runId' | 'threshold' | 'smoothing' | 'hopSeconds' | 'refractorySeconds'>> {
  const results: (ScoredRecording | null)[] = job.files.map((file) => {
    const problem = recordingProblem(file);
    return problem === null ? null : { file: file.shown, ok: false, message: problem };
  });
  const pending = job.files.filter((_, index) => results[index] === null);
  if (pending.length === 0) return Promise.resolve({ backend: 'none', files: results as ScoredRecording[] });
  const slots = results.flatMap((result, index) => (result === null ? [index] : []));
  const request: Extract<EvaluatorJob, { type: 'detect-files' }> = {
    type: 'detect-files',
    runDir: job.runDir,
    files: pending.map((file) => file.path),
    backend: job.backend,
    options: job.options,
    waveformPoints: WAVEFORM_POINTS,
  };

  return new Promise((resolve, reject) => {
    const handle = launch();
    let backend = 'unknown';
    let next = 0;
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    const place = (index: number, result: (file: RecordingFile) => ScoredRecording): void => {
      const file = pending[index];
      const slot = slots[index];
      if (file === undefined || slot === undefined) return;
      results[slot] = result(file);
      next = index + 1;
      bus.emit('evaluation:progress', { runId: job.runId, job: 'score-files', done: next, total: pending.length, detail: `Scored ${path.basename(file.shown)} (${String(next)}/${String(pending.length)})` });
    };
    handle.onMessage((raw) => {
      if (settled || !isEvaluatorMessage(raw)) return;
      switch (raw.type) {
        case 'detect-ready':
          backend = raw.backend;
          return;
        case 'progress':
          bus.emit('evaluation:progress', { runId: job.runId, job: 'score-files', done: raw.done, total: raw.total, detail: raw.detail });
          return;
        case 'file-detected':
          place(raw.index, (file) => ({ file: file.shown, ok: true, detection: { ...raw.detection, file: file.shown }, waveform: raw.waveform ?? [] }));
          return;
        case 'file-failed':
          place(raw.index, (file) => ({ file: file.shown, ok: false, message: renamed(raw.message, file) }));
          return;
        case 'files-done':
          settle(() => (next === pending.length ? resolve({ backend, files: results as ScoredRecording[] }) : reject(new Error(`the evaluator finished after ${String(next)} of ${String(pending.length)} recording(s)`))));
          return;
        case 'error':
          settle(() => reject(new Error(raw.message)));
          return;
        default:
          return;
      }
    });
    handle.onExit((code, detail) => {
      const file = pending[next];
      const where = file ? ` while scoring ${file.shown} (leave that file out and try the others)` : '';
      settle(() => reject(new Error(`the evaluator stopped${where}: ${code === 0 ? 'it exited early' : detail}`)));
    });
    handle.send(request);
  });
}
