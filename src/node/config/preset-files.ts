import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_PRESETS, NAME_PATTERN, parsePreset, type Preset } from '../../shared/config/presets';
import { readJsonFile } from './json-file';
import { errorMessage } from '../../shared/error-message';

export interface LoadedPresets {
  readonly presets: readonly Preset[];
  /** Files that could not be used, each naming the file and the field. */
  readonly problems: readonly string[];
}

export function presetsDir(root: string): string {
  return path.join(root, 'presets');
}

const order = (name: string): number => {
  const index = (BUILT_IN_PRESETS as readonly string[]).indexOf(name);
  return index === -1 ? BUILT_IN_PRESETS.length : index;
};

/** The built-in presets shipped in `presets/*.json`, in the documented order (fast, default, ...). */
export async function loadBuiltInPresets(dir: string): Promise<LoadedPresets> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length));
  } catch (error) {
    return { presets: [], problems: [`presets folder ${dir} cannot be read (${errorMessage(error)})`] };
  }
  const presets: Preset[] = [];
  const problems: string[] = [];
  for (const name of names.filter((n) => NAME_PATTERN.test(n)).sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    try {
      const parsed = parsePreset(name, await readJsonFile(path.join(dir, `${name}.json`), `presets/${name}.json`), true);
      if ('preset' in parsed) presets.push(parsed.preset);
      else problems.push(parsed.error);
    } catch (error) {
      problems.push(errorMessage(error));
    }
  }
  return { presets, problems };
}

/**
 * The one built-in preset `name` (`presets/<name>.json`), or null when there is no such file or it is not a
 * valid preset: callers that need a single preset (`wakeword features`) skip reading, validating and
 * ordering the others, and fall back to loadBuiltInPresets, whose messages name the problem, on null.
 */
export async function loadBuiltInPreset(dir: string, name: string): Promise<Preset | null> {
  if (!NAME_PATTERN.test(name)) return null;
  try {
    const parsed = parsePreset(name, await readJsonFile(path.join(dir, `${name}.json`), `presets/${name}.json`), true);
    return 'preset' in parsed ? parsed.preset : null;
  } catch {
    return null;
  }
}
