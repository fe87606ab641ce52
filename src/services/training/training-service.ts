/**
 * Training as the hosts see it: check that a dataset split and a valid config exist, create the run
 * folder, start the supervised trainer and relay its progress as contract events. One run at a time.
 * Electron, `serve` and `wakeword train` all go through here; only the process launcher differs.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import { checkConfig, formatIssue } from '../../shared/config/validate';
import type { TrainingConfig } from '../../shared/config/schema';
import type { RunMeta } from '../../shared/run-meta';
import { isActive, type TrainingStatus } from '../../shared/training-status';
import type { EventBus } from '../event-bus';
import type { RunDetail, RunSummary } from '../../shared/run-meta';
import { newestIntactCheckpoint, verifyCheckpoint } from '../../node/training/checkpoint-record';
import { createRunDir, datasetHash, listRuns, readRun, writeRunStart } from '../../node/training/run-store';
import { TrainingSupervisor } from './supervisor';
import type { WorkerLauncher } from '../../node/training/worker-handle';

export class TrainingStartError extends Error {
  /** Which panel can fix it: the UI offers a button that goes there. */
  readonly fixIn: 'dataset' | 'configuration' | null;
  constructor(message: string, fixIn: 'dataset' | 'configuration' | null) {
    super(message);
    this.name = 'TrainingStartError';
    this.fixIn = fixIn;
  }
}

export interface StartRequest {
  readonly workspace: string;
  readonly config: unknown;
  readonly preset: string | null;
  readonly runName?: string;
  readonly backend: BackendChoice;
}

export interface TrainingServiceOptions {
  readonly launch: WorkerLauncher;
  readonly bus: EventBus;
  readonly versions?: Readonly<Record<string, string>>;
  /** Desktop integration (tray, notification, taskbar progress) listens here. */
  readonly onFinished?: (status: TrainingStatus) => void;
  readonly onProgress?: (status: TrainingStatus) => void;
}

export class TrainingService {
  private readonly supervisor: TrainingSupervisor;

  constructor(private readonly options: TrainingServiceOptions) {
    this.supervisor = new TrainingSupervisor({
      launch: options.launch,
      events: {
        status: (status) => {
          options.bus.emit('training:status', status);
          options.onProgress?.(status);
        },
        batch: (status) => {
          if (status.batch) options.bus.emit('training:batch', status.batch);
          options.onProgress?.(status);
        },
        log: (line) => options.bus.emit('training:log', line),
        finished: (status) => options.onFinished?.(status),
      },
    });
  }

  status(): TrainingStatus {
    return this.supervisor.getStatus();
  }

  /** Validates everything a run needs before any folder is created, so a refused start leaves nothing behind. */
  async start(request: StartRequest): Promise<TrainingStatus> {
    const current = this.supervisor.getStatus();
    if (isActive(current.state)) throw new TrainingStartError(`A training run is already ${current.state} (${current.runDir ?? ''}): stop it before starting another.`, null);
    const splits = path.join(request.workspace, 'data', 'splits');
    const missing = ['train', 'val'].filter((split) => !existsSync(path.join(splits, `${split}.json`)));
    if (missing.length > 0) {
      throw new TrainingStartError(`No dataset split in ${splits} (${missing.map((s) => `${s}.json`).join(', ')} missing): scan and split the dataset first.`, 'dataset');
    }
    const checked = checkConfig(request.config);
    if (!checked.ok || !checked.config) {
      throw new TrainingStartError(`The configuration is not valid: ${checked.errors.map(formatIssue).join('; ')}`, 'configuration');
    }
    const config: TrainingConfig = checked.config;
    const { id, dir } = await createRunDir(request.workspace, request.runName);
    const meta: RunMeta = {
      id,
      name: request.runName ?? id,
      status: 'running',
      createdAt: new Date().toISOString(),
      // Until the trainer records itself, the process supervising it owns the run.
      owner: { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() },
      preset: request.preset,
      backend: null,
      versions: this.options.versions ?? {},
      datasetHash: await datasetHash(request.workspace),
      epochs: config.training.epochs,
      lastEpoch: 0,
      best: null,
    };
    await writeRunStart(dir, meta, config);
    return this.supervisor.start({ workspace: request.workspace, runDir: dir, config, backend: request.backend });
  }

  /** Continues a run from one of its checkpoints, in the same run folder, with the run's own config. */
  async resume(workspace: string, runId: string, checkpoint: string | null, backend: BackendChoice): Promise<TrainingStatus> {
    const current = this.supervisor.getStatus();
    if (isActive(current.state)) throw new TrainingStartError(`A training run is already ${current.state}: stop it before resuming another.`, null);
    const run = await readRun(workspace, runId);
    if (run.meta.status === 'running' || run.meta.status === 'paused') {
      throw new TrainingStartError(`Run ${runId} is still ${run.meta.status} (process ${String(run.meta.owner?.pid ?? '?')} on ${run.meta.owner?.host ?? '?'}): stop it before resuming.`, null);
    }
    const chosen = await chooseCheckpoint(run, checkpoint);
    const config: unknown = JSON.parse(await readFile(path.join(run.dir, 'config.json'), 'utf8'));
    return this.supervisor.start({ workspace, runDir: run.dir, config, backend, resumeFrom: path.join(run.dir, 'checkpoints', chosen) });
  }

  pause(): TrainingStatus {
    return this.supervisor.pause();
  }

  resumePaused(): TrainingStatus {
    return this.supervisor.resume();
  }

  stop(): TrainingStatus {
    return this.supervisor.stop();
  }

  runs(workspace: string): Promise<RunSummary[]> {
    return listRuns(workspace);
  }

  run(workspace: string, id: string): Promise<RunDetail> {
    return readRun(workspace, id);
  }

  dispose(): void {
    this.supervisor.dispose();
  }
}

/**
 * The checkpoint to resume from: the named one, which must verify, or else the newest that verifies (the trainer
 * logs which damaged ones it passed over).
 */
async function chooseCheckpoint(run: RunDetail, named: string | null): Promise<string> {
  if (named !== null) {
    if (!run.checkpoints.includes(named)) throw new TrainingStartError(`Run ${run.id} has no checkpoint ${named} (available: ${run.checkpoints.join(', ') || 'none'}).`, null);
    const check = await verifyCheckpoint(path.join(run.dir, 'checkpoints', named));
    if (!check.ok) throw new TrainingStartError(`Checkpoint ${named} of run ${run.id} is damaged: ${check.reason}. Choose an earlier checkpoint.`, null);
    return named;
  }
  const newest = await newestIntactCheckpoint(run.dir);
  if (newest.name) return newest.name;
  const damaged = newest.damaged.map((d) => `${d.name}: ${d.reason}`).join('; ');
  throw new TrainingStartError(`Run ${run.id} has no intact checkpoint to resume from${damaged ? ` (${damaged})` : ''}.`, null);
}
