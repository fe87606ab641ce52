/**
 * `export:options` (the formats a run supports, the phrase to name it after), `export:pick-folder` (the desktop's
 * native folder dialog) and `export:run`: checks the request against the run folder here (cheap file reads, clear messages), then runs
 * the export in its own process (TF.js and onnxruntime stay out of the app's main process), relaying its
 * progress as `export:progress` events. One export at a time.
 */
import path from 'node:path';
import { ensureFolderInside, isInsideFolder, OutsideWorkspaceError } from '../../node/fs/workspace-paths';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { ExportOptions, ExportResult } from '../../shared/contract/export-contract';
import { exportFormatsFor } from '../../shared/export/export-formats';
import { isExportWorkerMessage, type ExportJob, type ExportParentMessage, type ExportWorkerMessage } from '../../shared/contract/export-protocol';
import type { ExportFormat } from '../../shared/export/wakeword-manifest';
import type { EventBus } from '../event-bus';
import { readRunArtifacts } from '../../node/evaluation/run-artifacts';
import { type JobProtocol, requestJob } from '../training/job-runner';
import type { WorkerLauncher } from '../../node/training/worker-handle';
import { exportPhrase } from '../../node/export/export-phrase';
import { errorMessage } from '../../shared/error-message';

const EXPORT_PROTOCOL: JobProtocol<ExportWorkerMessage> = { name: 'export process', accepts: isExportWorkerMessage };

export interface ExportRequest {
  readonly runId: string;
  readonly format: ExportFormat;
  readonly int8?: boolean | undefined;
  readonly outDir?: string | undefined;
  readonly phrase?: string | undefined;
}

export interface ExportServiceOptions {
  readonly launch: WorkerLauncher<ExportParentMessage>;
  readonly bus: EventBus;
  readonly appVersion: string;
  readonly backend?: () => BackendChoice;
  /** A native folder chooser (Electron's dialog); hosts without one leave it out. */
  readonly pickFolder?: () => Promise<string | null>;
}

/** Where an export may be written: `exports` (requests over `serve`) or `anywhere` (the desktop user's own choice). */
export type ExportDestination = 'exports' | 'anywhere';

/** `<workspace>/exports/<run-id>-<format>`. */
export function defaultExportDir(workspace: string, runId: string, format: ExportFormat): string {
  return path.join(workspace, 'exports', `${runId}-${format}`);
}

/**
 * The folder an export request names, created, under <workspace>/exports/ (relative names are relative to the
 * workspace): requests come from the UI, also over the network with `wakeword serve`, so they write nowhere
 * else, except an absolute folder from the desktop app, where the panel offers the native dialog (destination 'anywhere', IPC
 * only). The `wakeword export --out` command writes wherever its user says.
 */
async function exportFolder(workspace: string, requested: string, destination: ExportDestination): Promise<string> {
  const lexical = path.resolve(workspace, requested);
  if (destination === 'anywhere' && path.isAbsolute(requested)) return lexical;
  if (!isInsideFolder(lexical, path.join(path.resolve(workspace), 'exports'))) {
    throw new OutsideWorkspaceError(`The output folder must lie inside the workspace's exports/ folder (${path.join(workspace, 'exports')}); ${requested} does not`);
  }
  return ensureFolderInside(workspace, lexical, `Output folder ${requested}`);
}

/** The run folder for an id, refusing ids that would leave `<workspace>/runs`. */
export function runDirOf(workspace: string, runId: string): string {
  if (runId !== path.basename(runId) || runId === '.' || runId === '..') throw new Error(`"${runId}" is not a run id (a folder name under runs/)`);
  return path.join(workspace, 'runs', runId);
}

export class ExportService {
  private running: string | null = null;

  constructor(private readonly options: ExportServiceOptions) {}

  /** What the Export panel offers for a run: exactly the formats its model's input allows. */
  async exportOptions(workspace: string, runId: string): Promise<ExportOptions> {
    const artifacts = await this.artifacts(workspace, runId);
    const architecture = artifacts.config.model.architecture;
    return {
      runId,
      architecture,
      formats: exportFormatsFor(architecture),
      phrase: await exportPhrase(workspace, artifacts.meta?.name ?? runId),
      canPickFolder: this.options.pickFolder !== undefined,
    };
  }

  pickFolder(): Promise<string | null> {
    return this.options.pickFolder?.() ?? Promise.resolve(null);
  }

  private async artifacts(workspace: string, runId: string): Promise<Awaited<ReturnType<typeof readRunArtifacts>>> {
    const runDir = runDirOf(workspace, runId);
    try {
      return await readRunArtifacts(runDir);
    } catch (error) {
      const message = errorMessage(error);
      throw new Error(message.startsWith('run folder not found') ? `unknown run "${runId}": ${runDir} does not exist` : message);
    }
  }

  /** Validates the request and builds the job the export process runs. */
  async prepare(workspace: string, request: ExportRequest, destination: ExportDestination = 'exports'): Promise<ExportJob> {
    if (request.int8 && request.format !== 'onnx') throw new Error('INT8 quantisation applies to ONNX exports only: choose the ONNX format');
    const runDir = runDirOf(workspace, request.runId);
    const artifacts = await this.artifacts(workspace, request.runId);
    const architecture = artifacts.config.model.architecture;
    const formats = exportFormatsFor(architecture);
    if (!formats.some((option) => option.format === request.format)) {
      throw new Error(`Run "${request.runId}" (a ${architecture} model) cannot be exported as ${request.format}: choose ${formats.map((option) => option.label).join(' or ')}`);
    }
    const outDir = await exportFolder(workspace, request.outDir ?? defaultExportDir(workspace, request.runId, request.format), destination);
    const phrase = await exportPhrase(workspace, artifacts.meta?.name ?? request.runId, request.phrase);
    return { runDir, format: request.format, outDir, int8: request.int8 === true, appVersion: this.options.appVersion, backend: this.options.backend?.() ?? 'wasm', phrase };
  }

  async run(workspace: string, request: ExportRequest, destination: ExportDestination = 'exports'): Promise<ExportResult> {
    if (this.running) throw new Error(`An export of run "${this.running}" is already running: wait for it to finish`);
    this.running = request.runId;
    try {
      const job = await this.prepare(workspace, request, destination);
      return await this.runJob(request.runId, job);
    } finally {
      this.running = null;
    }
  }

  private runJob(runId: string, job: ExportJob): Promise<ExportResult> {
    return requestJob<ExportParentMessage, ExportWorkerMessage, ExportResult>({
      launch: this.options.launch,
      protocol: EXPORT_PROTOCOL,
      request: { type: 'start', job },
      step: (message) => {
        switch (message.type) {
          case 'progress':
            this.options.bus.emit('export:progress', { runId, step: message.step, fraction: message.fraction });
            return null;
          case 'done':
            return { result: message.result };
          case 'error':
            return { error: message.message };
        }
      },
      ended: (end) => `The export process ended before finishing (${end.detail})`,
    });
  }
}
