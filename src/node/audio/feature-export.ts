/**
 * Audio files -> one float32 .npy of log-mel features [frames, n_mels] each, mirroring the input's folder
 * layout (IN/a/b.wav -> OUT/a/b.npy). A feature cache, and the interchange format with Python tools.
 * A file that fails is reported and skipped; the others are still written.
 */
import { promises as fs, rename, writeFile } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import type { FrontEndConfig } from '../../shared/core/audio/front-end-config';
import { encodeNpy, littleEndian, npyHeader } from '../../shared/core/audio/npy';
import { AUDIO_EXTENSIONS, decodeAudioBytes, readAudioBytes, toMono } from './decode-audio';
import { errorMessage } from '../../shared/error-message';
import { createLogMelFrontEnd } from './log-mel-simd';
import { pcm16MonoView } from './wav-decoder';

// The callback API: one thread-pool job per call, far less main-thread work than fs.promises' FileHandle path.
const writeFileAsync = promisify(writeFile);
const renameAsync = promisify(rename);

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

/**
 * Files read ahead of the one being computed, and .npy writes in flight. With the front end in wasm SIMD,
 * creating the output files dominates (open with O_EXCL, write, close and rename: four thread-pool round trips
 * per file, each slow on a busy disk), so several writes overlap each other and the computing; the thread pool
 * has four threads. Reading ahead is kept short: a file is held in memory whole.
 */
const READ_AHEAD = 2;
const WRITES_IN_FLIGHT = 6;
/** Output buffers up to this size are kept for the next files; a longer recording's is left to the GC. */
const RETAINED_BUFFER_BYTES = 4 << 20;

/**
 * The .npy files of one export. Each is written under a temporary name and renamed over its target, so a
 * reader never sees half a file, but without writeFileAtomic's two fsyncs per file: those left the command
 * waiting on the disk most of the time, and a feature cache is rebuilt from its audio after a power cut.
 * Each write in flight has its own output buffer (a slot), reused once that write is done.
 */
class NpyFileWriter {
  private readonly buffers: Uint8Array[] = Array.from({ length: WRITES_IN_FLIGHT }, () => new Uint8Array(0));
  private readonly folders = new Map<string, Promise<unknown>>();
  private written = 0;

  constructor(private readonly outDir: string) {}

  /** Slot `slot`'s buffer holding the header of a float32 array of `shape`, and a view of its data. */
  next(slot: number, shape: readonly [number, number]): { readonly bytes: Uint8Array; readonly data: Float32Array } {
    const header = npyHeader(shape);
    const size = header.length + shape[0] * shape[1] * 4;
    let buffer = this.buffers[slot] as Uint8Array;
    if (buffer.length < size) {
      buffer = new Uint8Array(Math.max(size, Math.ceil(buffer.length * 1.5)));
      if (buffer.length <= RETAINED_BUFFER_BYTES) this.buffers[slot] = buffer;
    }
    buffer.set(header, 0);
    return { bytes: buffer.subarray(0, size), data: new Float32Array(buffer.buffer, header.length, shape[0] * shape[1]) };
  }

  async write(target: string, bytes: Uint8Array): Promise<void> {
    const file = path.join(this.outDir, ...target.split('/'));
    const dir = path.dirname(file);
    // One mkdir per folder, which the other writes into that folder wait for.
    let folder = this.folders.get(dir);
    if (!folder) {
      folder = fs.mkdir(dir, { recursive: true });
      this.folders.set(dir, folder);
    }
    await folder;
    this.written += 1;
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${this.written}.tmp`);
    try {
      await writeFileAsync(temp, bytes, { flag: 'wx' });
      await renameAsync(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}

/** Starts reading a file; a failure surfaces when the promise is awaited, never as an unhandled rejection. */
function startReading(input: AudioInput): Promise<Uint8Array> {
  const bytes = readAudioBytes(input.absolute, input.relative);
  bytes.catch(() => undefined);
  return bytes;
}

export async function exportFeatures(options: FeatureExportOptions): Promise<FeatureExportResult> {
  const inputs = typeof options.input === 'string' ? await listAudioInputs(options.input) : await listAudioInputsOf(options.input);
  const { sampleRate, nMels } = options.frontEnd;
  // One extractor (window, FFT plan, filterbank, scratch rows) and one pair of output buffers for every file;
  // the wasm SIMD front end where the runtime has it (log-mel-simd.ts), else the JavaScript one.
  const extractor = createLogMelFrontEnd(options.frontEnd);
  const writer = new NpyFileWriter(options.outDir);
  const inPlace = littleEndian();
  const written: string[] = [];
  const failures: { file: string; message: string }[] = [];
  const fail = (input: AudioInput, error: unknown): void => {
    failures.push({ file: input.relative, message: errorMessage(error) });
    options.onFile?.(input.relative, null);
  };
  const claimed = new Map<string, string>();
  // Files are reported in input order, each once its .npy is in place: every outcome is chained onto the
  // report before it. A slot is free again once its file is reported.
  let reported: Promise<void> = Promise.resolve();
  const report = (outcome: Promise<() => void>): Promise<void> => {
    reported = Promise.all([reported, outcome]).then(([, tell]) => tell());
    return reported;
  };
  const slots: Promise<void>[] = Array.from({ length: WRITES_IN_FLIGHT }, () => Promise.resolve());
  const reads = new Map<number, Promise<Uint8Array>>();
  let started = 0;
  for (let i = 0; i < inputs.length; i += 1) {
    const input = inputs[i] as AudioInput;
    // The next files are read from disk while this one is decoded and transformed.
    for (; started < Math.min(inputs.length, i + 1 + READ_AHEAD); started += 1) reads.set(started, startReading(inputs[started] as AudioInput));
    const bytes = reads.get(i) as Promise<Uint8Array>;
    reads.delete(i);
    const target = npyPathFor(input.relative);
    const earlier = claimed.get(target);
    if (earlier !== undefined) {
      const message = `${input.relative}: skipped, ${earlier} already maps to ${target}`;
      report(
        Promise.resolve(() => {
          failures.push({ file: input.relative, message });
          options.onFile?.(input.relative, null);
        }),
      );
      continue;
    }
    claimed.set(target, input.relative);
    const slot = i % WRITES_IN_FLIGHT;
    let npy: Uint8Array;
    let frames: number;
    try {
      const data = await bytes;
      // A mono 16-bit WAV at the front end's rate (nearly every clip) goes to the front end as it is stored;
      // anything else is decoded, mixed down and resampled first. Both give the same floats.
      const pcm = pcm16MonoView(data, input.relative);
      const direct = pcm !== null && pcm.sampleRate === sampleRate ? pcm.samples : null;
      const samples = direct ?? toMono(await decodeAudioBytes(data, input.relative), sampleRate);
      if (samples.length < extractor.minSamples) {
        throw new Error(`${input.relative}: too short for features (${samples.length} samples at ${sampleRate} Hz, need ${extractor.minSamples})`);
      }
      frames = extractor.frameCount(samples.length);
      const computeInto = (out: Float32Array): void => {
        if (direct) extractor.computePcm16Into(direct, out);
        else extractor.computeInto(samples as Float32Array, out);
      };
      if (inPlace) {
        // The slot's buffer is free once its earlier file is written.
        await slots[slot];
        const out = writer.next(slot, [frames, nMels]);
        computeInto(out.data);
        npy = out.bytes;
      } else {
        const features = new Float32Array(frames * nMels);
        computeInto(features);
        npy = encodeNpy(features, [frames, nMels]);
      }
    } catch (error) {
      report(Promise.resolve(() => fail(input, error)));
      continue;
    }
    const done = frames;
    slots[slot] = report(
      writer.write(target, npy).then(
        () => () => {
          written.push(target);
          options.onFile?.(input.relative, done);
        },
        (error: unknown) => () => fail(input, error),
      ),
    );
  }
  await reported;
  return { written, failures };
}
