/**
 * Persisted configuration state: the current (last used) config per workspace and the user's presets.
 * Kept in its own store file beside the settings (electron-store's userData in the app, the CLI's conf
 * folder otherwise) and read defensively: a corrupt file is moved aside by openStoreSafely, and entries
 * that do not match the schema are dropped and reported rather than crashing anything.
 */
import path from 'node:path';
import { z } from 'zod';
import { NAME_PATTERN } from '../../shared/config/presets';
import { openStoreSafely, type JsonStore, type OpenedStore } from '../settings-store';
import { errorMessage } from '../../shared/error-message';

export const CONFIG_STATE_STORE_NAME = 'config-state';
export const CONFIG_STATE_VERSION = 1;
/** Oldest workspaces are forgotten beyond this, so the file cannot grow without bound. */
export const MAX_REMEMBERED_WORKSPACES = 50;

const configJson = z.record(z.string(), z.unknown());
const currentSchema = z.object({
  preset: z.string().regex(NAME_PATTERN).nullable(),
  name: z.string().regex(NAME_PATTERN).nullable(),
  config: configJson,
  updatedAt: z.string(),
});
const userPresetSchema = z.object({ description: z.string().min(1).max(500), config: configJson });

export type StoredCurrent = z.infer<typeof currentSchema>;
export type StoredUserPreset = z.infer<typeof userPresetSchema>;

interface ConfigState {
  readonly current: Readonly<Record<string, StoredCurrent>>;
  readonly userPresets: Readonly<Record<string, StoredUserPreset>>;
}

/** Key for the state of "no workspace open". */
export const NO_WORKSPACE = '';

export class ConfigStateStore {
  private readonly store: JsonStore;
  /** Problems found while reading (dropped entries), reported once per distinct message. */
  readonly problems = new Set<string>();

  constructor(store: JsonStore) {
    this.store = store;
  }

  private read(): ConfigState {
    const raw = this.store.store;
    const version = raw.version;
    if (version !== undefined && version !== CONFIG_STATE_VERSION) {
      this.problems.add(`${this.store.path}: written by a newer Wakeword Studio (state version ${String(version)}); its configs are ignored`);
      return { current: {}, userPresets: {} };
    }
    return {
      current: this.entries(raw.current, currentSchema, 'current config for workspace'),
      userPresets: this.entries(raw.userPresets, userPresetSchema, 'user preset'),
    };
  }

  private entries<T>(value: unknown, schema: z.ZodType<T>, what: string): Record<string, T> {
    const out: Record<string, T> = {};
    if (value === undefined) return out;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.add(`${this.store.path}: the ${what} list is malformed and was ignored`);
      return out;
    }
    for (const [key, entry] of Object.entries(value)) {
      const parsed = schema.safeParse(entry);
      if (parsed.success) out[key] = parsed.data;
      else this.problems.add(`${this.store.path}: ${what} ${JSON.stringify(key)} is malformed and was ignored`);
    }
    return out;
  }

  private write(state: ConfigState): void {
    this.store.store = { version: CONFIG_STATE_VERSION, current: state.current, userPresets: state.userPresets };
  }

  getCurrent(workspace: string): StoredCurrent | null {
    return this.read().current[workspace] ?? null;
  }

  setCurrent(workspace: string, value: StoredCurrent): void {
    const state = this.read();
    const entries = Object.entries({ ...state.current, [workspace]: value })
      .sort(([, a], [, b]) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, MAX_REMEMBERED_WORKSPACES);
    this.write({ ...state, current: Object.fromEntries(entries) });
  }

  userPresets(): Readonly<Record<string, StoredUserPreset>> {
    return this.read().userPresets;
  }

  saveUserPreset(name: string, preset: StoredUserPreset): void {
    const state = this.read();
    this.write({ ...state, userPresets: { ...state.userPresets, [name]: preset } });
  }

  deleteUserPreset(name: string): boolean {
    const state = this.read();
    if (!(name in state.userPresets)) return false;
    const { [name]: _removed, ...rest } = state.userPresets;
    this.write({ ...state, userPresets: rest });
    return true;
  }
}

/** Opens `<dir>/config-state.json` with conf (what electron-store is built on), moving a corrupt file aside. */
export async function openConfigStateStore(dir: string): Promise<OpenedStore<JsonStore>> {
  const { default: Conf } = await import('conf');
  return openStoreSafely(path.join(dir, `${CONFIG_STATE_STORE_NAME}.json`), () => new Conf<Record<string, unknown>>({
    projectName: 'wakeword-studio',
    cwd: dir,
    configName: CONFIG_STATE_STORE_NAME,
  }));
}

/** A store that lives only as long as the process: for tests and hosts without a settings folder. */
export function createMemoryStore(): JsonStore {
  return { store: {}, path: 'memory' };
}

/**
 * The config state file lives beside the settings file; a settings store without a real path (tests)
 * gets an in-memory one. Failing to open it never fails the app: the state is then kept in memory.
 */
export async function openConfigStateStoreBeside(settingsStore: JsonStore): Promise<OpenedStore<JsonStore>> {
  if (!path.isAbsolute(settingsStore.path)) return { store: createMemoryStore(), warning: null };
  const dir = path.dirname(settingsStore.path);
  try {
    return await openConfigStateStore(dir);
  } catch (error) {
    const reason = errorMessage(error);
    return { store: createMemoryStore(), warning: `Configuration state in ${dir} cannot be opened (${reason}); changes will not survive a restart.` };
  }
}
