/**
 * Evaluator process entry (utilityProcess in Electron, a child process under `serve`): runs one evaluation
 * or detection job with TF.js off the UI's process, reports progress, sends the result and exits. A live
 * 'stream' job (the microphone test) keeps the process and model until 'stop'.
 */
import path from 'node:path';
import { waveformPeaks } from '../shared/core/audio/waveform-peaks';
import { type EvaluatorJob, type EvaluatorMessage, isEvaluatorJob, isStreamRequest } from '../shared/contract/evaluator-protocol';
import { assertNever } from '../shared/assert-never';
import { detectInFile } from '../ml/evaluation/detect-file';
import { LiveSession } from '../ml/evaluation/live-session';
import { openRunScorer } from '../ml/evaluation/run-scorer';
import { scoreSplit } from '../ml/evaluation/score-split';
import { parentChannel } from './parent-channel';
import { errorMessage } from '../shared/error-message';

const channel = parentChannel<EvaluatorMessage>();
let started = false;
let live: LiveSession | null = null;

const exitSoon = (): void => void setTimeout(() => process.exit(0), 100);

channel.onMessage((raw) => {
  if (isStreamRequest(raw)) {
    if (raw.type === 'stop') return exitSoon();
    if (!live) return channel.send({ type: 'error', message: 'audio arrived before the live session was ready' });
    const { id } = raw;
    live.push(Float32Array.from(raw.samples)).then(
      ({ steps, detections }) => channel.send({ type: 'chunk-scores', id, steps, detections }),
      (error: unknown) => channel.send({ type: 'error', message: errorMessage(error) }),
    );
    return;
  }
  if (!isEvaluatorJob(raw) || started) return;
  started = true;
  void run(raw);
});

async function run(job: EvaluatorJob): Promise<void> {
  let keepAlive = false;
  try {
    const scorer = await openRunScorer(job.runDir, job.backend);
    switch (job.type) {
      case 'evaluate': {
        const scores = await scoreSplit(job.workspace, job.split, scorer, (done, total, detail) => channel.send({ type: 'progress', done, total, detail }));
        channel.send({ type: 'evaluated', scores, backend: scorer.backend.id });
        break;
      }
      case 'detect': {
        const detection = await detectInFile(job.file, scorer, job.options, (done, total) => channel.send({ type: 'progress', done, total, detail: `Scoring windows (${String(done)}/${String(total)})` }));
        channel.send({ type: 'detected', detection, backend: scorer.backend.id });
        break;
      }
      case 'detect-files': {
        channel.send({ type: 'detect-ready', backend: scorer.backend.id, hopSeconds: scorer.hopSamples(job.options.hopSeconds) / scorer.sampleRate });
        const points = job.waveformPoints;
        for (const [index, file] of job.files.entries()) {
          try {
            if (points === undefined) {
              channel.send({ type: 'file-detected', index, detection: await detectInFile(file, scorer, job.options, undefined, file) });
              continue;
            }
            // The panel's job: window progress of long recordings, and a waveform overview of each.
            const label = `${path.basename(file)} (${String(index + 1)}/${String(job.files.length)})`;
            const progress = (done: number, total: number): void => channel.send({ type: 'progress', done, total, detail: `Scoring ${label}` });
            let waveform: readonly number[] = [];
            const detection = await detectInFile(file, scorer, job.options, progress, file, (audio) => (waveform = waveformPeaks(audio, points)));
            channel.send({ type: 'file-detected', index, detection, waveform });
          } catch (error) {
            const message = errorMessage(error);
            channel.send({ type: 'file-failed', index, message: message.startsWith(`${file}: `) ? message : `${file}: ${message}` });
          }
        }
        channel.send({ type: 'files-done' });
        break;
      }
      case 'stream':
        live = await LiveSession.open(scorer, job.options);
        keepAlive = true;
        channel.send({ type: 'stream-ready', sampleRate: scorer.sampleRate, windowSamples: scorer.clipSamples, backend: scorer.backend.id });
        return;
      default:
        assertNever(job);
    }
    await scorer.dispose();
  } catch (error) {
    channel.send({ type: 'error', message: errorMessage(error) });
  } finally {
    if (!keepAlive) exitSoon();
  }
}
