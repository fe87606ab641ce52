import type { Handlers } from '../shared/contract/dispatch';
import type { AppInfoService } from './app-info-service';
import type { ConfigService } from './config/config-service';
import type { DatasetService } from './dataset/dataset-service';
import { evaluationHandlers } from './evaluation/evaluation-handlers';
import type { EvaluationService } from './evaluation/evaluation-service';
import type { ExportService } from './export/export-service';
import type { GpuMonitor } from './gpu/gpu-monitor';
import { openFolderInWorkspace } from '../node/open-folder';
import type { SettingsService } from './settings-service';
import { resumeRun, startTraining } from './training/training-requests';
import type { TrainingService } from './training/training-service';

export interface AppServices {
  readonly appInfo: AppInfoService;
  readonly settings: SettingsService;
  readonly dataset: DatasetService;
  readonly config: ConfigService;
  readonly training: TrainingService;
  readonly gpu: GpuMonitor;
  readonly openFolder: ((folder: string) => Promise<string>) | undefined;
  readonly evaluation: EvaluationService;
  readonly export: ExportService;
}

function workspaceOf(services: AppServices): string {
  const workspace = services.settings.get().workspace;
  if (!workspace) throw new Error('No workspace is open: choose a workspace folder in the Dataset panel first.');
  return workspace;
}

/** The single handler map both hosts register; `satisfies` makes a missing request a compile error. */
export function createHandlers(services: AppServices): Handlers {
  return {
    'app:info': () => services.appInfo.get(),
    'settings:get': () => services.settings.get(),
    'settings:set': (patch) => services.settings.set(patch),
    'config:presets': () => services.config.presets(),
    'config:preset-save': (args) => services.config.savePreset(args),
    'config:preset-delete': (args) => services.config.deletePreset(args),
    'config:resolve': (args) => services.config.resolve(args),
    'config:validate': (args) => services.config.validate(args),
    'config:estimate': (args) => services.config.estimate(args),
    'config:save': (args) => services.config.save(args),
    'config:load': (args) => services.config.load(args),
    'config:list': () => services.config.list(),
    'config:current-get': () => services.config.currentGet(),
    'config:current-set': (args) => services.config.currentSet(args),
    'workspace:open': (args) => services.dataset.openWorkspace(args.path),
    'workspace:create': (args) => services.dataset.createWorkspace(args.path),
    'workspace:pick-folder': () => services.dataset.pickFolder(),
    'dataset:overview': () => services.dataset.overview(),
    'dataset:scan': () => services.dataset.scan(),
    'dataset:cancel-scan': () => services.dataset.cancelScan(),
    'dataset:split': (args) => services.dataset.split(args ?? {}),
    // Paths from outside the workspace come only from the desktop user's own choice (native dialog, drop).
    'dataset:import-paths': (args, context) => services.dataset.importPaths(args.category, args.paths, context.transport !== 'ipc'),
    'dataset:import-upload': (args) => services.dataset.importUpload(args),
    'dataset:synth-engines': () => services.dataset.synthEngines(),
    'dataset:synthesize': (args) => services.dataset.synthesize(args),
    'dataset:create-demo': (args) => services.dataset.createDemo(args.path),
    'dataset:save-recording': (args) => services.dataset.saveRecording(args),
    'dataset:delete-recording': (args) => services.dataset.deleteRecording(args.path),
    'dataset:negative-speech': (args) => services.dataset.negativeSpeech(args),
    'dataset:cancel-synth': () => services.dataset.cancelSynth(),
    'training:start': (args) => startTraining(services, args),
    'training:pause': () => services.training.pause(),
    'training:resume': () => services.training.resumePaused(),
    'training:stop': () => services.training.stop(),
    'training:status': () => services.training.status(),
    'training:runs': () => services.training.runs(workspaceOf(services)),
    'training:run': (args) => services.training.run(workspaceOf(services), args.id),
    'training:resume-run': (args) => resumeRun(services, args),
    ...evaluationHandlers(services.evaluation, () => workspaceOf(services)),
    'gpu:last': () => services.gpu.last(),
    'app:open-folder': (args) => openFolderInWorkspace(args.path, services.settings.get().workspace, services.openFolder),
    // Folders outside the workspace come only from the desktop user's own choice (native dialog, typed path).
    'export:run': (args, context) => services.export.run(workspaceOf(services), args, context.transport === 'ipc' ? 'anywhere' : 'exports'),
    'export:options': (args) => services.export.exportOptions(workspaceOf(services), args.runId),
    'export:pick-folder': () => services.export.pickFolder(),
  } satisfies Handlers;
}
