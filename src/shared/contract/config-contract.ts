/**
 * The configuration part of the contract (each entry listed in src/shared/contract/api.ts): argument schemas and result
 * types for the `config:*` requests and the `config:current-changed` event.
 */
import { z } from 'zod';
import type { ConfigEstimate } from '../config/estimate';
import type { Preset } from '../config/presets';
import { NAME_PATTERN } from '../config/presets';
import type { ResolveResult } from '../config/resolve';
import type { TrainingConfig } from '../config/schema';
import type { ConfigIssue, ValidationResult } from '../config/validate';

/** Configs cross the contract as plain JSON objects: a draft may be invalid, and the service says why. */
const configJson = z.record(z.string(), z.unknown());
const name = z.string().regex(NAME_PATTERN, 'must be 1 to 64 letters, digits, "_" or "-", starting with a letter or digit');
const trainClips = z.number().int().min(0).max(100_000_000).optional();

export const configRequestSchemas = {
  'config:presets': z.undefined(),
  'config:preset-save': z.strictObject({ name, description: z.string().trim().min(1).max(500), config: configJson }),
  'config:preset-delete': z.strictObject({ name }),
  'config:resolve': z.strictObject({
    preset: name.optional(),
    config: configJson.optional(),
    sets: z.array(z.string().max(1000)).max(200).optional(),
    trainClips,
  }),
  'config:validate': z.strictObject({ config: configJson, trainClips }),
  'config:estimate': z.strictObject({ config: configJson, trainClips }),
  'config:save': z.strictObject({ name, config: configJson, overwrite: z.boolean().optional() }),
  'config:load': z.strictObject({ name }),
  'config:list': z.undefined(),
  'config:current-get': z.undefined(),
  'config:current-set': z.strictObject({ preset: name.nullable(), name: name.nullable().optional(), config: configJson }),
} as const;

export interface SavedConfigSummary {
  readonly name: string;
  readonly path: string;
  /** Milliseconds since the epoch. */
  readonly modified: number;
  readonly description: string | null;
  /** Why the file cannot be used as it is, if so. */
  readonly problem: string | null;
}

export interface SavedConfig {
  readonly name: string;
  readonly path: string;
  readonly config: TrainingConfig;
}

export interface LoadedConfig extends SavedConfig {
  readonly migratedFrom: number | null;
  readonly warnings: readonly ConfigIssue[];
}

export interface EstimateResult {
  readonly ok: boolean;
  readonly errors: readonly ConfigIssue[];
  readonly estimate: ConfigEstimate | null;
  /** Training clips the estimate used when the dataset size is known; null means it assumed a size. */
  readonly trainClips: number | null;
}

/** The configuration the Training panel starts from, per workspace; survives reloads and restarts. */
export interface CurrentConfig {
  readonly workspace: string | null;
  /** The preset the draft started from (for "diff against preset" and "reset"). */
  readonly preset: string | null;
  /** The saved config it was loaded from or saved as, if any. */
  readonly name: string | null;
  /** The draft as edited, migrated to the current version; may be invalid. */
  readonly config: Record<string, unknown>;
  readonly validation: ValidationResult;
  /** Clips in the workspace's training split when known (estimates and the batch-size check use it). */
  readonly trainClips: number | null;
  /** Problems with the stored state (e.g. a corrupt store file moved aside). */
  readonly storeWarnings: readonly string[];
}

export interface ConfigRequestResults {
  'config:presets': readonly Preset[];
  'config:preset-save': Preset;
  'config:preset-delete': readonly Preset[];
  'config:resolve': ResolveResult;
  'config:validate': ValidationResult;
  'config:estimate': EstimateResult;
  'config:save': SavedConfig;
  'config:load': LoadedConfig;
  'config:list': readonly SavedConfigSummary[];
  'config:current-get': CurrentConfig;
  'config:current-set': CurrentConfig;
}

export interface ConfigEventPayloads {
  'config:current-changed': CurrentConfig;
}
