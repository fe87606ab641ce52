import { vi } from 'vitest';
import type { AppInfo, EventName, EventPayloads, RequestName, RequestResult, WakewordApi } from '../../shared/contract/api';
import { ApiError, DEFAULT_SETTINGS } from '../../shared/contract/api';
import { errorMessage } from '../../shared/error-message';

export type FakeResponders = { [K in RequestName]?: (args: unknown) => RequestResult<K> | Promise<RequestResult<K>> };

export const FAKE_APP_INFO: AppInfo = {
  name: 'wakeword-studio',
  version: '9.9.9',
  platform: 'linux',
  arch: 'x64',
  host: 'serve',
  versions: { node: '20.0.0' },
  backends: [
    { id: 'tensorflow', available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' },
    { id: 'wasm', available: true, reason: 'WebAssembly with SIMD' },
    { id: 'cpu', available: true, reason: 'plain JavaScript' },
  ],
  selectedBackend: { id: 'wasm', reason: 'wasm: WebAssembly with SIMD; tensorflow skipped: not installed' },
  gpu: { available: false, detail: 'no NVIDIA GPU (nvidia-smi not found)' },
  warnings: [],
  canOpenFolders: false,
};

/** A window.api typed against the contract, for component tests: records calls, emits events on demand. */
export function createFakeApi(responders: FakeResponders = {}) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const defaults: FakeResponders = {
    'app:info': () => FAKE_APP_INFO,
    'settings:get': () => DEFAULT_SETTINGS,
    'settings:set': (patch) => ({ ...DEFAULT_SETTINGS, ...(patch as object) }),
    'dataset:overview': () => ({ workspace: null, scan: null, split: null }),
  };
  const all = { ...defaults, ...responders } as Record<string, (args: unknown) => unknown>;
  const invoke = vi.fn(async (name: RequestName, args?: unknown) => {
    const responder = all[name];
    if (!responder) throw new Error(`fake api: no responder for ${name}`);
    // As dispatch does: a responder's failure reaches the panel as an ApiError carrying the request name beside the message.
    try {
      return await responder(args);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError({ code: 'failed', message: errorMessage(error), request: name });
    }
  });
  const api: WakewordApi = {
    host: 'serve',
    invoke: invoke as unknown as WakewordApi['invoke'],
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { api, invoke, emit };
}
