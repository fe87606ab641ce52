/**
 * Upgrades stored configs to CONFIG_VERSION one step at a time. Each step takes the previous version's
 * JSON and returns the next one's, keeping what the user chose and giving new fields the value that
 * reproduces the old behaviour. Validation happens after migration, against the current schema only.
 */
import { DEFAULT_CONFIG } from './defaults';
import { CONFIG_VERSION } from './schema';

type Json = Record<string, unknown>;

export interface MigrationResult {
  /** The config in the current version's shape (not yet validated). */
  readonly config: Json;
  /** The version the input was written in. */
  readonly from: number;
  /** What changed, one line per moved or converted field. */
  readonly notes: readonly string[];
}

export class ConfigMigrationError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ConfigMigrationError';
    this.field = field;
  }
}

function section(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Json) } : {};
}

/**
 * v1 -> v2. Version 1 kept the learning rate and optimiser inside `training` (and had no schedule: the
 * rate was constant), gave the clip length in milliseconds (`data.clip_ms`), and split ratios in percent.
 */
function v1ToV2(input: Json, notes: string[]): Json {
  const out: Json = { ...input, version: 2 };

  const data = section(input.data);
  if ('clip_ms' in data) {
    const ms = data.clip_ms;
    delete data.clip_ms;
    data.clip_duration = typeof ms === 'number' ? ms / 1000 : ms;
    notes.push(`data.clip_ms ${String(ms)} -> data.clip_duration ${String(data.clip_duration)} (seconds)`);
  }
  if ('data' in input) out.data = data;

  const training = section(input.training);
  const optimizer = section(input.optimizer);
  const moves: readonly (readonly [string, string])[] = [
    ['optimizer', 'type'],
    ['learning_rate', 'lr'],
    ['weight_decay', 'weight_decay'],
    ['momentum', 'momentum'],
    ['grad_clip', 'grad_clip'],
  ];
  let movedAny = false;
  for (const [from, to] of moves) {
    if (from in training) {
      optimizer[to] = training[from];
      delete training[from];
      movedAny = true;
      notes.push(`training.${from} -> optimizer.${to}`);
    }
  }
  if ('training' in input) out.training = training;
  if (movedAny || 'training' in input) {
    // v1 trained at a constant rate with no warm-up; keep that behaviour.
    const defaults = DEFAULT_CONFIG.optimizer;
    out.optimizer = {
      ...defaults,
      schedule: 'constant',
      warmup_epochs: 0,
      min_lr: 0,
      ...optimizer,
    };
    notes.push('optimizer.schedule set to constant (version 1 had no learning-rate schedule)');
  }

  if ('model' in input) {
    const model = section(input.model);
    if (!('budget' in model)) model.budget = { ...DEFAULT_CONFIG.model.budget };
    out.model = model;
  }

  if ('split' in input) {
    const split = section(input.split);
    for (const key of Object.keys(split)) {
      const value = split[key];
      if (typeof value === 'number') split[key] = value / 100;
    }
    out.split = split;
    notes.push('split ratios converted from percent to fractions');
  }
  return out;
}

const STEPS: Readonly<Record<number, (input: Json, notes: string[]) => Json>> = { 1: v1ToV2 };

/** Brings any supported version up to CONFIG_VERSION; throws ConfigMigrationError naming the field on bad input. */
export function migrateConfig(input: unknown): MigrationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigMigrationError('', 'a config must be a JSON object');
  }
  const version = (input as Json).version;
  if (version === undefined) throw new ConfigMigrationError('version', `version is required (the current version is ${CONFIG_VERSION})`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ConfigMigrationError('version', `version must be a whole number from 1 to ${CONFIG_VERSION} (got ${JSON.stringify(version)})`);
  }
  if (version > CONFIG_VERSION) {
    throw new ConfigMigrationError(
      'version',
      `version ${version} was written by a newer Wakeword Studio; this one reads versions 1 to ${CONFIG_VERSION}`,
    );
  }
  const notes: string[] = [];
  let config: Json = { ...(input as Json) };
  for (let v = version; v < CONFIG_VERSION; v += 1) {
    const step = STEPS[v];
    if (!step) throw new ConfigMigrationError('version', `no migration from version ${v} to ${v + 1}`);
    config = step(config, notes);
  }
  return { config, from: version, notes };
}
