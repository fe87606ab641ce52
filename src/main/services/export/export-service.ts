/**
 * `export:run`: checks the request against the run folder here (cheap file reads, clear messages), then runs
 * the export in its own process (TF.js and onnxruntime stay out of the app's main process), relaying its
 * progress as `export:progress` events. One export at a time.
 */
import path from 'node:path';
import { ensureFolderInside, isInsideFolder, OutsideWorkspaceError } from '../fs/workspace-paths';
import type { BackendChoice } from '../../../shared/api';
import type { ExportResult } from '../../../shared/export/contract';
import { isExportWorkerMessage, type ExportJob, type ExportParentMessage } from '../../../shared/export/export-protocol';
import type { ExportFormat } from '../../../shared/export/wakeword-manifest';
import type { EventBus } from '../event-bus';
import { readRunArtifacts } from '../evaluation/run-artifacts';
import type { WorkerLauncher } from '../training/worker-handle';

export interface ExportRequest {
  readonly runId: string;
  readonly format: ExportFormat;
  readonly int8?: boolean | undefined;
  readonly outDir?: string | undefined;
}

export interface ExportServiceOptions {
  readonly launch: WorkerLauncher<ExportParentMessage>;
  readonly bus: EventBus;
  readonly appVersion: string;
  readonly backend?: () => BackendChoice;
}

/** `<workspace>/exports/<run-id>-<format>`. */
export function defaultExportDir(workspace: string, runId: string, format: ExportFormat): string {
  return path.join(workspace, 'exports', `${runId}-${format}`);
}

/**
 * The folder an export request names, created, under <workspace>/exports/ (relative names are relative to the
 * workspace): requests come from the UI, also over the network with `wakeword serve`, so they never write
 * elsewhere. The `wakeword export --out` command writes wherever its user says.
 */
async function exportFolder(workspace: string, requested: string): Promise<string> {
  const lexical = path.resolve(workspace, requested);
  if (!isInsideFolder(lexical, path.join(path.resolve(workspace), 'exports'))) {
    throw new OutsideWorkspaceError(`outDir: exports are written inside the workspace's exports/ folder (got ${requested})`);
  }
  return ensureFolderInside(workspace, lexical, 'outDir');
}

/** The run folder for an id, refusing ids that would leave `<workspace>/runs`. */
export function runDirOf(workspace: string, runId: string): string {
  if (runId !== path.basename(runId) || runId === '.' || runId === '..') throw new Error(`"${runId}" is not a run id (a folder name under runs/)`);
  return path.join(workspace, 'runs', runId);
}

export class ExportService {
  private running: string | null = null;

  constructor(private readonly options: ExportServiceOptions) {}

  /** Validates the request and builds the job the export process runs. */
  async prepare(workspace: string, request: ExportRequest): Promise<ExportJob> {
    if (request.int8 && request.format !== 'onnx') throw new Error('INT8 quantisation applies to ONNX exports only: choose the ONNX format');
    const runDir = runDirOf(workspace, request.runId);
    try {
      await readRunArtifacts(runDir);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(message.startsWith('run folder not found') ? `unknown run "${request.runId}": ${runDir} does not exist` : message);
    }
    const outDir = await exportFolder(workspace, request.outDir ?? defaultExportDir(workspace, request.runId, request.format));
    return { runDir, format: request.format, outDir, int8: request.int8 === true, appVersion: this.options.appVersion, backend: this.options.backend?.() ?? 'wasm' };
  }

  async run(workspace: string, request: ExportRequest): Promise<ExportResult> {
    if (this.running) throw new Error(`An export of run "${this.running}" is already running: wait for it to finish`);
    this.running = request.runId;
    try {
      const job = await this.prepare(workspace, request);
      return await this.runJob(request.runId, job);
    } finally {
      this.running = null;
    }
  }

  private runJob(runId: string, job: ExportJob): Promise<ExportResult> {
    return new Promise<ExportResult>((resolve, reject) => {
      const worker = this.options.launch();
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        action();
      };
      worker.onMessage((message) => {
        if (!isExportWorkerMessage(message)) return;
        switch (message.type) {
          case 'progress':
            this.options.bus.emit('export:progress', { runId, step: message.step, fraction: message.fraction });
            break;
          case 'done':
            settle(() => resolve(message.result));
            break;
          case 'error':
            settle(() => reject(new Error(message.message)));
            break;
        }
      });
      worker.onExit((_code, detail) => settle(() => reject(new Error(`The export process ended before finishing (${detail})`))));
      worker.send({ type: 'start', job });
    });
  }
}
