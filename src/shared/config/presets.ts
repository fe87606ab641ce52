/**
 * Presets: named, described starting points. Built-in ones ship as presets/<name>.json; users save their
 * own. Both are a full config plus a `description` saying what the preset is for.
 */
import { FIELD_SPECS, getAtPath } from './fields';
import type { TrainingConfig } from './schema';
import { checkConfig, formatIssue } from './validate';

export const BUILT_IN_PRESETS = ['fast', 'default', 'high_accuracy', 'small_dataset', 'edge', 'oww_fast', 'oww_default', 'dscnn_default'] as const;
export const DEFAULT_PRESET = 'default';

/** Names double as file names (`configs/<name>.json`): letters, digits, `_` and `-`, up to 64. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function checkName(name: string, what: string): string | null {
  return NAME_PATTERN.test(name) ? null : `${what} name ${JSON.stringify(name)} must be 1 to 64 letters, digits, "_" or "-", starting with a letter or digit`;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly config: TrainingConfig;
}

/** Reads a preset's JSON (any supported version); the error names the preset and the field. */
export function parsePreset(name: string, value: unknown, builtIn: boolean): { preset: Preset } | { error: string } {
  const description = getAtPath(value, 'description');
  if (typeof description !== 'string' || description.trim() === '') return { error: `preset ${name}: description is required (a sentence saying what the preset is for)` };
  const result = checkConfig(value);
  if (!result.config) return { error: `preset ${name}: ${result.errors.map(formatIssue).join('; ')}` };
  return { preset: { name, description, builtIn, config: result.config } };
}

export interface ConfigDifference {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** Field-by-field differences (version and description aside), in schema order. */
export function diffConfigs(from: unknown, to: unknown): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  for (const path of FIELD_SPECS.keys()) {
    if (path === 'version' || path === 'description') continue;
    const a = getAtPath(from, path);
    const b = getAtPath(to, path);
    if (!Object.is(a, b)) out.push({ path, from: a, to: b });
  }
  return out;
}
