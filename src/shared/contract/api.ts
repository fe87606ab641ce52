/**
 * The one contract between the UI and the services. Every request (name, argument schema, result type)
 * and every event (name, payload type) is listed here; Electron IPC and the `serve` WebSocket both carry it.
 * Argument schemas are zod so every host validates at runtime what TypeScript checks at compile time.
 */
import { z } from 'zod';
import { EVENT_NAME_LIST, isEventName, isRequestName, REQUEST_NAME_LIST } from './contract-names';
import type { GpuSnapshot } from '../gpu';
import type { RunDetail, RunSummary } from '../run-meta';
import type { BatchProgress } from './trainer-protocol';
import type { LogLine, TrainingStartResult, TrainingStatus } from '../training-status';
import { configRequestSchemas, type ConfigEventPayloads, type ConfigRequestResults } from './config-contract';
import { datasetRequestSchemas, type DatasetEventPayloads, type DatasetRequestResults } from './dataset-contract';
import { evaluationRequestSchemas, type EvaluationEventPayloads, type EvaluationRequestResults } from './evaluation-contract';
import { exportRequestSchemas, type ExportEventPayloads, type ExportRequestResults } from './export-contract';

import { BACKEND_CHOICES, type BackendId } from './backend-choices';

export { BACKEND_CHOICES, BACKEND_IDS, type BackendChoice, type BackendId } from './backend-choices';

export interface BackendStatus {
  readonly id: BackendId;
  readonly available: boolean;
  /** Why it is or is not usable, in words a user can act on. */
  readonly reason: string;
}

export interface BackendSelection {
  readonly id: BackendId;
  readonly reason: string;
}

export interface GpuStatus {
  readonly available: boolean;
  readonly detail: string;
}

export type HostKind = 'electron' | 'serve';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  readonly host: HostKind;
  readonly versions: Readonly<Record<string, string>>;
  readonly backends: readonly BackendStatus[];
  /** The backend `auto` resolves to, and why the ones before it were skipped. */
  readonly selectedBackend: BackendSelection;
  readonly gpu: GpuStatus;
  /** Problems found at start-up that the user should know about (e.g. a corrupt settings file moved aside). */
  readonly warnings: readonly string[];
  /** The desktop app can show a folder in the file manager; a browser on `serve` cannot. */
  readonly canOpenFolders: boolean;
}

export type OpenFolderResult = { readonly opened: true } | { readonly opened: false; readonly reason: string };

export const THEMES = ['system', 'light', 'dark'] as const;

export const PANEL_IDS = ['dataset', 'configuration', 'training', 'evaluation', 'export'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export const settingsSchema = z.strictObject({
  theme: z.enum(THEMES),
  backend: z.enum(BACKEND_CHOICES),
  workspace: z.string().min(1).max(4096).nullable(),
  recentWorkspaces: z.array(z.string().min(1).max(4096)).max(10),
  gpuPolling: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  backend: 'auto',
  workspace: null,
  recentWorkspaces: [],
  gpuPolling: true,
};

const noArgs = z.undefined();

/** Requests: name -> argument schema. Names read `domain:verb`. */
export const requestSchemas = {
  'app:info': noArgs,
  'settings:get': noArgs,
  'settings:set': settingsSchema.partial(),
  // Configuration (argument schemas and result types: ./config/contract.ts)
  'config:presets': configRequestSchemas['config:presets'],
  'config:preset-save': configRequestSchemas['config:preset-save'],
  'config:preset-delete': configRequestSchemas['config:preset-delete'],
  'config:resolve': configRequestSchemas['config:resolve'],
  'config:validate': configRequestSchemas['config:validate'],
  'config:estimate': configRequestSchemas['config:estimate'],
  'config:save': configRequestSchemas['config:save'],
  'config:load': configRequestSchemas['config:load'],
  'config:list': configRequestSchemas['config:list'],
  'config:current-get': configRequestSchemas['config:current-get'],
  'config:current-set': configRequestSchemas['config:current-set'],
  // Workspace and dataset (argument schemas and result types: ./core/dataset/contract.ts)
  'workspace:open': datasetRequestSchemas['workspace:open'],
  'workspace:create': datasetRequestSchemas['workspace:create'],
  'workspace:pick-folder': datasetRequestSchemas['workspace:pick-folder'],
  'dataset:overview': datasetRequestSchemas['dataset:overview'],
  'dataset:scan': datasetRequestSchemas['dataset:scan'],
  'dataset:cancel-scan': datasetRequestSchemas['dataset:cancel-scan'],
  'dataset:split': datasetRequestSchemas['dataset:split'],
  'dataset:import-paths': datasetRequestSchemas['dataset:import-paths'],
  'dataset:import-upload': datasetRequestSchemas['dataset:import-upload'],
  'dataset:synth-engines': datasetRequestSchemas['dataset:synth-engines'],
  'dataset:synthesize': datasetRequestSchemas['dataset:synthesize'],
  'dataset:create-demo': datasetRequestSchemas['dataset:create-demo'],
  'dataset:save-recording': datasetRequestSchemas['dataset:save-recording'],
  'dataset:delete-recording': datasetRequestSchemas['dataset:delete-recording'],
  'dataset:negative-speech': datasetRequestSchemas['dataset:negative-speech'],
  'dataset:cancel-synth': datasetRequestSchemas['dataset:cancel-synth'],
  // Evaluation and detection (argument schemas and result types: ./core/evaluation/contract.ts)
  'evaluation:run': evaluationRequestSchemas['evaluation:run'],
  'evaluation:operating-point': evaluationRequestSchemas['evaluation:operating-point'],
  'evaluation:save-operating-point': evaluationRequestSchemas['evaluation:save-operating-point'],
  'evaluation:clip': evaluationRequestSchemas['evaluation:clip'],
  'evaluation:add-hard-negative': evaluationRequestSchemas['evaluation:add-hard-negative'],
  'evaluation:pick-files': evaluationRequestSchemas['evaluation:pick-files'],
  'evaluation:upload': evaluationRequestSchemas['evaluation:upload'],
  'evaluation:score-files': evaluationRequestSchemas['evaluation:score-files'],
  'evaluation:file-audio': evaluationRequestSchemas['evaluation:file-audio'],
  'detection:run': evaluationRequestSchemas['detection:run'],
  'detection:segment-audio': evaluationRequestSchemas['detection:segment-audio'],
  'detection:save-candidate': evaluationRequestSchemas['detection:save-candidate'],
  'detection:stream-start': evaluationRequestSchemas['detection:stream-start'],
  'detection:stream-chunk': evaluationRequestSchemas['detection:stream-chunk'],
  'detection:stream-stop': evaluationRequestSchemas['detection:stream-stop'],
  'training:start': z.strictObject({
    /** Defaults to the workspace's current config (what the Configuration panel shows). */
    preset: z.string().max(64).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    sets: z.array(z.string().max(1000)).max(200).optional(),
    runName: z.string().trim().min(1).max(60).optional(),
    backend: z.enum(BACKEND_CHOICES).optional(),
  }),
  'training:pause': noArgs,
  'training:resume': noArgs,
  'training:stop': noArgs,
  'training:status': noArgs,
  'training:runs': noArgs,
  'training:run': z.strictObject({ id: z.string().min(1).max(100) }),
  'training:resume-run': z.strictObject({ id: z.string().min(1).max(100), checkpoint: z.string().regex(/^epoch-\d+$/).optional() }),
  'gpu:last': noArgs,
  'app:open-folder': z.strictObject({ path: z.string().min(1).max(4096) }),
  // Export (argument schemas and result types: ./export/contract.ts)
  'export:run': exportRequestSchemas['export:run'],
  'export:options': exportRequestSchemas['export:options'],
  'export:pick-folder': exportRequestSchemas['export:pick-folder'],
} as const;

/** Requests: name -> result type. Keys must match `requestSchemas` (checked below). */
export interface RequestResults {
  'app:info': AppInfo;
  'settings:get': Settings;
  'settings:set': Settings;
  'training:start': TrainingStartResult;
  'training:pause': TrainingStatus;
  'training:resume': TrainingStatus;
  'training:stop': TrainingStatus;
  'training:status': TrainingStatus;
  'training:runs': readonly RunSummary[];
  'training:run': RunDetail;
  'training:resume-run': TrainingStartResult;
  'gpu:last': GpuSnapshot | null;
  'app:open-folder': OpenFolderResult;
  'config:presets': ConfigRequestResults['config:presets'];
  'config:preset-save': ConfigRequestResults['config:preset-save'];
  'config:preset-delete': ConfigRequestResults['config:preset-delete'];
  'config:resolve': ConfigRequestResults['config:resolve'];
  'config:validate': ConfigRequestResults['config:validate'];
  'config:estimate': ConfigRequestResults['config:estimate'];
  'config:save': ConfigRequestResults['config:save'];
  'config:load': ConfigRequestResults['config:load'];
  'config:list': ConfigRequestResults['config:list'];
  'config:current-get': ConfigRequestResults['config:current-get'];
  'config:current-set': ConfigRequestResults['config:current-set'];
  'workspace:open': DatasetRequestResults['workspace:open'];
  'workspace:create': DatasetRequestResults['workspace:create'];
  'workspace:pick-folder': DatasetRequestResults['workspace:pick-folder'];
  'dataset:overview': DatasetRequestResults['dataset:overview'];
  'dataset:scan': DatasetRequestResults['dataset:scan'];
  'dataset:cancel-scan': DatasetRequestResults['dataset:cancel-scan'];
  'dataset:split': DatasetRequestResults['dataset:split'];
  'dataset:import-paths': DatasetRequestResults['dataset:import-paths'];
  'dataset:import-upload': DatasetRequestResults['dataset:import-upload'];
  'dataset:synth-engines': DatasetRequestResults['dataset:synth-engines'];
  'dataset:synthesize': DatasetRequestResults['dataset:synthesize'];
  'dataset:create-demo': DatasetRequestResults['dataset:create-demo'];
  'dataset:save-recording': DatasetRequestResults['dataset:save-recording'];
  'dataset:delete-recording': DatasetRequestResults['dataset:delete-recording'];
  'dataset:negative-speech': DatasetRequestResults['dataset:negative-speech'];
  'dataset:cancel-synth': DatasetRequestResults['dataset:cancel-synth'];
  'evaluation:run': EvaluationRequestResults['evaluation:run'];
  'evaluation:operating-point': EvaluationRequestResults['evaluation:operating-point'];
  'evaluation:save-operating-point': EvaluationRequestResults['evaluation:save-operating-point'];
  'evaluation:clip': EvaluationRequestResults['evaluation:clip'];
  'evaluation:add-hard-negative': EvaluationRequestResults['evaluation:add-hard-negative'];
  'evaluation:pick-files': EvaluationRequestResults['evaluation:pick-files'];
  'evaluation:upload': EvaluationRequestResults['evaluation:upload'];
  'evaluation:score-files': EvaluationRequestResults['evaluation:score-files'];
  'evaluation:file-audio': EvaluationRequestResults['evaluation:file-audio'];
  'detection:run': EvaluationRequestResults['detection:run'];
  'detection:segment-audio': EvaluationRequestResults['detection:segment-audio'];
  'detection:save-candidate': EvaluationRequestResults['detection:save-candidate'];
  'detection:stream-start': EvaluationRequestResults['detection:stream-start'];
  'detection:stream-chunk': EvaluationRequestResults['detection:stream-chunk'];
  'detection:stream-stop': EvaluationRequestResults['detection:stream-stop'];
  'export:run': ExportRequestResults['export:run'];
  'export:options': ExportRequestResults['export:options'];
  'export:pick-folder': ExportRequestResults['export:pick-folder'];
}

/** Events: name -> payload type. */
export interface EventPayloads {
  'settings:changed': Settings;
  /** Every state change of the current run, with its whole history (a reloaded window needs nothing else). */
  'training:status': TrainingStatus;
  /** Batch progress, at most ~4 per second. */
  'training:batch': BatchProgress;
  'training:log': LogLine;
  /** nvidia-smi readings, once a second while a GPU is present. */
  'gpu:reading': GpuSnapshot;
  /** The host asks the UI to show a panel (e.g. a click on the "training finished" notification). */
  'app:show-panel': { readonly panel: PanelId };
  'config:current-changed': ConfigEventPayloads['config:current-changed'];
  'dataset:scan-progress': DatasetEventPayloads['dataset:scan-progress'];
  'dataset:import-progress': DatasetEventPayloads['dataset:import-progress'];
  'dataset:changed': DatasetEventPayloads['dataset:changed'];
  'dataset:synth-progress': DatasetEventPayloads['dataset:synth-progress'];
  'evaluation:progress': EvaluationEventPayloads['evaluation:progress'];
  'export:progress': ExportEventPayloads['export:progress'];
}

export type RequestName = keyof typeof requestSchemas;
export type EventName = keyof EventPayloads;
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
export type ParsedArgs<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;
export type RequestResult<K extends RequestName> = RequestResults[K];
/** Requests without arguments are called as `invoke('app:info')`. */
export type ArgsTuple<K extends RequestName> = undefined extends RequestArgs<K> ? [args?: RequestArgs<K>] : [args: RequestArgs<K>];

export const REQUEST_NAMES: readonly RequestName[] = REQUEST_NAME_LIST;
export const EVENT_NAMES: readonly EventName[] = EVENT_NAME_LIST;

// Compile-time guards: a request with a schema but no result type (or an event missing from EVENT_NAMES) fails here.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestKeysMatch: Exact<RequestName, keyof RequestResults> = true;
// Every request and event a domain file defines is listed above (a forgotten one fails to compile here).
type DomainRequestName = keyof typeof configRequestSchemas | keyof typeof datasetRequestSchemas | keyof typeof evaluationRequestSchemas | keyof typeof exportRequestSchemas;
type DomainEventName = keyof ConfigEventPayloads | keyof DatasetEventPayloads | keyof EvaluationEventPayloads | keyof ExportEventPayloads;
const domainRequestsListed: Exact<Extract<RequestName, DomainRequestName>, DomainRequestName> = true;
const domainEventsListed: Exact<Extract<EventName, DomainEventName>, DomainEventName> = true;
void domainRequestsListed;
void domainEventsListed;
const eventNamesComplete: Exact<(typeof EVENT_NAME_LIST)[number], EventName> = true;
// The preload's name lists (contract-names.ts, no zod) name exactly the contract's requests.
const requestNamesComplete: Exact<(typeof REQUEST_NAME_LIST)[number], RequestName> = true;
void requestNamesComplete;
void requestKeysMatch;
void eventNamesComplete;

export { isEventName, isRequestName };

/** What `window.api` is, in the desktop app (preload) and in the browser (WebSocket). */
export interface WakewordApi {
  readonly host: HostKind;
  invoke<K extends RequestName>(name: K, ...args: ArgsTuple<K>): Promise<RequestResult<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Desktop only: the path of a dropped or chosen file (Electron's webUtils.getPathForFile); browsers upload bytes instead. */
  readonly pathForFile?: (file: File) => string;
}

export { ApiError, unwrapEnvelope, type ApiErrorCode, type ApiErrorPayload, type Envelope } from './envelope';
