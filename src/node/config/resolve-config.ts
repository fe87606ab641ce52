/**
 * `resolveConfig({ preset, config, sets })`: the file-loading half of config resolution, shared by
 * `wakeword config`, `wakeword train` and the `config:resolve` request. The pure half is
 * resolveConfigData in src/shared/config/resolve.ts.
 */
import path from 'node:path';
import { DEFAULT_PRESET, type Preset } from '../../shared/config/presets';
import { resolveConfigData, type ResolveResult, type ResolveSource } from '../../shared/config/resolve';
import { readJsonFile } from './json-file';
import { errorMessage } from '../../shared/error-message';

export interface ResolveConfigOptions {
  /** Preset name (built-in or user); `default` when neither preset nor config is given. */
  readonly preset?: string;
  /** A config file path (relative to cwd) whose settings are laid over the preset; may be partial. */
  readonly config?: string;
  /** Or the config's JSON itself (the panel sends its draft). */
  readonly configValue?: unknown;
  /** `key=value` overrides, applied last. */
  readonly sets?: readonly string[];
  readonly trainClips?: number | null;
}

export interface ResolvedConfig extends ResolveResult {
  readonly preset: string;
}

function failure(preset: string, message: string, field = ''): ResolvedConfig {
  return { ok: false, config: null, errors: [{ path: field, message, severity: 'error' }], warnings: [], merged: null, notes: [], preset };
}

export async function resolveConfig(options: ResolveConfigOptions, presets: readonly Preset[], cwd: string = process.cwd()): Promise<ResolvedConfig> {
  const presetName = options.preset ?? DEFAULT_PRESET;
  const preset = presets.find((candidate) => candidate.name === presetName);
  if (!preset) {
    const known = presets.map((candidate) => candidate.name).join(', ') || 'none found';
    return failure(presetName, `unknown preset ${JSON.stringify(presetName)}; available presets: ${known}`, 'preset');
  }
  const base: ResolveSource = { value: preset.config, label: `preset ${preset.name}` };
  let overlay: ResolveSource | undefined;
  if (options.config !== undefined) {
    const file = path.resolve(cwd, options.config);
    try {
      overlay = { value: await readJsonFile(file, options.config), label: options.config };
    } catch (error) {
      return failure(presetName, errorMessage(error), 'config');
    }
  } else if (options.configValue !== undefined) {
    overlay = { value: options.configValue, label: 'the given config' };
  }
  const result = resolveConfigData({
    base,
    ...(overlay ? { overlay } : {}),
    sets: options.sets ?? [],
    context: { trainClips: options.trainClips ?? null },
  });
  return { ...result, preset: presetName };
}
