/**
 * Saved configs in a workspace: `<workspace>/configs/<name>.json`, written atomically so a crash never
 * leaves half a file. Loading migrates older versions and validates; errors name the file and the field.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig, SavedConfig, SavedConfigSummary } from '../../shared/contract/config-contract';
import { getAtPath } from '../../shared/config/fields';
import { checkName } from '../../shared/config/presets';
import type { TrainingConfig } from '../../shared/config/schema';
import { checkConfig, formatIssue } from '../../shared/config/validate';
import { writeJsonAtomic } from '../fs/atomic-write';
import { readJsonFile } from './json-file';
import { errorMessage } from '../../shared/error-message';

export const CONFIGS_FOLDER = 'configs';

export function configPath(workspace: string, name: string): string {
  const problem = checkName(name, 'config');
  if (problem) throw new Error(problem);
  return path.join(workspace, CONFIGS_FOLDER, `${name}.json`);
}

export async function saveConfigFile(workspace: string, name: string, config: TrainingConfig, overwrite = true): Promise<SavedConfig> {
  const file = configPath(workspace, name);
  if (!overwrite) {
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    if (exists) throw new Error(`${CONFIGS_FOLDER}/${name}.json already exists; choose another name or overwrite it`);
  }
  await writeJsonAtomic(file, config);
  return { name, path: file, config };
}

export async function loadConfigFile(workspace: string, name: string): Promise<LoadedConfig> {
  const file = configPath(workspace, name);
  const shown = `${CONFIGS_FOLDER}/${name}.json`;
  const result = checkConfig(await readJsonFile(file, shown));
  if (!result.config) throw new Error(`${shown}: ${result.errors.map(formatIssue).join('; ')}`);
  return { name, path: file, config: result.config, migratedFrom: result.migratedFrom ?? null, warnings: result.warnings };
}

export async function listConfigFiles(workspace: string): Promise<SavedConfigSummary[]> {
  const dir = path.join(workspace, CONFIGS_FOLDER);
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((file) => file.endsWith('.json') && !file.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: SavedConfigSummary[] = [];
  for (const file of files.sort()) {
    const name = file.slice(0, -'.json'.length);
    if (checkName(name, 'config')) continue;
    const full = path.join(dir, file);
    const stat = await fs.stat(full);
    let description: string | null = null;
    let problem: string | null = null;
    try {
      const value = await readJsonFile(full, `${CONFIGS_FOLDER}/${file}`);
      const text = getAtPath(value, 'description');
      description = typeof text === 'string' ? text : null;
      const result = checkConfig(value);
      if (!result.ok) problem = result.errors.map(formatIssue).join('; ');
    } catch (error) {
      problem = errorMessage(error);
    }
    out.push({ name, path: full, modified: stat.mtimeMs, description, problem });
  }
  return out;
}
