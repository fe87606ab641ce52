/**
 * File operations of the evaluation panel on the workspace's data/raw: reading a clip for playback,
 * copying a false positive into hard_negative/, and cutting a mined detection out of a long recording.
 * Paths from the UI are checked to stay inside data/raw.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { ClipAudio } from '../../shared/contract/evaluation-contract';
import { loadMonoClip } from '../audio/decode-audio';
import { writeFileAtomic } from '../fs/atomic-write';
import { ensureFolderInside, OutsideWorkspaceError, resolveExistingInside } from '../fs/workspace-paths';
import { encodeWavPcm16 } from '../../shared/core/audio/pcm16-wav';

/** Playback is for clips; a file above this is refused rather than sent whole over the contract. */
const MAX_CLIP_BYTES = 25 * 1024 * 1024;
const SEGMENT_RATE = 16000;

const MIME: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.wave': 'audio/wav',
  '.flac': 'audio/flac',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
};

const rawRootOf = (workspace: string): string => path.resolve(workspace, 'data', 'raw');

/** The real path of `relative` under <workspace>/data/raw; refuses anything that escapes it, links included. */
export async function rawFile(workspace: string, relative: string): Promise<string> {
  if (path.isAbsolute(relative)) throw new OutsideWorkspaceError(`${relative}: not a path inside data/raw`);
  return resolveExistingInside(rawRootOf(workspace), relative).catch((error: unknown) => {
    if (error instanceof OutsideWorkspaceError) throw new OutsideWorkspaceError(`${relative}: not a path inside data/raw`);
    throw new Error(`${relative}: file not found in data/raw (scan the dataset again?)`);
  });
}

const toPosix = (relative: string): string => relative.split(path.sep).join('/');

export async function readClip(workspace: string, relative: string): Promise<ClipAudio> {
  const file = await rawFile(workspace, relative);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new Error(`${relative}: file not found in data/raw (scan the dataset again?)`);
  if (stat.size > MAX_CLIP_BYTES) throw new Error(`${relative}: ${(stat.size / 1024 ** 2).toFixed(0)} MB is too large to play here`);
  const bytes = await fs.readFile(file);
  return { name: path.basename(file), mime: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream', base64: bytes.toString('base64') };
}

/** A recording for playback in the panel (`file` already confined by the caller); `shown` names it in messages. */
export async function readRecordingAudio(file: string, shown: string): Promise<ClipAudio> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new Error(`${shown}: file not found`);
  if (stat.size > MAX_CLIP_BYTES) throw new Error(`${shown}: ${(stat.size / 1024 ** 2).toFixed(0)} MB is too large to play here (${String(MAX_CLIP_BYTES / 1024 ** 2)} MB at most); its scores and plot are still shown`);
  const bytes = await fs.readFile(file);
  return { name: path.basename(file), mime: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream', base64: bytes.toString('base64') };
}

/** `name.ext`, `name_2.ext`, `name_3.ext` ... in `dir`: the first that does not exist is created. */
async function copyWithoutClobbering(source: string, dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10000; n++) {
    const target = path.join(dir, n === 1 ? name : `${stem}_${String(n)}${ext}`);
    try {
      await fs.copyFile(source, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${dir}: too many files named like ${name}`);
}

/** Copies a clip (a false positive) into data/raw/hard_negative, renaming on a name collision. */
export async function addToHardNegative(workspace: string, relative: string): Promise<string> {
  const source = await rawFile(workspace, relative);
  if (!(await fs.stat(source).catch(() => null))?.isFile()) throw new Error(`${relative}: file not found in data/raw`);
  const rawRoot = await fs.realpath(rawRootOf(workspace));
  const target = await copyWithoutClobbering(source, await ensureFolderInside(rawRoot, 'hard_negative'), path.basename(source));
  return toPosix(path.relative(rawRoot, target));
}

/** [start, end] seconds of an audio file as a 16 kHz mono WAV (`file` already checked to lie inside the workspace). */
export async function segmentWav(file: string, start: number, end: number): Promise<Uint8Array> {
  if (!(end > start)) throw new Error(`segment end (${String(end)} s) must come after its start (${String(start)} s)`);
  if (end - start > 30) throw new Error(`segment of ${(end - start).toFixed(1)} s is too long for a candidate clip (30 s at most)`);
  const audio = await loadMonoClip(file, SEGMENT_RATE, { displayName: path.basename(file) });
  const from = Math.min(audio.length, Math.round(start * SEGMENT_RATE));
  const to = Math.min(audio.length, Math.round(end * SEGMENT_RATE));
  if (to <= from) throw new Error(`${path.basename(file)}: ${start.toFixed(2)}-${end.toFixed(2)} s lies beyond its ${(audio.length / SEGMENT_RATE).toFixed(2)} s`);
  return encodeWavPcm16(audio.subarray(from, to), SEGMENT_RATE);
}

/** Saves a mined detection as data/raw/hard_negative/mined/<file>_<ms>ms.wav (renamed on collision). */
export async function saveCandidate(workspace: string, requestedFile: string, start: number, end: number): Promise<string> {
  const file = await resolveExistingInside(workspace, requestedFile, 'file');
  const bytes = await segmentWav(file, start, end);
  await ensureFolderInside(workspace, path.join('data', 'raw'));
  const rawRoot = await fs.realpath(rawRootOf(workspace));
  const dir = await ensureFolderInside(rawRoot, path.join('hard_negative', 'mined'));
  const stem = `${path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-')}_${String(Math.round(start * 1000))}ms`;
  for (let n = 1; n < 10000; n++) {
    const target = path.join(dir, `${stem}${n === 1 ? '' : `_${String(n)}`}.wav`);
    const exists = await fs.access(target).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await writeFileAtomic(target, bytes);
    return toPosix(path.relative(rawRoot, target));
  }
  throw new Error(`${dir}: too many candidates named ${stem}`);
}

export function wavClip(name: string, bytes: Uint8Array): ClipAudio {
  return { name, mime: 'audio/wav', base64: Buffer.from(bytes).toString('base64') };
}
