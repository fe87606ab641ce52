/**
 * `wakeword synth --phrase TEXT --count N --out DIR [--seed S] [--negatives "a;b"]`: wake-phrase positives (and
 * confusable hard negatives) spoken by every installed engine's voices, as 16 kHz mono 16-bit WAVs.
 * `wakeword synth --negative-hours H [--out DIR]`: long files of everyday sentences that never say the phrase.
 * `--voices` / `--exclude-voices` pick voices (e.g. to hold some out for testing).
 */
import path from 'node:path';
import { RAW_DIR } from '../shared/core/dataset/categories';
import { generateNegativeSpeech } from '../node/dataset/synth/negative-speech';
import { synthesizeSet } from '../node/dataset/synth/synthesize-set';
import { guessWakePhrase } from '../node/dataset/synth/wake-phrase';
import { CliError, refuseFileAsFolder } from './cli-error';
import type { CliIo } from './cli-io';
import { progressPrinter } from './synth-progress';
import { chosenVoices, type VoiceOptions } from './voice-options';

export interface SynthCommandOptions extends VoiceOptions {
  readonly phrase?: string;
  readonly count?: number;
  readonly out?: string;
  readonly seed?: number;
  readonly negatives?: readonly string[];
  readonly negativeCount?: number;
  readonly negativesOut?: string;
  readonly negativeHours?: number;
  readonly workspace?: string;
  readonly json?: boolean;
}

async function runNegativeSpeech(options: SynthCommandOptions, hours: number, io: CliIo): Promise<void> {
  if (options.count !== undefined || options.negatives !== undefined) throw new CliError('--negative-hours makes negative speech only: run synth once with --count for the wake phrase and once with --negative-hours');
  const workspace = path.resolve(options.workspace ?? '.');
  const phrase = options.phrase ?? (await guessWakePhrase(workspace));
  if (phrase === null) throw new CliError(`give the wake phrase the sentences must never contain, e.g. --phrase "hey nova" (none was found among synthetic positives in ${workspace})`);
  const { catalog, voices } = await chosenVoices(options);
  const seed = options.seed ?? Math.floor(Math.random() * 0x100000000);
  const out = refuseFileAsFolder(path.resolve(options.out ?? path.join(workspace, RAW_DIR, 'negative', 'speech')), '--out');
  const progress = progressPrinter(io, options.json === true, ' s');
  const result = await generateNegativeSpeech({ catalog, voices, hours, outDir: out, wakePhrase: phrase, seed, onProgress: (done, total) => progress('speech', done, total) });
  if (options.json) {
    io.out(JSON.stringify({ seed, phrase, seconds: Number(result.seconds.toFixed(3)), folder: result.folder, files: result.files, sentences: result.sentences, voices: result.voices, durationMs: Math.round(result.durationMs) }));
    return;
  }
  io.out(`Wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} of negative speech (${(result.seconds / 60).toFixed(1)} min, ${result.sentences} sentences, ${result.voices} voices, never "${phrase}") to ${out} (16 kHz mono 16-bit WAV, seed ${seed}).`);
  io.out(`Made in ${(result.durationMs / 1000).toFixed(1)} s. Run again with --seed ${seed} to get the same files.`);
}

export async function runSynth(options: SynthCommandOptions, io: CliIo): Promise<void> {
  if (options.negativeHours !== undefined) return runNegativeSpeech(options, options.negativeHours, io);
  if (options.count === undefined || options.out === undefined || options.phrase === undefined) {
    throw new CliError('give --phrase TEXT --count N --out DIR for wake-phrase clips, or --negative-hours H for negative speech (see wakeword synth --help)');
  }
  const { catalog, voices } = await chosenVoices(options);
  const seed = options.seed ?? Math.floor(Math.random() * 0x100000000);
  const out = refuseFileAsFolder(path.resolve(options.out), '--out');
  const negativesOut = refuseFileAsFolder(path.resolve(options.negativesOut ?? path.join(out, 'hard_negative')), '--negatives-out');
  const result = await synthesizeSet({
    catalog,
    voices,
    phrase: options.phrase,
    count: options.count,
    seed,
    ...(options.negatives ? { negatives: options.negatives } : {}),
    ...(options.negativeCount ? { negativeCount: options.negativeCount } : {}),
    positivesDir: out,
    negativesDir: negativesOut,
    onProgress: progressPrinter(io, options.json === true),
  });
  if (options.json) {
    io.out(JSON.stringify({ seed, seconds: Number(result.seconds.toFixed(3)), voices, positives: result.positives, negatives: result.negatives }));
    return;
  }
  io.out(`Wrote ${result.positives.files} clip${result.positives.files === 1 ? '' : 's'} of "${result.positives.phrase}" to ${result.positives.folder} (16 kHz mono 16-bit WAV, seed ${seed}, from ${voices.length} voice${voices.length === 1 ? '' : 's'}).`);
  for (const set of result.negatives) io.out(`Wrote ${set.files} hard negative${set.files === 1 ? '' : 's'} "${set.phrase}" to ${set.folder}.`);
  io.out(`${result.seconds.toFixed(1)} s of audio in ${(result.durationMs / 1000).toFixed(1)} s. Run again with --seed ${seed} (and the same voices) to get the same files.`);
}
