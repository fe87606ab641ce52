/**
 * `wakeword split [--ratios 0.8,0.1,0.1] [--seed 42] [--group-by none|folder|speaker] [--json]`. Without
 * --ratios it splits with the workspace configuration's split shares, as the Dataset panel does: one source
 * of truth for the CLI, the app and the split training uses.
 */
import path from 'node:path';
import { SPLIT_NAMES } from '../shared/core/dataset/categories';
import { configSplitRatios } from '../shared/core/dataset/config-split';
import { formatDuration } from '../shared/core/dataset/format-duration';
import type { GroupBy } from '../shared/core/dataset/manifest';
import { ratiosProblem, type SplitRatios } from '../shared/core/dataset/split';
import { migrateConfig } from '../shared/config/migrations';
import { DEFAULT_PRESET } from '../shared/config/presets';
import { ConfigStateStore, openConfigStateStore } from '../node/config/config-state-store';
import { loadBuiltInPresets, presetsDir } from '../node/config/preset-files';
import { splitWorkspace } from '../node/dataset/split-workspace';
import { findProjectRoot } from '../node/project-root';
import { cliConfigDir } from '../node/settings-store';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { asCliErrors } from './scan-command';

export interface SplitCommandOptions {
  readonly workspace: string;
  /** Absent: the workspace configuration's split shares (see configuredSplitRatios). */
  readonly ratios?: SplitRatios;
  readonly seed: number;
  readonly groupBy: GroupBy;
  readonly json?: boolean;
}

export interface ConfiguredRatios {
  readonly ratios: SplitRatios;
  /** Where they come from, in words. */
  readonly source: string;
}

/**
 * The split shares `serve`'s Configuration panel keeps for this workspace (its current configuration, stored in
 * the CLI's settings folder), else the default preset's. Shares that are not valid ratios are an error naming
 * them, never silently replaced.
 */
export async function configuredSplitRatios(workspace: string, io: CliIo, configDir = cliConfigDir()): Promise<ConfiguredRatios> {
  const { store, warning } = await openConfigStateStore(configDir);
  if (warning) io.err(`warning: ${warning}`);
  const state = new ConfigStateStore(store);
  const current = state.getCurrent(path.resolve(workspace));
  for (const problem of state.problems) io.err(`warning: ${problem}`);
  let found: ConfiguredRatios | null = null;
  if (current) {
    let config = current.config;
    try {
      config = migrateConfig(config).config;
    } catch {
      // An unmigratable config still may hold readable split shares; the check below names what is wrong.
    }
    const ratios = configSplitRatios(config);
    const named = current.name !== null ? `saved config ${current.name}` : current.preset !== null ? `preset ${current.preset}, as edited` : 'edited';
    if (ratios) found = { ratios, source: `the workspace configuration's split shares (${named})` };
  }
  if (!found) {
    const { presets } = await loadBuiltInPresets(presetsDir(findProjectRoot()));
    const preset = presets.find((p) => p.name === DEFAULT_PRESET);
    const ratios = preset ? configSplitRatios(preset.config) : null;
    if (!ratios) throw new CliError(`the ${DEFAULT_PRESET} preset has no split shares: pass --ratios train,val,test`);
    found = { ratios, source: `the ${DEFAULT_PRESET} preset's split shares (no configuration saved for this workspace yet)` };
  }
  const problem = ratiosProblem(found.ratios);
  if (problem) throw new CliError(`${found.source}: ${problem}; fix split.train/validation/test in the Configuration panel, or pass --ratios train,val,test`);
  return found;
}

export async function runSplit(options: SplitCommandOptions, io: CliIo): Promise<void> {
  const { ratios, source } = options.ratios ? { ratios: options.ratios, source: '--ratios' } : await configuredSplitRatios(options.workspace, io);
  const summary = await asCliErrors(() => splitWorkspace(options.workspace, { ratios, seed: options.seed, groupBy: options.groupBy }));
  if (options.json) {
    io.out(
      JSON.stringify({
        seed: summary.seed,
        ratios: summary.ratios,
        ratios_source: source,
        group_by: summary.groupBy,
        splits: summary.counts,
        not_split: { background: summary.background, rirs: summary.rirs },
        skipped_invalid: summary.skipped,
      }),
    );
    return;
  }
  io.out(`Split with seed ${summary.seed}, ratios ${summary.ratios.join('/')} (${source}), grouping: ${summary.groupBy}.`);
  io.out(`${'split'.padEnd(8)}${'positive'.padStart(10)}${'negative'.padStart(10)}${'hard_neg'.padStart(10)}${'files'.padStart(8)}${'duration'.padStart(11)}`);
  for (const name of SPLIT_NAMES) {
    const c = summary.counts[name];
    io.out(
      `${name.padEnd(8)}${String(c.positive).padStart(10)}${String(c.negative).padStart(10)}${String(c.hard_negative).padStart(10)}${String(c.files).padStart(8)}${formatDuration(c.seconds).padStart(11)}`,
    );
  }
  io.out(`Not split (augmentation): ${summary.background} background, ${summary.rirs} room impulse responses.`);
  if (summary.skipped > 0) io.out(`Skipped ${summary.skipped} invalid file${summary.skipped === 1 ? '' : 's'}.`);
  io.out('Wrote data/splits/train.json, val.json and test.json.');
}
