/**
 * The dataset side of the contract: the open workspace (kept in settings, with the recent list), scan
 * with progress events and cancel, split, and the overview the Dataset panel opens with.
 */
import os from 'node:os';
import path from 'node:path';
import { RAW_DIR, type DatasetCategory } from '../../shared/core/dataset/categories';
import type { DatasetOverview, ScanOutcome, ScanPhase, ScanSummary, SplitSummary, WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import type { ImportResult, UploadChunkResult } from '../../shared/core/dataset/import/import-types';
import type { GroupBy } from '../../shared/core/dataset/manifest';
import type { SavedRecording } from '../../shared/core/dataset/recording/recording-types';
import { scanSummary } from '../../shared/core/dataset/scan-summary';
import { phraseSlug } from '../../shared/core/dataset/synth/voices';
import { DEFAULT_RATIOS, DEFAULT_SEED, type SplitRatios } from '../../shared/core/dataset/split';
import type { DemoResult, NegativeSpeechResult, SynthEngines, SynthPhase, SynthResult } from '../../shared/core/dataset/synth/synth-types';
import type { EventBus } from '../event-bus';
import type { SettingsService } from '../settings-service';
import { importPaths } from '../../node/dataset/import/import-paths';
import { createUploadReceiver, type UploadChunk } from '../../node/dataset/import/import-upload';
import { readManifest } from '../../node/dataset/manifest-store';
import { deleteRecording, saveRecording, type SaveRecordingRequest } from '../../node/dataset/recording/recordings';
import { workspacePhrase } from '../../node/export/export-phrase';
import { freshness, newestRawChange, watchRawFolder, type RawWatcher } from '../../node/dataset/raw-freshness';
import type { WorkerLauncher } from '../../node/training/worker-handle';
import type { ScanParentMessage } from '../../shared/contract/scan-protocol';
import { startScanJob, type RunningScanJob } from './scan-job';
import { readSplitSummary, splitWorkspace } from '../../node/dataset/split-workspace';
import { createDemoWorkspace } from '../../node/dataset/synth/demo-workspace';
import { generateNegativeSpeech } from '../../node/dataset/synth/negative-speech';
import { synthesizeSet } from '../../node/dataset/synth/synthesize-set';
import { discoverVoices, type VoiceCatalog } from '../../node/dataset/synth/voice-catalog';
import { guessWakePhrase } from '../../node/dataset/synth/wake-phrase';
import { createWorkspace, requireDatasetWorkspace, requireOpenableWorkspace, workspaceStatus, WorkspaceError } from '../../node/dataset/workspace';

export const MAX_RECENT_WORKSPACES = 10;

export interface SplitRequest {
  readonly ratios?: SplitRatios;
  readonly seed?: number;
  readonly groupBy?: GroupBy;
}

export interface SynthesizeRequest {
  readonly phrase: string;
  readonly count: number;
  readonly seed?: number;
  readonly negatives?: readonly string[];
  readonly negativeCount?: number;
}

export interface NegativeSpeechRequest {
  readonly hours: number;
  readonly phrase?: string;
  readonly seed?: number;
  readonly voices?: readonly string[];
  readonly excludeVoices?: readonly string[];
}

/** Voice files (.flitevox, piper .onnx) a workspace brings along: `<workspace>/voices/`. */
export const WORKSPACE_VOICES_DIR = 'voices';

export interface DatasetService {
  overview(): Promise<DatasetOverview>;
  openWorkspace(folder: string): WorkspaceStatus;
  createWorkspace(folder: string): Promise<WorkspaceStatus>;
  pickFolder(): Promise<string | null>;
  scan(): Promise<ScanOutcome>;
  cancelScan(): boolean;
  split(request: SplitRequest): Promise<SplitSummary>;
  /** Copies dropped files and folders into data/raw/<category>/ (desktop). */
  /** `confined`: the paths came from a network client (serve), so they must lie inside the workspace. */
  importPaths(category: DatasetCategory, paths: readonly string[], confined?: boolean): Promise<ImportResult>;
  /** One chunk of a browser upload. */
  importUpload(chunk: UploadChunk): Promise<UploadChunkResult>;
  /** Speech engines and voices found (with the open workspace's voices/ folder), and how to install missing ones. */
  synthEngines(): Promise<SynthEngines>;
  /** Speaks positives (and hard negatives) into the open workspace's synthetic/ sub-folders. */
  synthesize(request: SynthesizeRequest): Promise<SynthResult>;
  /** Creates, fills, scans and splits a demo workspace, then opens it. */
  createDemo(folder: string): Promise<DemoResult>;
  /** One recorded take into data/raw/<category>/recorded/ as 16 kHz WAV. */
  saveRecording(request: SaveRecordingRequest): Promise<SavedRecording>;
  /** Removes a recorded take (only files under data/raw/<category>/recorded/). */
  deleteRecording(relative: string): Promise<{ readonly deleted: string }>;
  /** Long files of everyday sentences into data/raw/negative/speech/generated, never saying the wake phrase. */
  negativeSpeech(request: NegativeSpeechRequest): Promise<NegativeSpeechResult>;
  /** Stops a running negative-speech generation (no partial file is kept); whether one was running. */
  cancelSynth(): boolean;
  /** The open workspace, or a WorkspaceError telling the user to open one. */
  currentWorkspace(): string;
}

export interface DatasetServiceOptions {
  readonly bus: EventBus;
  readonly settings: SettingsService;
  /** How the scan process (src/worker/scan.ts) is started: utilityProcess in Electron, a Node child process elsewhere. */
  readonly scanLauncher: WorkerLauncher<ScanParentMessage>;
  /** A native folder chooser; hosts without one (serve) leave it out and the UI offers a text field. */
  readonly pickFolder?: () => Promise<string | null>;
  /** Where speech engines are looked up (PATH, WAKEWORD_VOICES, WAKEWORD_PIPER); tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Quiet time before a burst of changes in data/raw is reported (default 1 s); tests shorten it. */
  readonly watchDebounceMs?: number;
  /** The current configuration's split shares, the default ratios of a split. */
  readonly splitRatios?: () => Promise<SplitRatios | null>;
  /** The split shares of a workspace without a configuration of its own (the default preset's): the demo's split. */
  readonly newWorkspaceSplitRatios?: () => Promise<SplitRatios | null>;
}

/** Accepts "~/..." as people type it; relative paths resolve against the process's folder. */
export function expandUserPath(folder: string): string {
  const trimmed = folder.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  return path.resolve(trimmed);
}

export function createDatasetService(options: DatasetServiceOptions): DatasetService {
  const { bus, settings } = options;
  let running: { readonly workspace: string; readonly job: RunningScanJob; readonly outcome: Promise<ScanOutcome> } | null = null;
  let synthesizing = false;
  let synthAbort: AbortController | null = null;
  const uploads = createUploadReceiver();
  const env = options.env ?? process.env;
  // data/raw of the open workspace is watched (where fs.watch can) so a change made outside the app shows too.
  let watcher: RawWatcher | null = null;
  let watchedChange: number | null = null;
  const watchRaw = (workspace: string): void => {
    const folder = path.join(workspace, RAW_DIR);
    if (watcher?.folder === folder) return;
    watcher?.close();
    watchedChange = null;
    watcher = watchRawFolder(folder, (at) => {
      watchedChange = at;
      bus.emit('dataset:changed', { workspace, changedAt: new Date(at).toISOString() });
    }, options.watchDebounceMs);
  };

  /** The demo's scan, in the scan process like any other (its own progress is the demo's 'scanning' step). */
  const scanInJob = async (workspace: string): Promise<ScanSummary> => {
    const outcome = await startScanJob({ launch: options.scanLauncher, workspace }).outcome;
    if (outcome.status === 'cancelled') throw new Error('the demo workspace scan was cancelled');
    return outcome.summary;
  };

  const synthProgress = (phase: SynthPhase, done: number, total: number): void => bus.emit('dataset:synth-progress', { phase, done, total });

  /** One synthesis at a time: two would fight over the CPU and interleave their progress. */
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    if (synthesizing) throw new Error('samples are already being generated: wait for that to finish');
    synthesizing = true;
    try {
      return await work();
    } finally {
      synthesizing = false;
    }
  };

  /** Engines and voices, with the open workspace's voices/ folder as a source of voice files. */
  const catalogFor = (workspace: string | null): Promise<VoiceCatalog> => {
    const folder = workspace !== null ? [path.join(workspace, WORKSPACE_VOICES_DIR)] : [];
    return discoverVoices({ env, sources: { fliteVoices: folder, piperModels: folder } });
  };

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
      const split = await readSplitSummary(status.path);
      watchRaw(status.path);
      const folders = await newestRawChange(status.path);
      const changed = folders === null && watchedChange === null ? null : Math.max(folders ?? 0, watchedChange ?? 0);
      const time = (iso: string | undefined): number | null => (iso ? Date.parse(iso) : null);
      return {
        workspace: status,
        scan,
        split,
        // Synthesised positives name it, else the one phrase folder (the demo's positive/hey_nova/), as exports do.
        synthPhrase: await workspacePhrase(status.path),
        freshness: freshness(changed, time(scan?.scannedAt), time(split?.createdAt)),
      };
    },

    openWorkspace(folder) {
      const root = requireOpenableWorkspace(expandUserPath(folder));
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
      const workspace = currentWorkspace();
      // Another window or browser tab asking again joins the running scan (its progress events reach every
      // client already); a scan of another workspace has to wait.
      if (running?.workspace === workspace) return running.outcome;
      if (running) throw new Error(`a scan of ${running.workspace} is still running: wait for it or cancel it before scanning ${workspace}`);
      // Before a process starts, so a missing data/raw reads as the usual workspace message.
      requireDatasetWorkspace(workspace);
      const progress = (phase: ScanPhase, done: number, total: number): void => {
        bus.emit('dataset:scan-progress', { workspace, phase, done, total });
      };
      const job = startScanJob({ launch: options.scanLauncher, workspace, onProgress: progress });
      const outcome = job.outcome.then(
        (result): ScanOutcome => {
          if (result.status === 'cancelled') {
            progress('cancelled', 0, 0);
            return result;
          }
          progress('done', result.summary.totalFiles, result.summary.totalFiles);
          return { status: 'completed', summary: result.summary };
        },
        (error: unknown) => {
          progress('failed', 0, 0);
          throw error;
        },
      );
      const current = { workspace, job, outcome };
      running = current;
      // Cleared when the outcome settles, whichever caller is still waiting for it.
      const clear = (): void => {
        if (running === current) running = null;
      };
      outcome.then(clear, clear);
      return outcome;
    },

    cancelScan() {
      if (!running) return false;
      running.job.cancel();
      return true;
    },

    async importPaths(category, paths, confined = false) {
      const workspace = requireDatasetWorkspace(currentWorkspace());
      return importPaths({
        workspace,
        category,
        paths,
        ...(confined ? { confineTo: workspace } : {}),
        onProgress: (done, total, current) => bus.emit('dataset:import-progress', { category, done, total, current }),
      });
    },

    async importUpload(chunk) {
      return uploads.receive(requireDatasetWorkspace(currentWorkspace()), chunk);
    },

    saveRecording: (request) => saveRecording(requireDatasetWorkspace(currentWorkspace()), request),

    deleteRecording: (relative) => deleteRecording(requireDatasetWorkspace(currentWorkspace()), relative),

    async synthEngines() {
      const catalog = await catalogFor(settings.get().workspace);
      return { engines: catalog.engines, voices: catalog.voices };
    },

    async synthesize(request) {
      const workspace = requireDatasetWorkspace(currentWorkspace());
      const catalog = await catalogFor(workspace);
      const voices = catalog.select();
      const seed = request.seed ?? Math.floor(Math.random() * 0x100000000);
      const slug = phraseSlug(request.phrase);
      return exclusive(() =>
        synthesizeSet({
          catalog,
          voices,
          phrase: request.phrase,
          count: request.count,
          seed,
          ...(request.negatives ? { negatives: request.negatives } : {}),
          ...(request.negativeCount ? { negativeCount: request.negativeCount } : {}),
          positivesDir: path.join(workspace, RAW_DIR, 'positive', 'synthetic', slug),
          negativesDir: path.join(workspace, RAW_DIR, 'hard_negative', 'synthetic'),
          showFolder: (folder) => path.relative(workspace, folder).split(path.sep).join('/'),
          onProgress: synthProgress,
        }),
      );
    },

    async createDemo(folder) {
      const catalog = await catalogFor(null);
      const voices = catalog.select();
      return exclusive(async () => {
        // The new folder has no configuration yet, so the Configuration panel will show the default preset's shares: split with those.
        const ratios = await options.newWorkspaceSplitRatios?.().catch(() => null);
        const result = await createDemoWorkspace({ folder: expandUserPath(folder), catalog, voices, onProgress: synthProgress, scan: scanInJob, ...(ratios ? { ratios } : {}) });
        remember(result.workspace.path);
        return result;
      });
    },

    async negativeSpeech(request) {
      const workspace = requireDatasetWorkspace(currentWorkspace());
      const phrase = request.phrase ?? (await guessWakePhrase(workspace));
      if (phrase === null) throw new Error('enter the wake phrase above first: the generated sentences must never say it');
      const catalog = await catalogFor(workspace);
      const voices = catalog.select({ ...(request.voices ? { include: request.voices } : {}), ...(request.excludeVoices ? { exclude: request.excludeVoices } : {}) });
      const seed = request.seed ?? Math.floor(Math.random() * 0x100000000);
      return exclusive(async () => {
        const abort = new AbortController();
        synthAbort = abort;
        try {
          return await generateNegativeSpeech({
            catalog,
            voices,
            hours: request.hours,
            outDir: path.join(workspace, RAW_DIR, 'negative', 'speech', 'generated'),
            wakePhrase: phrase,
            seed,
            signal: abort.signal,
            showFolder: (folder) => path.relative(workspace, folder).split(path.sep).join('/'),
            onProgress: (done, total) => synthProgress('speech', Math.floor(done), Math.round(total)),
          });
        } finally {
          synthAbort = null;
        }
      });
    },

    cancelSynth() {
      if (synthAbort === null) return false;
      synthAbort.abort();
      return true;
    },

    async split(request) {
      const workspace = currentWorkspace();
      // Without ratios, the configuration's split shares: one source for the Dataset and Configuration panels.
      const configured = request.ratios ? null : await options.splitRatios?.().catch(() => null);
      return splitWorkspace(workspace, {
        ratios: request.ratios ?? configured ?? DEFAULT_RATIOS,
        seed: request.seed ?? DEFAULT_SEED,
        groupBy: request.groupBy ?? 'none',
      });
    },
  };
}
