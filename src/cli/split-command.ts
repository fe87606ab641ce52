/** `wakeword split [--ratios 0.7,0.15,0.15] [--seed 42] [--group-by none|folder|speaker] [--json]`. */
import { InvalidArgumentError, type Command } from 'commander';
import { SPLIT_NAMES } from '../shared/core/dataset/categories';
import { formatDuration } from '../shared/core/dataset/format-duration';
import { GROUP_BY, type GroupBy } from '../shared/core/dataset/manifest';
import { DEFAULT_SEED, ratiosProblem, type SplitRatios } from '../shared/core/dataset/split';
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

export function parseRatios(value: string): SplitRatios {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((part) => part === '') || numbers.some((n) => Number.isNaN(n))) throw new InvalidArgumentError('give three numbers separated by commas, e.g. 0.7,0.15,0.15.');
  const problem = ratiosProblem(numbers);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return numbers as unknown as SplitRatios;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return seed;
}

function parseGroupBy(value: string): GroupBy {
  if (!(GROUP_BY as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${GROUP_BY.join(', ')}.`);
  return value as GroupBy;
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

export function registerSplitCommand(program: Command, io: CliIo): void {
  program
    .command('split')
    .description('split the scanned dataset into data/splits/{train,val,test}.json (seeded, per category)')
    .option('-w, --workspace <dir>', 'workspace folder', process.cwd())
    .option('--ratios <train,val,test>', 'fractions adding up to 1', parseRatios, [0.7, 0.15, 0.15] as SplitRatios)
    .option('--seed <n>', 'random seed: the same seed gives the same split', parseSeed, DEFAULT_SEED)
    .option('--group-by <how>', `keep groups in one split: ${GROUP_BY.join(', ')} (folder = sub-folder per speaker)`, parseGroupBy, 'none' as GroupBy)
    .option('--json', 'print the counts as JSON')
    .action((options: SplitCommandOptions) => runSplit(options, io));
}
