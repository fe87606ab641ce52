/**
 * Audio files -> one float32 .npy of log-mel features [frames, n_mels] each, mirroring the input's folder
 * layout (IN/a/b.wav -> OUT/a/b.npy). A feature cache, and the interchange format with Python tools.
 * A file that fails is reported and skipped; the others are still written.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FrontEndConfig } from '../../../shared/core/audio/front-end-config';
import { LogMelExtractor } from '../../../shared/core/audio/log-mel';
import { encodeNpy } from '../../../shared/core/audio/npy';
import { writeFileAtomic } from '../fs/atomic-write';
import { AUDIO_EXTENSIONS, loadMonoClip } from './decode-audio';

export interface AudioInput {
  readonly absolute: string;
  /** Path relative to the input folder, with forward slashes (the name used in messages). */
  readonly relative: string;
}

export interface FeatureExportResult {
  readonly written: readonly string[];
  readonly failures: readonly { readonly file: string; readonly message: string }[];
}

function isAudio(name: string): boolean {
  return AUDIO_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** A symbolic link to an audio file counts as that file (links to folders are not followed: no cycles). */
const isFileBehindLink = (link: string): Promise<boolean> =>
  fs.stat(link).then(
    (stat) => stat.isFile(),
    () => false,
  );

async function walk(dir: string, root: string, out: AudioInput[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(absolute, root, out);
    else if (isAudio(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFileBehindLink(absolute))))) {
      out.push({ absolute, relative: path.relative(root, absolute).split(path.sep).join('/') });
    }
  }
}

/** The audio files under `input` (a file or a folder, searched recursively), in a stable order. */
export async function listAudioInputs(input: string): Promise<readonly AudioInput[]> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch {
    throw new Error(`input not found: ${input}`);
  }
  if (stat.isFile()) return [{ absolute: path.resolve(input), relative: path.basename(input) }];
  const out: AudioInput[] = [];
  await walk(path.resolve(input), path.resolve(input), out);
  if (out.length === 0) throw new Error(`no audio files (${AUDIO_EXTENSIONS.join(', ')}) found in ${input}`);
  return out;
}

/** The deepest folder holding every one of `files` (absolute paths). */
function commonFolder(files: readonly string[]): string {
  const split = files.map((file) => path.dirname(file).split(path.sep));
  const first = split[0] ?? [];
  let depth = first.length;
  for (const parts of split) {
    let k = 0;
    while (k < depth && parts[k] === first[k]) k += 1;
    depth = k;
  }
  return first.slice(0, depth).join(path.sep) || path.sep;
}

/**
 * The audio files a list of paths names (folders expanded as listAudioInputs does), in order, each named
 * relative to the deepest folder holding them all: `find data -name '*.wav'` mirrors data/'s layout. A
 * listed file that does not exist stays in, to fail with the other unreadable files.
 */
export async function listAudioInputsOf(paths: readonly string[]): Promise<readonly AudioInput[]> {
  const absolutes: string[] = [];
  for (const p of paths) {
    const isFolder = await fs.stat(p).then(
      (stat) => stat.isDirectory(),
      () => false,
    );
    if (isFolder) absolutes.push(...(await listAudioInputs(p)).map((input) => input.absolute));
    else absolutes.push(path.resolve(p));
  }
  const root = commonFolder(absolutes);
  return absolutes.map((absolute) => ({ absolute, relative: path.relative(root, absolute).split(path.sep).join('/') }));
}

export function npyPathFor(relative: string): string {
  const extension = path.posix.extname(relative);
  return `${relative.slice(0, relative.length - extension.length)}.npy`;
}

export interface FeatureExportOptions {
  /** A file or a folder (searched recursively), or a list of paths (see listAudioInputsOf). */
  readonly input: string | readonly string[];
  readonly outDir: string;
  readonly frontEnd: FrontEndConfig;
  /** Called after each file, for progress lines. */
  readonly onFile?: (file: string, frames: number | null) => void;
}

export async function exportFeatures(options: FeatureExportOptions): Promise<FeatureExportResult> {
  const inputs = typeof options.input === 'string' ? await listAudioInputs(options.input) : await listAudioInputsOf(options.input);
  const extractor = new LogMelExtractor(options.frontEnd);
  const written: string[] = [];
  const failures: { file: string; message: string }[] = [];
  const claimed = new Map<string, string>();
  for (const input of inputs) {
    const target = npyPathFor(input.relative);
    const earlier = claimed.get(target);
    if (earlier !== undefined) {
      failures.push({ file: input.relative, message: `${input.relative}: skipped, ${earlier} already maps to ${target}` });
      options.onFile?.(input.relative, null);
      continue;
    }
    claimed.set(target, input.relative);
    try {
      const samples = await loadMonoClip(input.absolute, options.frontEnd.sampleRate, { displayName: input.relative });
      if (samples.length < extractor.minSamples) {
        throw new Error(`${input.relative}: too short for features (${samples.length} samples at ${options.frontEnd.sampleRate} Hz, need ${extractor.minSamples})`);
      }
      const features = extractor.compute(samples);
      const frames = features.length / options.frontEnd.nMels;
      await writeFileAtomic(path.join(options.outDir, ...target.split('/')), encodeNpy(features, [frames, options.frontEnd.nMels]));
      written.push(target);
      options.onFile?.(input.relative, frames);
    } catch (error) {
      failures.push({ file: input.relative, message: error instanceof Error ? error.message : String(error) });
      options.onFile?.(input.relative, null);
    }
  }
  return { written, failures };
}
