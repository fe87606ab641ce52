/**
 * Persistence for settings. The desktop app backs it with electron-store, the CLI and `serve` with conf
 * (the library electron-store is built on) in a folder of their own. A corrupt file is moved aside and
 * reported, never fatal.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/**
 * Opens a store, first checking that its file is valid JSON: conf would otherwise throw (or, with
 * clearInvalidConfig, silently drop the user's data).
 */
export function openStoreSafely<T extends JsonStore>(filePath: string, open: () => T, now: () => Date = () => new Date()): OpenedStore<T> {
  let warning: string | null = null;
  if (existsSync(filePath)) {
    let problem: string | null = null;
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) problem = 'not a JSON object';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== null) {
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const aside = `${filePath}.corrupt-${stamp}`;
      renameSync(filePath, aside);
      warning = `Settings file ${filePath} was unreadable (${problem}); it was moved to ${aside} and defaults were restored.`;
    }
  }
  return { store: open(), warning };
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
