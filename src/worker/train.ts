/**
 * Trainer process entry (utilityProcess in Electron, a child process under the CLI and `serve`).
 * Loads the backend, prepares the data, builds the model and runs the loop, reporting everything to
 * the supervisor; pause holds between batches, stop ends after the current batch.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fahVerdict, formatFahEstimate, formatHours } from '../shared/core/fah';
import { checkConfig, formatIssue } from '../shared/config/validate';
import { isSupervisorMessage, type TrainJob, type WorkerMessage } from '../shared/contract/trainer-protocol';
import { assertNever } from '../shared/assert-never';
import { loadBackend } from '../ml/backend-loader';
import { buildModelFromConfig } from '../ml/models/build-model';
import { parentChannel } from './parent-channel';
import { writeJsonAtomic } from '../node/fs/atomic-write';
import { diskFullCause, isDiskFull } from '../node/fs/disk-full';
import { appendLog, HEARTBEAT_MS, updateRunMeta } from '../node/training/run-files';
import { prepareResume, syncRunViews } from '../node/training/checkpoint-record';
import { streamsHours } from '../ml/streaming-validation';
import { modelFamilyFor } from '../ml/families/model-families';
import { runTrainingLoop } from '../ml/training-loop';
import { errorMessage } from '../shared/error-message';

const channel = parentChannel();
let paused = false;
let stopRequested = false;
let running = false;
let resumeWaiters: (() => void)[] = [];

function send(message: WorkerMessage): void {
  channel.send(message);
}

function releaseWaiters(): void {
  const waiters = resumeWaiters;
  resumeWaiters = [];
  for (const resolve of waiters) resolve();
}

channel.onMessage((raw) => {
  if (!isSupervisorMessage(raw)) return;
  switch (raw.type) {
    case 'start':
      if (running) return send({ type: 'log', level: 'warn', message: 'Ignored a second start: this trainer is already running.' });
      running = true;
      void run(raw.job);
      return;
    case 'pause':
      paused = true;
      send({ type: 'paused' });
      return;
    case 'resume':
      paused = false;
      releaseWaiters();
      send({ type: 'resumed' });
      return;
    case 'stop':
      stopRequested = true;
      releaseWaiters();
      return;
    default:
      assertNever(raw);
  }
});
send({ type: 'ready' });
// A terminal's Ctrl-C reaches the whole process group, this trainer included: the supervisor decides what a
// signal means (stop after the batch, with a checkpoint), so the trainer must not die of it first.
process.on('SIGINT', () => undefined);
// Under Node's fork a signal to the CLI's process group also reaches us; Electron ends utility processes with
// SIGTERM, which must keep working there.
if ((process as { parentPort?: unknown }).parentPort === undefined) process.on('SIGTERM', () => undefined);
// A supervisor that went away (killed, crashed) cannot stop us any more: stop after the batch, with a
// checkpoint. Its end of our stdout/stderr pipes is gone too: a write there must not kill us first (EPIPE).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
process.on('disconnect', () => {
  stopRequested = true;
  releaseWaiters();
});

async function run(job: TrainJob): Promise<void> {
  let heartbeat: NodeJS.Timeout | null = null;
  // Stopped before the final meta write, so a late beat cannot interleave with it.
  const stopHeartbeat = (): void => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };
  // Run-folder writes happen one after another, so meta.json updates never overwrite each other.
  let writes: Promise<unknown> = Promise.resolve();
  const enqueue = (write: () => Promise<unknown>): void => {
    writes = writes.then(write).catch((error: unknown) => send({ type: 'log', level: 'warn', message: `Could not write to the run folder: ${String(error)}` }));
  };
  const log = (level: 'info' | 'warn' | 'error', message: string): void => {
    send({ type: 'log', level, message });
    enqueue(() => appendLog(job.runDir, level, message));
  };
  try {
    const checked = checkConfig(job.config);
    if (!checked.ok || !checked.config) throw new Error(`Invalid configuration: ${checked.errors.map(formatIssue).join('; ')}`);
    const config = checked.config;

    const backend = await loadBackend(job.backend === 'auto' ? config.training.backend : job.backend);
    send({ type: 'backend', backend });
    const skipped = backend.skipped.map((entry) => `${entry.id}: ${entry.reason}`).join('; ');
    log('info', `Backend: ${backend.id} (${backend.reason})${skipped ? `; skipped ${skipped}` : ''}`);
    // The owner and its heartbeat let a run listing tell a live run from one whose trainer died (kill -9, crash).
    const startedAt = new Date().toISOString();
    const owner = { pid: process.pid, host: os.hostname(), startedAt };
    // A resumed run drops the end and error of its previous attempt (undefined keys are not written).
    await updateRunMeta(job.runDir, { status: 'running', owner, heartbeatAt: startedAt, backend, versions: { tfjs: tf.version.tfjs, node: process.versions.node }, endedAt: undefined, error: undefined, earlyStop: undefined });
    // WAKEWORD_HEARTBEAT_MS lets a test see beats without waiting the real interval.
    const beatMs = Number(process.env.WAKEWORD_HEARTBEAT_MS) > 0 ? Number(process.env.WAKEWORD_HEARTBEAT_MS) : HEARTBEAT_MS;
    heartbeat = setInterval(() => enqueue(() => updateRunMeta(job.runDir, { heartbeatAt: new Date().toISOString() })), beatMs);
    heartbeat.unref();

    send({ type: 'phase', phase: 'preparing', detail: 'Loading and decoding audio' });
    const onPrepare = (done: number, total: number, detail: string): void => send({ type: 'phase', phase: 'preparing', detail, done, total });
    const { data, notes } = await modelFamilyFor(config).prepareTrainingData(job.workspace, config, onPrepare);
    for (const warning of data.warnings) log('warn', warning);
    // Evaluation, detection and export must normalise features exactly as training did.
    if (data.cmvn) await writeJsonAtomic(path.join(job.runDir, 'cmvn.json'), data.cmvn);
    const streaming = data.validation.streaming;
    const fahBasis = streaming
      ? `${formatHours(streamsHours(streaming))} of continuous general negatives behind FA/h, counted as the streaming detector fires; recall over ${String(streaming.clips.filter((c) => c.kind === 'positive').length)} positive clips`
      : `${formatHours(data.validation.generalNegativeHours)} of general negatives behind FA/h`;
    log('info', `Training on ${String(data.trainSize)} clips, validating on ${String(data.validation.kinds.length)} (${fahBasis}).`);

    // The run's log says once, plainly, when the validation hours cannot support the target (the CLI and panel show it too).
    const fahWarning = fahVerdict(streaming ? streamsHours(streaming) : data.validation.generalNegativeHours, config.selection.target_fah).warning;
    if (fahWarning) enqueue(() => appendLog(job.runDir, 'warn', fahWarning));
    for (const note of notes) log('info', note);

    const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
    log('info', `Model ${config.model.architecture}: ${model.countParams().toLocaleString('en-US')} parameters, input [${String(data.frames)} frames x ${String(data.nMels)} mels].`);

    if (job.resumeFrom) {
      // The checkpoint is the truth: later checkpoints go, and history, meta and best/ are rebuilt from it.
      const resumeFrom = job.resumeFrom;
      await writes;
      for (const note of await prepareResume(job.runDir, resumeFrom)) log(note.level, note.message);
    }

    send({ type: 'phase', phase: 'training', detail: 'Training' });
    const result = await runTrainingLoop({
      config,
      model,
      data,
      runDir: job.runDir,
      ...(job.resumeFrom ? { resumeFrom: job.resumeFrom } : {}),
      callbacks: {
        batch: (progress) => send({ type: 'batch', ...progress }),
        epoch: (metrics, best) => {
          send({ type: 'epoch', metrics, best });
          log(
            'info',
            `Epoch ${String(metrics.epoch)}/${String(metrics.epochs)}: loss ${metrics.trainLoss.toFixed(4)} / val ${metrics.valLoss.toFixed(4)}, val acc ${(100 * metrics.valAcc).toFixed(1)}%, FRR@0.5 ${(100 * metrics.fnr).toFixed(1)}%, recall ${(100 * metrics.recallAtTarget).toFixed(1)}% at threshold ${metrics.thresholdAtTarget.toFixed(3)}: ${metrics.fahEstimate ? formatFahEstimate(metrics.fahEstimate) : `FA/h ${metrics.fah.toFixed(2)}`}, EER ${(100 * metrics.eer).toFixed(1)}%`,
          );
        },
        checkpoint: (epoch, dir) => {
          send({ type: 'checkpoint', epoch, path: dir });
          // history.jsonl and meta.json follow the checkpoint; if we die first, a resume rebuilds them from it.
          enqueue(() => syncRunViews(job.runDir, dir));
        },
        log,
        waitIfPaused: () => (paused && !stopRequested ? new Promise<void>((resolve) => resumeWaiters.push(resolve)) : Promise.resolve()),
        shouldStop: () => stopRequested,
      },
    });
    stopHeartbeat();
    await writes;
    await updateRunMeta(job.runDir, { status: result.status, best: result.best, endedAt: new Date().toISOString(), earlyStop: result.earlyStop ?? undefined });
    send({ type: 'done', status: result.status, best: result.best, earlyStop: result.earlyStop });
  } catch (error) {
    const message = isDiskFull(error) ? await diskFullReport(error, job.runDir) : errorMessage(error);
    stopHeartbeat();
    await writes;
    await updateRunMeta(job.runDir, { status: 'failed', error: message, endedAt: new Date().toISOString() }).catch(() => undefined);
    send({ type: 'error', message });
  } finally {
    stopHeartbeat();
    running = false;
    // Let the last messages flush, then end: one trainer process per run.
    setTimeout(() => process.exit(0), 100);
  }
}

/** Where a run stands after a full disk, and how to go on: checkpoint folders appear whole or not at all. */
async function diskFullReport(error: NodeJS.ErrnoException, runDir: string): Promise<string> {
  const names = await fs.readdir(path.join(runDir, 'checkpoints')).catch(() => []);
  const newest = names.filter((name) => /^epoch-\d+$/.test(name)).sort().at(-1);
  const kept = newest
    ? `The run keeps its last complete checkpoint, ${newest}; free some space, then resume it (wakeword train --resume ${runDir}, or Resume in the app).`
    : 'No checkpoint had been written yet; free some space, then start the run again.';
  const cause = diskFullCause(error, runDir);
  return `${cause.charAt(0).toUpperCase()}${cause.slice(1)}. ${kept}`;
}
