/**
 * `wakeword features --input FILE_OR_DIR --out DIR [--preset P] [--config FILE] [--set k=v]`: log-mel
 * features of every audio file as .npy, with the front end the resolved training config defines. Many files
 * come as a folder or as a list of paths (`--files-from FILE`, `--files-from -` or `--input -`).
 */
import { exportFeatures } from '../node/audio/feature-export';
import { toFrontEndConfig } from '../shared/config/front-end';
import { frontEndProblems } from '../shared/core/audio/log-mel';
import { CliError } from './cli-error';
import { invalidConfigError, resolveCliConfigQuickly } from './config-command';
import type { CliIo } from './cli-io';
import { collectInputPaths, type InputStream } from './input-paths';
import { errorMessage } from '../shared/error-message';

export interface FeaturesOptions {
  readonly input?: string;
  readonly filesFrom?: string;
  readonly out: string;
  readonly preset?: string;
  readonly config?: string;
  readonly set: readonly string[];
  readonly quiet?: boolean;
}

/** The one --input as it is (a file or folder), or the list that --files-from or `-` names. */
async function featureInput(options: FeaturesOptions, stdin: InputStream): Promise<string | readonly string[]> {
  if (options.input === undefined && options.filesFrom === undefined) throw new CliError('give --input FILE_OR_DIR, or --files-from FILE (- reads the list from standard input)', 2);
  if (options.input !== undefined && options.input !== '-' && options.filesFrom === undefined) return options.input;
  const paths = await collectInputPaths({ paths: options.input === undefined ? [] : [options.input], filesFrom: options.filesFrom }, stdin);
  if (paths.length === 0) throw new CliError('no input files: the list of paths was empty', 2);
  return paths;
}

export async function runFeatures(options: FeaturesOptions, io: CliIo, stdin: InputStream = process.stdin): Promise<void> {
  // Only the preset the front end comes from is read (not every preset, nor the user's preset store).
  const resolved = await resolveCliConfigQuickly(
    { ...(options.preset === undefined ? {} : { preset: options.preset }), ...(options.config === undefined ? {} : { config: options.config }), set: options.set },
    io,
  );
  if (!resolved.ok || !resolved.config) throw invalidConfigError(resolved);
  const frontEnd = toFrontEndConfig(resolved.config);
  const problems = frontEndProblems(frontEnd);
  if (problems.length > 0) throw new CliError(`invalid front end: ${problems.join('; ')}`, 2);
  const input = await featureInput(options, stdin);
  let result;
  try {
    result = await exportFeatures({
      input,
      outDir: options.out,
      frontEnd,
      onFile: (file, frames) => {
        if (!options.quiet && frames !== null) io.out(`${file}: ${frames} frames`);
      },
    });
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  for (const failure of result.failures) io.err(`error: ${failure.message}`);
  io.out(`wrote ${result.written.length} feature file(s) to ${options.out} (${frontEnd.nMels} mel bins, hop ${frontEnd.hopLength})`);
  if (result.failures.length > 0) throw new CliError(`${result.failures.length} file(s) could not be converted`);
}
