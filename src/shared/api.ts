/**
 * The one contract between the UI and the services. Every request (name, argument schema, result type)
 * and every event (name, payload type) is listed here; Electron IPC and the `serve` WebSocket both carry it.
 * Argument schemas are zod so every host validates at runtime what TypeScript checks at compile time.
 */
import { z } from 'zod';

export const BACKEND_IDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKEND_IDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

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
}

export const THEMES = ['system', 'light', 'dark'] as const;

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
} as const;

/** Requests: name -> result type. Keys must match `requestSchemas` (checked below). */
export interface RequestResults {
  'app:info': AppInfo;
  'settings:get': Settings;
  'settings:set': Settings;
}

/** Events: name -> payload type. */
export interface EventPayloads {
  'settings:changed': Settings;
}

export type RequestName = keyof typeof requestSchemas;
export type EventName = keyof EventPayloads;
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
export type ParsedArgs<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;
export type RequestResult<K extends RequestName> = RequestResults[K];
/** Requests without arguments are called as `invoke('app:info')`. */
export type ArgsTuple<K extends RequestName> = undefined extends RequestArgs<K> ? [args?: RequestArgs<K>] : [args: RequestArgs<K>];

export const REQUEST_NAMES = Object.freeze(Object.keys(requestSchemas)) as readonly RequestName[];
export const EVENT_NAMES = Object.freeze(['settings:changed'] as const satisfies readonly EventName[]);

// Compile-time guards: a request with a schema but no result type (or an event missing from EVENT_NAMES) fails here.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestKeysMatch: Exact<RequestName, keyof RequestResults> = true;
const eventNamesComplete: Exact<(typeof EVENT_NAMES)[number], EventName> = true;
void requestKeysMatch;
void eventNamesComplete;

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/** What `window.api` is, in the desktop app (preload) and in the browser (WebSocket). */
export interface WakewordApi {
  readonly host: HostKind;
  invoke<K extends RequestName>(name: K, ...args: ArgsTuple<K>): Promise<RequestResult<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export type ApiErrorCode = 'invalid-args' | 'unknown-request' | 'forbidden' | 'failed' | 'disconnected';

export interface ApiErrorPayload {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** Dotted path of the offending argument field, for validation errors. */
  readonly field?: string;
}

/** Results cross process boundaries as envelopes: thrown errors lose their fields over IPC. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorPayload };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.field = payload.field;
  }
}

export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error);
}
