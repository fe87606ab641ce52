/**
 * `wakeword synth --phrase TEXT --count N --out DIR [--seed S] [--negatives "a;b"]`: wake-phrase positives
 * (and confusable hard negatives) spoken by espeak-ng in many voices, as 16 kHz mono 16-bit WAVs.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parsePhraseList, phraseProblem } from '../shared/core/dataset/synth/voices';
import { EspeakMissingError, requireEspeak } from '../main/services/dataset/synth/espeak';
import { synthesizeSet } from '../main/services/dataset/synth/synthesize-set';
import { CliError } from './cli-error';
import type { CliIo } from './index';

export interface SynthCommandOptions {
  readonly phrase: string;
  readonly count: number;
  readonly out: string;
  readonly seed?: number;
  readonly negatives?: readonly string[];
  readonly negativeCount?: number;
  readonly negativesOut?: string;
  readonly json?: boolean;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2000) throw new InvalidArgumentError('must be a whole number from 1 to 2000.');
  return n;
}

export function parseSeedOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return n;
}

function parsePhrase(value: string): string {
  const problem = phraseProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}, e.g. --phrase "hey nova".`);
  return value.trim().replace(/\s+/g, ' ');
}

function parseNegatives(value: string): string[] {
  const phrases = parsePhraseList(value).map(parsePhrase);
  if (phrases.length === 0) throw new InvalidArgumentError('give phrases separated by semicolons, e.g. "hey nora;hey now".');
  return phrases;
}

export async function runSynth(options: SynthCommandOptions, io: CliIo): Promise<void> {
  let program: string;
  try {
    program = requireEspeak();
  } catch (error) {
    if (error instanceof EspeakMissingError) throw new CliError(error.message);
    throw error;
  }
  const seed = options.seed ?? Math.floor(Math.random() * 0x100000000);
  const out = path.resolve(options.out);
  const negativesOut = path.resolve(options.negativesOut ?? path.join(out, 'hard_negative'));
  const result = await synthesizeSet({
    program,
    phrase: options.phrase,
    count: options.count,
    seed,
    ...(options.negatives ? { negatives: options.negatives } : {}),
    ...(options.negativeCount ? { negativeCount: options.negativeCount } : {}),
    positivesDir: out,
    negativesDir: negativesOut,
  });
  if (options.json) {
    io.out(JSON.stringify({ seed, seconds: Number(result.seconds.toFixed(3)), positives: result.positives, negatives: result.negatives }));
    return;
  }
  io.out(`Wrote ${result.positives.files} clip${result.positives.files === 1 ? '' : 's'} of "${result.positives.phrase}" to ${result.positives.folder} (16 kHz mono 16-bit WAV, seed ${seed}).`);
  for (const set of result.negatives) io.out(`Wrote ${set.files} hard negative${set.files === 1 ? '' : 's'} "${set.phrase}" to ${set.folder}.`);
  io.out(`${result.seconds.toFixed(1)} s of audio in ${(result.durationMs / 1000).toFixed(1)} s. Run again with --seed ${seed} to get the same files.`);
}

export function registerSynthCommand(program: Command, io: CliIo): void {
  program
    .command('synth')
    .description('speak a wake phrase (and confusable phrases) with espeak-ng in many voices, as 16 kHz mono WAVs')
    .requiredOption('--phrase <text>', 'the wake phrase, e.g. "hey nova"', parsePhrase)
    .requiredOption('--count <n>', 'how many positive clips', parseCount)
    .requiredOption('--out <dir>', 'folder for the positive clips (created if missing; nothing is overwritten)')
    .option('--seed <n>', 'random seed: the same seed gives the same clips (default: random, printed)', parseSeedOption)
    .option('--negatives <phrases>', 'confusable phrases separated by ";" to speak as hard negatives, e.g. "hey nora;hey now"', parseNegatives)
    .option('--negative-count <n>', 'hard-negative clips in all, spread over the phrases (default: --count)', parseCount)
    .option('--negatives-out <dir>', 'folder for the hard negatives, one sub-folder per phrase (default: <out>/hard_negative)')
    .option('--json', 'print what was written as JSON')
    .action((options: SynthCommandOptions) => runSynth(options, io));
}
