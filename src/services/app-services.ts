import type { HostKind } from '../shared/contract/api';
import { createAppInfoService } from './app-info-service';
import { createConfigService } from './config/config-service';
import { openConfigStateStoreBeside } from '../node/config/config-state-store';
import { presetsDir } from '../node/config/preset-files';
import { createDatasetService } from './dataset/dataset-service';
import { EvaluationService } from './evaluation/evaluation-service';
import { ExportService } from './export/export-service';
import { configSplitRatios } from '../shared/core/dataset/config-split';
import { DEFAULT_PRESET } from '../shared/config/presets';
import type { ExportParentMessage } from '../shared/contract/export-protocol';
import type { EvaluatorRequest } from '../shared/contract/evaluator-protocol';
import type { ScanParentMessage } from '../shared/contract/scan-protocol';
import { EventBus } from './event-bus';
import { GpuMonitor } from './gpu/gpu-monitor';
import { createHandlers, type AppServices } from './handlers';
import { createSettingsService } from './settings-service';
import type { JsonStore, OpenedStore } from '../node/settings-store';
import type { TrainingStatus } from '../shared/training-status';
import { TrainingService } from './training/training-service';
import { nodeWorkerLauncher, type WorkerLauncher } from '../node/training/worker-handle';
import path from 'node:path';
import { readPackageVersion } from '../node/project-root';
import type { Handlers } from '../shared/contract/dispatch';

export interface ServiceHost {
  readonly bus: EventBus;
  readonly services: AppServices;
  readonly handlers: Handlers;
}

export interface ServiceHostOptions {
  readonly host: HostKind;
  readonly root: string;
  readonly settingsStore: JsonStore;
  readonly warnings: readonly string[];
  /** Config state (current config per workspace, user presets); by default a file beside the settings. */
  readonly configStore?: Promise<OpenedStore<JsonStore>>;
  /** A native folder chooser (Electron's dialog); hosts without one leave it out. */
  readonly pickFolder?: () => Promise<string | null>;
  /** The same chooser, titled for an export's output folder. */
  readonly pickExportFolder?: () => Promise<string | null>;
  /** A native chooser for audio files to evaluate; hosts without one leave it out. */
  readonly pickAudioFiles?: () => Promise<readonly string[]>;
  /** Shows a folder in the system file manager (Electron's shell.openPath); hosts without one leave it out. */
  readonly openFolder?: (folder: string) => Promise<string>;
  /** How the trainer process is started: utilityProcess in Electron, a Node child process elsewhere. */
  readonly trainerLauncher?: WorkerLauncher;
  /** How the evaluator process (evaluation, detection) is started; same choice as the trainer's. */
  readonly evaluatorLauncher?: WorkerLauncher<EvaluatorRequest>;
  /** How the export process is started; same choice as the trainer's. */
  readonly exportLauncher?: WorkerLauncher<ExportParentMessage>;
  /** How the dataset scan process is started; same choice as the trainer's. */
  readonly scanLauncher?: WorkerLauncher<ScanParentMessage>;
  /** Desktop integration (tray, notifications, taskbar progress). */
  readonly onTrainingProgress?: (status: TrainingStatus) => void;
  readonly onTrainingFinished?: (status: TrainingStatus) => void;
}

/** Wires the plain-Node services together; the Electron app, `serve` and tests all start here. */
export function createServiceHost(options: ServiceHostOptions): ServiceHost {
  const bus = new EventBus();
  const settings = createSettingsService(options.settingsStore, bus);
  // appInfo reports this array by reference, so a problem found while opening a store later still shows.
  const warnings = [...options.warnings];
  const appInfo = createAppInfoService({ host: options.host, root: options.root, settings: settings.get, warnings, canOpenFolders: options.openFolder !== undefined });
  const configStore = options.configStore ?? openConfigStateStoreBeside(options.settingsStore);
  void configStore.then(({ warning }) => {
    if (warning) warnings.push(warning);
  });
  const dataset = createDatasetService({
    bus,
    settings,
    scanLauncher: options.scanLauncher ?? nodeWorkerLauncher<ScanParentMessage>({ entry: path.join(options.root, 'out', 'main', 'scan.js') }),
    ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
    // `config` is created below (it asks the dataset for the training split's size); read only when splitting.
    splitRatios: async () => configSplitRatios((await config.currentGet()).config),
    newWorkspaceSplitRatios: async () => configSplitRatios((await config.presets()).find((preset) => preset.name === DEFAULT_PRESET)?.config ?? {}),
  });
  const config = createConfigService({
    presetsDir: presetsDir(options.root),
    store: configStore,
    workspace: () => settings.get().workspace,
    bus,
    autoBackend: async () => (await appInfo.get()).selectedBackend.id,
    // The batch-size check and epoch-time estimate use the real training split once there is one.
    trainClips: async () => (await dataset.overview()).split?.counts.train.files ?? null,
  });
  const training = new TrainingService({
    launch: options.trainerLauncher ?? nodeWorkerLauncher({ entry: path.join(options.root, 'out', 'main', 'worker.js') }),
    bus,
    versions: { app: readPackageVersion(options.root), node: process.versions.node },
    ...(options.onTrainingProgress ? { onProgress: options.onTrainingProgress } : {}),
    ...(options.onTrainingFinished ? { onFinished: options.onTrainingFinished } : {}),
  });
  // Polled only while enabled in settings; stops by itself where there is no nvidia-smi.
  const gpu = new GpuMonitor({ onReading: (snapshot) => bus.emit('gpu:reading', snapshot) });
  if (settings.get().gpuPolling) gpu.start();
  const evaluation = new EvaluationService({
    launch: options.evaluatorLauncher ?? nodeWorkerLauncher<EvaluatorRequest>({ entry: path.join(options.root, 'out', 'main', 'evaluate.js') }),
    bus,
    ...(options.pickAudioFiles ? { pickAudioFiles: options.pickAudioFiles } : {}),
  });
  const exportService = new ExportService({
    launch: options.exportLauncher ?? nodeWorkerLauncher<ExportParentMessage>({ entry: path.join(options.root, 'out', 'main', 'export.js') }),
    bus,
    appVersion: readPackageVersion(options.root),
    backend: () => settings.get().backend,
    ...(options.pickExportFolder ? { pickFolder: options.pickExportFolder } : {}),
  });
  const services: AppServices = { appInfo, settings, config, dataset, training, gpu, evaluation, export: exportService, openFolder: options.openFolder };
  return { bus, services, handlers: createHandlers(services) };
}
