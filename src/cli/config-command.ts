/**
 * `wakeword config` (resolve and print a training config, or say which field is wrong) and
 * `wakeword presets` (list presets with their descriptions). `wakeword train` resolves its
 * --preset / --config / --set the same way through loadCliPresets + resolveConfig.
 */
import { ConfigStateStore, openConfigStateStore } from '../node/config/config-state-store';
import { loadBuiltInPreset, loadBuiltInPresets, presetsDir } from '../node/config/preset-files';
import { resolveConfig, type ResolvedConfig } from '../node/config/resolve-config';
import { findProjectRoot } from '../node/project-root';
import { cliConfigDir } from '../node/settings-store';
import { DEFAULT_PRESET, parsePreset, type Preset } from '../shared/config/presets';
import { formatIssue } from '../shared/config/validate';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';

/** Built-in presets plus the user's (saved from the panel under `serve`, or by the CLI's own store). */
export async function loadCliPresets(io: CliIo, configDir = cliConfigDir()): Promise<readonly Preset[]> {
  const { presets, problems } = await loadBuiltInPresets(presetsDir(findProjectRoot()));
  for (const problem of problems) io.err(`warning: ${problem}`);
  const { store, warning } = await openConfigStateStore(configDir);
  if (warning) io.err(`warning: ${warning}`);
  const state = new ConfigStateStore(store);
  const user = Object.entries(state.userPresets()).flatMap(([name, stored]) => {
    const parsed = parsePreset(name, { ...stored.config, description: stored.description }, false);
    if ('preset' in parsed) return [parsed.preset];
    io.err(`warning: ${parsed.error}`);
    return [];
  });
  for (const problem of state.problems) io.err(`warning: ${problem}`);
  return [...presets, ...user];
}

export interface ConfigCommandOptions {
  readonly preset?: string;
  readonly config?: string;
  readonly set: readonly string[];
  readonly json?: boolean;
}

/** The preset, config file and --set overrides as resolveConfig takes them. */
function resolveRequest(options: Omit<ConfigCommandOptions, 'json'>): Parameters<typeof resolveConfig>[0] {
  return { ...(options.preset === undefined ? {} : { preset: options.preset }), ...(options.config === undefined ? {} : { config: options.config }), sets: options.set };
}

/** Resolves like `wakeword train` will; throws CliError listing every invalid field. */
export async function resolveCliConfig(options: Omit<ConfigCommandOptions, 'json'>, io: CliIo): Promise<ResolvedConfig> {
  const presets = await loadCliPresets(io);
  return resolveConfig(
    resolveRequest(options),
    presets,
  );
}

/**
 * resolveCliConfig for a command that needs only the resolved config (`wakeword features`): a built-in preset
 * always wins over a user preset of the same name (resolveConfig takes the first match), so when the named
 * preset is built in, only its file is read and validated, and the user's preset store is not opened. Any
 * other name, or a built-in file with a problem, takes resolveCliConfig's full path and messages.
 */
export async function resolveCliConfigQuickly(options: Omit<ConfigCommandOptions, 'json'>, io: CliIo): Promise<ResolvedConfig> {
  const builtIn = await loadBuiltInPreset(presetsDir(findProjectRoot()), options.preset ?? DEFAULT_PRESET);
  if (!builtIn) return resolveCliConfig(options, io);
  return resolveConfig(
    resolveRequest(options),
    [builtIn],
  );
}

export function invalidConfigError(result: ResolvedConfig): CliError {
  const lines = result.errors.map((issue) => `  ${formatIssue(issue)}`);
  return new CliError(`invalid configuration (${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'}):\n${lines.join('\n')}`, 2);
}

export async function runConfig(options: ConfigCommandOptions, io: CliIo): Promise<void> {
  const result = await resolveCliConfig(options, io);
  if (options.json) {
    io.out(JSON.stringify({ ok: result.ok, preset: result.preset, config: result.config, errors: result.errors, warnings: result.warnings, notes: result.notes }, null, 2));
    if (!result.ok) throw new CliError(`invalid configuration: ${result.errors.map(formatIssue).join('; ')}`, 2);
    return;
  }
  for (const note of result.notes) io.err(`note: ${note}`);
  for (const warning of result.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (!result.ok || !result.config) throw invalidConfigError(result);
  io.out(JSON.stringify(result.config, null, 2));
}

export async function runPresets(options: { readonly json?: boolean }, io: CliIo): Promise<void> {
  const presets = await loadCliPresets(io);
  if (options.json) {
    io.out(JSON.stringify(presets, null, 2));
    return;
  }
  const width = Math.max(...presets.map((preset) => preset.name.length));
  for (const preset of presets) {
    io.out(`${preset.name.padEnd(width)}  ${preset.builtIn ? '' : '(yours) '}${preset.description}`);
  }
}
