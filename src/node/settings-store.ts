/**
 * Persistence for settings. The desktop app backs it with electron-store, the CLI and `serve` with conf
 * (the library electron-store is built on) in a folder of their own. A corrupt file is moved aside and
 * reported, never fatal.
 */
import { accessSync, constants, existsSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../shared/error-message';

/** The part of the conf / electron-store API we use; both classes satisfy it. */
export interface JsonStore {
  store: Record<string, unknown>;
  readonly path: string;
}

export interface OpenedStore<T extends JsonStore> {
  readonly store: T;
  /** Set when the file on disk was unreadable and has been moved aside. */
  readonly warning: string | null;
}

/** A store kept in memory only: for a settings file that cannot be read or written. */
function memoryStore(filePath: string, store: Record<string, unknown> = {}): JsonStore {
  return { store, path: filePath };
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ?? errorMessage(error);
}

/**
 * Opens a store, first checking that its file is valid JSON: conf would otherwise throw (or, with
 * clearInvalidConfig, silently drop the user's data). Unreadable is not corrupt: a file or folder we may not
 * read or write (permissions, read-only disk) is left as it is, reported, and settings live in memory for
 * this session; only a file that reads but does not parse is moved aside.
 */
export function openStoreSafely(filePath: string, open: () => JsonStore, now: () => Date = () => new Date()): OpenedStore<JsonStore> {
  let warning: string | null = null;
  let existing: Record<string, unknown> | null = null;
  if (existsSync(filePath)) {
    let text: string;
    try {
      text = readFileSync(filePath, 'utf8');
    } catch (error) {
      return { store: memoryStore(filePath), warning: `Settings file ${filePath} cannot be read (${errorCode(error)}); it was left as it is, and defaults are used for this session (changes will not be saved).` };
    }
    let problem: string | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) problem = 'not a JSON object';
      else existing = parsed as Record<string, unknown>;
    } catch (error) {
      problem = errorMessage(error);
    }
    if (problem !== null) {
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const aside = `${filePath}.corrupt-${stamp}`;
      try {
        renameSync(filePath, aside);
        warning = `Settings file ${filePath} was unreadable (${problem}); it was moved to ${aside} and defaults were restored.`;
      } catch (error) {
        return { store: memoryStore(filePath), warning: `Settings file ${filePath} is not valid JSON (${problem}) and could not be moved aside (${errorCode(error)}); defaults are used for this session (changes will not be saved).` };
      }
    }
  }
  const target = existsSync(filePath) ? filePath : path.dirname(filePath);
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    if (existsSync(target)) return { store: memoryStore(filePath, existing ?? {}), warning: `Settings in ${target} are read-only (${errorCode(error)}): the app runs with them, but changes will not be saved.` };
  }
  try {
    return { store: open(), warning };
  } catch (error) {
    return { store: memoryStore(filePath, existing ?? {}), warning: `Settings file ${filePath} cannot be opened (${errorCode(error)}); changes will not be saved this session.` };
  }
}

/** Where the CLI and `serve` keep their settings (not shared with the desktop app's userData). */
export function cliConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.WAKEWORD_CONFIG_DIR) return env.WAKEWORD_CONFIG_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'wakeword-studio-cli', 'Config');
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'wakeword-studio-cli');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'wakeword-studio-cli');
}

export const SETTINGS_STORE_NAME = 'settings';

export async function openCliSettingsStore(dir = cliConfigDir()): Promise<OpenedStore<JsonStore>> {
  const { default: Conf } = await import('conf');
  return openStoreSafely(path.join(dir, `${SETTINGS_STORE_NAME}.json`), () => new Conf<Record<string, unknown>>({
    projectName: 'wakeword-studio',
    cwd: dir,
    configName: SETTINGS_STORE_NAME,
  }));
}
