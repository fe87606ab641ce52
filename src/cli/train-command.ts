/**
 * `wakeword train`: resolves the config exactly as the Configuration panel does, then trains through the
 * same TrainingService as the app, in a child process. Human output: a progress bar per epoch (on a
 * terminal) and one summary line per epoch; `--json`: one JSON object per line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackendChoice } from '../shared/contract/backend-choices';
import { formatFahEstimate, type FahEstimate } from '../shared/core/fah';
import type { EpochMetrics } from '../shared/contract/trainer-protocol';
import type { PreparationProgress, TrainingStatus } from '../shared/training-status';
import { formatDuration } from '../shared/core/training-view/format';
import { EventBus } from '../services/event-bus';
import { findProjectRoot, readPackageVersion } from '../node/project-root';
import { TrainingService, TrainingStartError } from '../services/training/training-service';
import { nodeWorkerLauncher } from '../node/training/worker-handle';
import { freshness, newestRawChange } from '../node/dataset/raw-freshness';
import { readSplitSummary } from '../node/dataset/split-workspace';
import { CliError, requireFolder } from './cli-error';
import { ownSignals } from './signals';
import { invalidConfigError, resolveCliConfig } from './config-command';
import type { CliIo } from './cli-io';

/** Info log lines worth a line of their own in the terminal (the rest is in the run's train.log). */
const SHOWN_INFO = /^(Long negatives: |Mining round |Restored \d[\d,]* mined |Resumed from |Removed later checkpoints |Embedding audio with openWakeWord|Decoding audio)/;

export interface TrainCommandOptions {
  readonly workspace?: string;
  readonly preset?: string;
  readonly config?: string;
  readonly set: readonly string[];
  readonly runName?: string;
  readonly backend: BackendChoice;
  readonly resume?: string;
  readonly json?: boolean;
}

/** The JSON-lines shape documented in the README and the issue: snake_case keys. */
/** Said before training (never a block) when data/raw changed after the split: new clips would be left out. */
export async function splitStaleWarning(workspace: string): Promise<string | null> {
  const split = await readSplitSummary(workspace).catch(() => null);
  if (!split) return null;
  const changed = await newestRawChange(workspace);
  if (!freshness(changed, null, Date.parse(split.createdAt)).splitStale) return null;
  return `data/raw changed after the last split (${split.createdAt}): this run uses the old split; run \`wakeword scan\` and \`wakeword split\` first to include the new clips`;
}

/** `--json` line for a counted preparation step (the embedding pass), at most ~4 a second. */
export function preparationJson(p: PreparationProgress): Record<string, unknown> {
  return { type: 'progress', phase: 'preparing', step: p.detail.replace(/\s*\(.*$/, ''), detail: p.detail, done: p.done, total: p.total, eta_seconds: p.etaSeconds === null ? null : Math.round(p.etaSeconds) };
}

export function epochJson(m: EpochMetrics): Record<string, unknown> {
  return {
    type: 'epoch',
    epoch: m.epoch,
    epochs: m.epochs,
    train_loss: m.trainLoss,
    val_loss: m.valLoss,
    train_acc: m.trainAcc,
    val_acc: m.valAcc,
    fpr: m.fpr,
    fnr: m.fnr,
    f1: m.f1,
    eer: m.eer,
    fah: m.fah,
    recall_at_target: m.recallAtTarget,
    threshold_at_target: m.thresholdAtTarget,
    lr: m.lr,
    samples_per_sec: m.samplesPerSec,
    epoch_seconds: m.epochSeconds,
    ...(m.fahEstimate ? { fah_at_target: estimateJson(m.fahEstimate) } : {}),
    ...(m.fahEstimateAt05 ? { fah_at_05: estimateJson(m.fahEstimateAt05) } : {}),
    ...(m.fahBasis ? { fah_basis: m.fahBasis } : {}),
    ...(m.targetFah !== undefined ? { target_fah: m.targetFah } : {}),
    ...(m.fahWarning !== undefined ? { fah_warning: m.fahWarning } : {}),
  };
}

/** A FahEstimate in the JSON lines: NaN (no negative audio) prints as null. */
export function estimateJson(e: FahEstimate): Record<string, number | null> {
  const n = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { false_accepts: e.falseAccepts, hours: e.hours, fah: n(e.fah), upper95: n(e.upper95) };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function epochLine(m: EpochMetrics): string {
  return [
    `epoch ${String(m.epoch)}/${String(m.epochs)}`,
    `loss ${m.trainLoss.toFixed(4)} val ${m.valLoss.toFixed(4)}`,
    `acc ${pct(m.trainAcc)}/${pct(m.valAcc)}`,
    // FRR at 0.5 moves with calibration; recall at the target FA/h is what picks the best epoch, and its FA/h
    // shows the hours it rests on and the 95 % bound.
    m.fahEstimate ? `@0.5: FRR ${pct(m.fnr)}` : `@0.5: FRR ${pct(m.fnr)} FA/h ${Number.isFinite(m.fah) ? m.fah.toFixed(2) : 'n/a'}`,
    `recall@target ${pct(m.recallAtTarget)} (thr ${m.thresholdAtTarget.toFixed(3)}${m.fahEstimate ? `, ${formatFahEstimate(m.fahEstimate)}` : ''})`,
    `EER ${pct(m.eer)}`,
    `lr ${m.lr.toExponential(1)}`,
    `${m.samplesPerSec.toFixed(0)} samples/s`,
    `${m.epochSeconds.toFixed(1)} s`,
  ].join('  ');
}

/**
 * Lines for each epoch: the summary (or its JSON), plus, once per run, the plain warning that the validation
 * hours cannot support the target FA/h (JSON lines carry it in every epoch's fah_warning instead).
 */
export function epochPrinter(json: boolean): (m: EpochMetrics) => string[] {
  let warned = false;
  return (m) => {
    if (json) return [JSON.stringify(epochJson(m))];
    const lines = [epochLine(m)];
    if (m.fahWarning && !warned) {
      warned = true;
      lines.push(`warning: ${m.fahWarning}`);
    }
    return lines;
  };
}

function progressBar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((width * done) / total) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** `--resume` takes a run folder (newest intact checkpoint) or one of its checkpoint folders. */
export function resumeTarget(value: string): { readonly runDir: string; readonly checkpoint: string | null } {
  const target = path.resolve(value);
  if (/^epoch-\d+$/.test(path.basename(target)) && path.basename(path.dirname(target)) === 'checkpoints') {
    return { runDir: path.dirname(path.dirname(target)), checkpoint: path.basename(target) };
  }
  return { runDir: target, checkpoint: null };
}

function resolveWorkspace(dir: string | undefined): string {
  return requireFolder(path.resolve(dir ?? process.cwd()), 'workspace');
}

export async function runTrain(options: TrainCommandOptions, io: CliIo): Promise<void> {
  const root = findProjectRoot();
  const entry = path.join(root, 'out', 'main', 'worker.js');
  if (!existsSync(entry)) throw new CliError(`the trainer is not built (${entry} is missing): run "npm run build" first`);
  const bus = new EventBus();
  let finish: (status: TrainingStatus) => void = () => undefined;
  const finished = new Promise<TrainingStatus>((resolve) => (finish = resolve));
  const service = new TrainingService({ launch: nodeWorkerLauncher({ entry }), bus, versions: { app: readPackageVersion(root) }, onFinished: (s) => finish(s) });

  const tty = !options.json && process.stdout.isTTY === true;
  let reported = 0;
  let backendShown = false;
  const print = (line: string): void => {
    if (tty) process.stdout.write('\r\u001b[K');
    io.out(line);
  };
  const printEpoch = epochPrinter(options.json === true);
  let lastPreparation = '';
  bus.subscribe((name, payload) => {
    if (name === 'training:status') {
      const status = payload as TrainingStatus;
      if (status.backend && !backendShown) {
        backendShown = true;
        const skipped = status.backend.skipped.map((s) => `${s.id}: ${s.reason}`).join('; ');
        if (options.json) print(JSON.stringify({ type: 'backend', backend: status.backend.id, reason: status.backend.reason, skipped: status.backend.skipped }));
        else print(`Backend: ${status.backend.id} (${status.backend.reason})${skipped ? `; skipped ${skipped}` : ''}`);
      }
      const preparation = status.preparation;
      if (preparation && preparation.detail !== lastPreparation) {
        lastPreparation = preparation.detail;
        if (options.json) print(JSON.stringify(preparationJson(preparation)));
        else if (tty) process.stdout.write(`\r\u001b[K${preparation.detail}${preparation.etaSeconds === null ? '' : `, about ${formatDuration(preparation.etaSeconds)} left`}`);
      }
      for (const metrics of status.history.slice(reported)) for (const line of printEpoch(metrics)) print(line);
      reported = status.history.length;
    } else if (name === 'training:batch' && tty) {
      const batch = payload as NonNullable<TrainingStatus['batch']>;
      process.stdout.write(`\repoch ${String(batch.epoch)}/${String(batch.epochs)} ${progressBar(batch.batch, batch.batches)} ${String(batch.batch)}/${String(batch.batches)}  loss ${batch.loss.toFixed(4)}  ${batch.samplesPerSec.toFixed(0)} samples/s`);
    } else if (name === 'training:log' && !options.json) {
      const line = payload as { level: string; message: string };
      // Info lines mostly repeat the epoch lines above; the data and mining summaries do not.
      if (line.level !== 'info') print(`${line.level}: ${line.message}`);
      else if (SHOWN_INFO.test(line.message)) print(line.message);
    }
  });

  let status: TrainingStatus;
  try {
    if (options.resume) {
      const { runDir, checkpoint } = resumeTarget(options.resume);
      const workspace = options.workspace ? resolveWorkspace(options.workspace) : path.dirname(path.dirname(runDir));
      const previous = await service.run(workspace, path.basename(runDir)).catch(() => null);
      if (previous?.meta.status === 'interrupted') {
        const owner = previous.meta.owner;
        // stdout carries only JSON lines under --json.
        (options.json ? io.err : io.out)(`Run ${previous.id} was interrupted (its trainer${owner ? `, process ${String(owner.pid)} on ${owner.host},` : ''} is gone at epoch ${String(previous.meta.lastEpoch)}); resuming it.`);
      }
      status = await service.resume(workspace, path.basename(runDir), checkpoint, options.backend);
    } else {
      const workspace = resolveWorkspace(options.workspace);
      const resolved = await resolveCliConfig({ ...(options.preset ? { preset: options.preset } : {}), ...(options.config ? { config: options.config } : {}), set: options.set }, io);
      if (!resolved.ok || !resolved.config) throw invalidConfigError(resolved);
      for (const warning of resolved.warnings) io.err(`warning: ${warning.path}: ${warning.message}`);
      const staleSplit = await splitStaleWarning(workspace);
      if (staleSplit) io.err(`warning: ${staleSplit}`);
      status = await service.start({ workspace, config: resolved.config, preset: resolved.preset, backend: options.backend, ...(options.runName ? { runName: options.runName } : {}) });
    }
  } catch (error) {
    if (error instanceof TrainingStartError) throw new CliError(error.message);
    throw error;
  }
  if (!options.json) print(`Run folder: ${status.runDir ?? ''}`);

  // Ctrl-C (or SIGTERM) once: stop after the current batch, with a final checkpoint. Twice: end at once.
  let interrupts = 0;
  const restoreSignals = ownSignals((signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      // stdout carries only JSON lines under --json.
      (options.json ? io.err : print)(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping after the current batch, with a checkpoint (press Ctrl-C again to abort)...`);
      try {
        service.stop();
      } catch {
        // Already finishing.
      }
    } else {
      service.dispose();
      process.exit(130);
    }
  });
  const final = await finished.finally(restoreSignals);

  if (tty) process.stdout.write('\r\u001b[K');
  if (final.state === 'failed') {
    if (options.json) io.out(JSON.stringify({ type: 'error', run_dir: final.runDir, message: final.error }));
    throw new CliError(`training failed: ${final.error ?? 'unknown error'}`);
  }
  const best = final.best;
  if (options.json) {
    io.out(
      JSON.stringify({
        type: 'done',
        status: final.state,
        run_dir: final.runDir,
        ...(final.earlyStop ? { early_stopping: { epoch: final.earlyStop.epoch, epochs: final.earlyStop.epochs, patience: final.earlyStop.patience, metric: final.earlyStop.metric } } : {}),
        best: best && {
          epoch: best.epoch,
          threshold: best.threshold,
          val_loss: best.valLoss,
          val_acc: best.valAcc,
          recall_at_target: best.recallAtTarget,
          fah: Number.isFinite(best.fah) ? best.fah : null,
          ...(best.fahEstimate ? { fah_at_target: estimateJson(best.fahEstimate) } : {}),
          ...(best.fahWarning !== undefined ? { fah_warning: best.fahWarning } : {}),
          path: best.path,
        },
      }),
    );
  } else {
    const early = final.earlyStop ? ` (early stopping at ${String(final.earlyStop.epoch)}/${String(final.earlyStop.epochs)})` : '';
    io.out(`Training ${final.state}${early}. Run folder: ${final.runDir ?? ''}`);
    if (best) {
      const at = best.fahEstimate ? formatFahEstimate(best.fahEstimate) : `${best.fah.toFixed(2)} FA/h`;
      io.out(`Best model: epoch ${String(best.epoch)}, recall ${pct(best.recallAtTarget)} at ${at} (threshold ${best.threshold.toFixed(3)}), saved in ${best.path}`);
      if (best.fahWarning) io.out(`warning: ${best.fahWarning}`);
    }
  }
}


