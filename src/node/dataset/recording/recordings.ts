/**
 * Recorded takes: saving one (16-bit PCM at the capture rate -> 16 kHz mono 16-bit WAV, written
 * atomically under data/raw/<category>/recorded/) and deleting one. Deletion takes a path from the
 * page, so it only ever removes a .wav whose real path (links resolved) is inside a recorded/ folder of
 * the workspace, and refuses everything else with one message that says nothing about the outside file.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resample } from '../../../shared/core/audio/resample';
import { encodeWavPcm16 } from '../../../shared/core/audio/pcm16-wav';
import { peakOf } from '../../../shared/core/audio/trim-silence';
import { DATASET_CATEGORIES, RAW_DIR } from '../../../shared/core/dataset/categories';
import {
  MAX_TAKE_SECONDS,
  MIN_TAKE_SECONDS,
  RECORDED_FOLDER,
  SAVED_SAMPLE_RATE,
  recordedFolder,
  type RecordCategory,
  type SavedRecording,
} from '../../../shared/core/dataset/recording/recording-types';
import { writeFileAtomic } from '../../fs/atomic-write';
import { isInsideFolder } from '../../fs/workspace-paths';

export interface SaveRecordingRequest {
  readonly category: RecordCategory;
  readonly sampleRate: number;
  /** Mono 16-bit little-endian PCM, base64. */
  readonly pcm16: string;
}

function decodePcm16(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) throw new Error(`the take has ${bytes.length} bytes, not a whole number of 16-bit samples`);
  const samples = new Float32Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
  return samples;
}

/** "take-20261207-145501-3f9a2c.wav": sorts by time, and the random part keeps two takes in one second apart. */
function takeName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `take-${stamp}-${randomBytes(3).toString('hex')}.wav`;
}


export async function saveRecording(workspace: string, request: SaveRecordingRequest, now = new Date()): Promise<SavedRecording> {
  const captured = decodePcm16(request.pcm16);
  const seconds = captured.length / request.sampleRate;
  if (seconds > MAX_TAKE_SECONDS) throw new Error(`the take is ${seconds.toFixed(1)} s long; takes are at most ${MAX_TAKE_SECONDS} s`);
  if (seconds < MIN_TAKE_SECONDS) throw new Error(`the take is ${seconds.toFixed(2)} s long; takes are at least ${MIN_TAKE_SECONDS} s`);
  const samples = request.sampleRate === SAVED_SAMPLE_RATE ? captured : resample(captured, request.sampleRate, SAVED_SAMPLE_RATE);

  const root = await fs.realpath(workspace);
  const folder = path.join(root, recordedFolder(request.category));
  await fs.mkdir(folder, { recursive: true });
  // A recorded/ folder that links elsewhere would put takes where "delete" cannot reach them.
  if ((await fs.realpath(folder)) !== folder) throw new Error(`${recordedFolder(request.category)} links to another folder: recordings are only saved inside the workspace`);
  const name = takeName(now);
  await writeFileAtomic(path.join(folder, name), encodeWavPcm16(samples, SAVED_SAMPLE_RATE));
  return { path: `${recordedFolder(request.category)}/${name}`, durationSeconds: samples.length / SAVED_SAMPLE_RATE, peak: peakOf(samples) };
}

/** Removes one saved take; `relative` is relative to the workspace, as save returned it. */
export async function deleteRecording(workspace: string, relative: string): Promise<{ readonly deleted: string }> {
  const refused = new Error(`${JSON.stringify(relative.slice(0, 200))} is not a recording of this workspace: only .wav takes under ${RAW_DIR}/<category>/${RECORDED_FOLDER}/ can be deleted`);
  const root = await fs.realpath(workspace);
  const normal = path.posix.normalize(relative.replace(/\\/g, '/'));
  const parts = normal.split('/');
  // Lexically first: data/raw/<category>/recorded/.../<name>.wav, with no ".." and not absolute.
  if (path.isAbsolute(relative) || normal.includes('\0') || parts.includes('..') || parts.length < 5) throw refused;
  const [data, raw, category, folder] = parts;
  if (`${data}/${raw}` !== RAW_DIR || !(DATASET_CATEGORIES as readonly string[]).includes(category ?? '') || folder !== RECORDED_FOLDER) throw refused;
  if (!normal.toLowerCase().endsWith('.wav')) throw refused;

  // Then on disk: the recorded/ folder and the file itself must really be there, not links to elsewhere.
  const allowed = path.join(root, RAW_DIR, category ?? '', RECORDED_FOLDER);
  const real = await fs.realpath(path.join(root, normal)).catch(() => null);
  const realFolder = await fs.realpath(allowed).catch(() => null);
  if (realFolder !== allowed) throw refused;
  if (real === null) {
    // Only said when the path is inside the real recorded/ folder, so it reveals nothing outside.
    const parent = await fs.realpath(path.dirname(path.join(root, normal))).catch(() => null);
    if (parent !== null && isInsideFolder(parent, allowed)) throw new Error(`${normal}: no such recording (already deleted?)`);
    throw refused;
  }
  if (!isInsideFolder(real, allowed) || !real.toLowerCase().endsWith('.wav')) throw refused;
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw refused;
  await fs.rm(real);
  return { deleted: normal };
}
