/**
 * The dataset side of the contract: the open workspace (kept in settings, with the recent list), scan
 * with progress events and cancel, split, and the overview the Dataset panel opens with.
 */
import os from 'node:os';
import path from 'node:path';
import type { DatasetOverview, ScanOutcome, ScanPhase, SplitSummary, WorkspaceStatus } from '../../../shared/core/dataset/dataset-types';
import type { GroupBy } from '../../../shared/core/dataset/manifest';
import { scanSummary } from '../../../shared/core/dataset/scan-summary';
import { DEFAULT_RATIOS, DEFAULT_SEED, type SplitRatios } from '../../../shared/core/dataset/split';
import type { EventBus } from '../event-bus';
import type { SettingsService } from '../settings-service';
import { readManifest } from './manifest-store';
import { scanWorkspace } from './scan-workspace';
import { ScanCancelledError } from './scan-tree';
import { readSplitSummary, splitWorkspace } from './split-workspace';
import { createWorkspace, requireWorkspace, workspaceStatus, WorkspaceError } from './workspace';

export const MAX_RECENT_WORKSPACES = 10;

export interface SplitRequest {
  readonly ratios?: SplitRatios;
  readonly seed?: number;
  readonly groupBy?: GroupBy;
}

export interface DatasetService {
  overview(): Promise<DatasetOverview>;
  openWorkspace(folder: string): WorkspaceStatus;
  createWorkspace(folder: string): Promise<WorkspaceStatus>;
  pickFolder(): Promise<string | null>;
  scan(): Promise<ScanOutcome>;
  cancelScan(): boolean;
  split(request: SplitRequest): Promise<SplitSummary>;
  /** The open workspace, or a WorkspaceError telling the user to open one. */
  currentWorkspace(): string;
}

export interface DatasetServiceOptions {
  readonly bus: EventBus;
  readonly settings: SettingsService;
  /** A native folder chooser; hosts without one (serve) leave it out and the UI offers a text field. */
  readonly pickFolder?: () => Promise<string | null>;
}

/** Accepts "~/..." as people type it; relative paths resolve against the process's folder. */
export function expandUserPath(folder: string): string {
  const trimmed = folder.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  return path.resolve(trimmed);
}

export function createDatasetService(options: DatasetServiceOptions): DatasetService {
  const { bus, settings } = options;
  let running: AbortController | null = null;

  const remember = (root: string): void => {
    const recent = [root, ...settings.get().recentWorkspaces.filter((p) => p !== root)].slice(0, MAX_RECENT_WORKSPACES);
    settings.set({ workspace: root, recentWorkspaces: recent });
  };

  const currentWorkspace = (): string => {
    const workspace = settings.get().workspace;
    if (workspace === null) throw new WorkspaceError('no workspace is open: choose a workspace folder first');
    return workspace;
  };

  return {
    currentWorkspace,

    async overview() {
      const workspace = settings.get().workspace;
      if (workspace === null) return { workspace: null, scan: null, split: null };
      const status = workspaceStatus(workspace);
      if (!status.exists) return { workspace: status, scan: null, split: null };
      const manifest = await readManifest(status.path);
      const scan = manifest.state === 'ok' ? scanSummary(manifest.value, { durationMs: null, reusedFromCache: 0 }) : null;
      return { workspace: status, scan, split: await readSplitSummary(status.path) };
    },

    openWorkspace(folder) {
      const root = requireWorkspace(expandUserPath(folder));
      remember(root);
      return workspaceStatus(root);
    },

    async createWorkspace(folder) {
      const status = await createWorkspace(expandUserPath(folder));
      remember(status.path);
      return status;
    },

    pickFolder: options.pickFolder ?? (() => Promise.resolve(null)),

    async scan() {
      if (running) throw new Error('a scan is already running: wait for it or cancel it');
      const workspace = currentWorkspace();
      const controller = new AbortController();
      running = controller;
      let files = 0;
      const progress = (phase: ScanPhase, done: number, total: number): void => {
        files = total;
        bus.emit('dataset:scan-progress', { workspace, phase, done, total });
      };
      try {
        const result = await scanWorkspace({
          workspace,
          signal: controller.signal,
          onProgress: progress,
          onWriting: () => progress('writing', files, files),
        });
        const total = result.manifest.files.length;
        progress('done', total, total);
        return { status: 'completed', summary: scanSummary(result.manifest, { durationMs: result.durationMs, reusedFromCache: result.reusedFromCache }) };
      } catch (error) {
        if (error instanceof ScanCancelledError) {
          progress('cancelled', 0, 0);
          return { status: 'cancelled' };
        }
        progress('failed', 0, 0);
        throw error;
      } finally {
        running = null;
      }
    },

    cancelScan() {
      if (!running) return false;
      running.abort();
      return true;
    },

    split(request) {
      return splitWorkspace(currentWorkspace(), {
        ratios: request.ratios ?? DEFAULT_RATIOS,
        seed: request.seed ?? DEFAULT_SEED,
        groupBy: request.groupBy ?? 'none',
      });
    },
  };
}
