/** `wakeword split [--ratios 0.7,0.15,0.15] [--seed 42] [--group-by none|folder|speaker] [--json]`. */
import { SPLIT_NAMES } from '../shared/core/dataset/categories';
import { formatDuration } from '../shared/core/dataset/format-duration';
import type { GroupBy } from '../shared/core/dataset/manifest';
import type { SplitRatios } from '../shared/core/dataset/split';
import { splitWorkspace } from '../main/services/dataset/split-workspace';
import type { CliIo } from './index';
import { asCliErrors } from './scan-command';

export interface SplitCommandOptions {
  readonly workspace: string;
  readonly ratios: SplitRatios;
  readonly seed: number;
  readonly groupBy: GroupBy;
  readonly json?: boolean;
}

export async function runSplit(options: SplitCommandOptions, io: CliIo): Promise<void> {
  const summary = await asCliErrors(() => splitWorkspace(options.workspace, { ratios: options.ratios, seed: options.seed, groupBy: options.groupBy }));
  if (options.json) {
    io.out(
      JSON.stringify({
        seed: summary.seed,
        ratios: summary.ratios,
        group_by: summary.groupBy,
        splits: summary.counts,
        not_split: { background: summary.background, rirs: summary.rirs },
        skipped_invalid: summary.skipped,
      }),
    );
    return;
  }
  io.out(`Split with seed ${summary.seed}, ratios ${summary.ratios.join('/')}, grouping: ${summary.groupBy}.`);
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
