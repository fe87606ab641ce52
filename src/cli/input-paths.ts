/**
 * The audio files a command works on, given without the shell's help: paths on the command line (a folder
 * stands for every audio file under it), and lists of paths read from a file or standard input
 * (`--files-from FILE`, `--files-from -`, or a lone `-`), so a folder of thousands of files never has to
 * fit on a command line.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listAudioInputs } from '../node/audio/feature-export';
import { CliError } from './cli-error';
import { errorMessage } from '../shared/error-message';

/** Where a command reads `-` from (process.stdin, or a stream in tests). */
export type InputStream = NodeJS.ReadableStream & { readonly isTTY?: boolean };

export interface InputSources {
  /** Paths as given: files, folders, or `-` for a list on standard input. */
  readonly paths: readonly string[];
  /** A file listing paths, or `-` for standard input. */
  readonly filesFrom?: string | undefined;
}

/** One path per line (blank lines skipped, CRLF accepted), or NUL-separated as `find -print0` writes them. */
export function parsePathList(text: string): string[] {
  const separator = text.includes('\0') ? '\0' : /\r?\n/;
  return text.split(separator).filter((line) => line.trim() !== '');
}

async function readStream(stream: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The paths listed in `source` (a file, or `-` for standard input), relative ones as they are (from the current folder). */
export async function readPathList(source: string, stdin: InputStream): Promise<string[]> {
  if (source === '-') {
    if (stdin.isTTY === true) throw new CliError('standard input is a terminal: pipe a list of paths into it (one per line), e.g. `find data -name "*.wav" | wakeword …`', 2);
    return parsePathList(await readStream(stdin));
  }
  let text: string;
  try {
    text = await fs.readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--files-from ${source}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder; give the folder itself as an input instead' : `cannot be read (${code ?? String(error)})`}`, 2);
  }
  return parsePathList(text);
}

/** Every path the sources name, in order: the command line's first, then the list's. */
export async function collectInputPaths(sources: InputSources, stdin: InputStream): Promise<string[]> {
  const dashes = sources.paths.filter((p) => p === '-').length + (sources.filesFrom === '-' ? 1 : 0);
  if (dashes > 1) throw new CliError('standard input can be read only once: give `-` (or `--files-from -`) a single time', 2);
  const out: string[] = [];
  for (const p of sources.paths) {
    if (p === '-') out.push(...(await readPathList('-', stdin)));
    else out.push(p);
  }
  if (sources.filesFrom !== undefined) out.push(...(await readPathList(sources.filesFrom, stdin)));
  return out;
}

/**
 * Files to process, in order: each folder replaced by the audio files under it (recursively, sorted, hidden
 * entries skipped), each file kept as given; a path that does not exist is kept, so it is reported with the
 * other per-file errors.
 */
export async function expandAudioPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const isFolder = await fs.stat(p).then(
      (stat) => stat.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      out.push(p);
      continue;
    }
    try {
      for (const input of await listAudioInputs(p)) out.push(path.join(p, ...input.relative.split('/')));
    } catch (error) {
      throw new CliError(errorMessage(error));
    }
  }
  return out;
}

/** The files `sources` name, folders expanded; a clear usage error when there are none. */
export async function gatherAudioFiles(sources: InputSources, stdin: InputStream): Promise<string[]> {
  const files = await expandAudioPaths(await collectInputPaths(sources, stdin));
  if (files.length === 0) {
    const from = sources.filesFrom !== undefined || sources.paths.includes('-') ? ' (the list of paths was empty)' : '';
    throw new CliError(`no input files${from}: give audio files or folders, --files-from FILE, or - to read paths from standard input`, 2);
  }
  return files;
}
