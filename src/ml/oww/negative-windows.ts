/**
 * Long negative recordings (negative/ and background/ files of several seconds or more: generated speech,
 * podcasts, radio, meetings) as training windows. Each is embedded ONCE through openWakeWord's run-time
 * feature path (step-embeddings.ts, cached on disk), and every `hop`-th 80 ms step is a candidate negative
 * window: the exact classifier input the detector would see there. Only the rows are kept (96 floats per
 * step, 17 MB an hour); a window is a view into them, built when a batch needs it.
 *
 * No augmented copies are made of long recordings: their point is the amount of real variety (an hour gives
 * 45,000 windows), the short clips' augmented copies already teach noise and reverberation, and each extra
 * pass would cost as much as the first (about 12x real time on two cores).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SplitManifest } from '../../shared/core/dataset/manifest';
import type { ClipKind } from '../../shared/core/metrics';
import type { Rng } from '../../shared/core/audio/rng';
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { probeFileSync } from '../../node/dataset/probe-file';
import type { OwwBackbone } from './backbone';
import type { OwwEmbeddingCache } from './embedding-cache';
import { cachedRecordingSteps, STEP_RECIPE, stepInput, type StepEmbeddings } from './step-embeddings';
import { errorMessage } from '../../shared/error-message';
import { LONG_RECORDING_SECONDS } from '../../shared/core/dataset/split';

/** Step i reads rows i+1..i+16 and rows 0..15 are the noise seed, so steps 0..14 still hold seeded history: never windows. */
export const SEEDED_STEPS = OWW_CONTEXT_EMBEDDINGS - 1;

/** Windows of a recording of `steps` steps at `hop`: steps 15, 15 + hop, ... */
export function windowCount(steps: number, hop: number): number {
  return steps > SEEDED_STEPS ? Math.ceil((steps - SEEDED_STEPS) / hop) : 0;
}

export interface LongRecording {
  /** Relative to data/raw. */
  readonly relative: string;
  readonly kind: ClipKind;
  readonly embeddings: StepEmbeddings;
}

/** All windows of the long recordings, addressed by id 0..count-1 (recording by recording, in step order). */
export class LongNegativeWindows {
  /** First window id of each recording, plus the total at the end. */
  private readonly starts: number[];

  constructor(
    readonly recordings: readonly LongRecording[],
    readonly hop: number,
  ) {
    if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`long negatives: hop must be a whole number of steps >= 1 (got ${String(hop)})`);
    this.starts = [0];
    for (const recording of recordings) this.starts.push((this.starts.at(-1) as number) + windowCount(recording.embeddings.steps, hop));
  }

  get count(): number {
    return this.starts.at(-1) as number;
  }

  /** The recording index and step of window `id`. */
  locate(id: number): { readonly recording: number; readonly step: number } {
    if (!Number.isInteger(id) || id < 0 || id >= this.count) throw new RangeError(`window ${String(id)} is outside 0..${String(this.count - 1)}`);
    let low = 0;
    let high = this.recordings.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= id) low = mid;
      else high = mid - 1;
    }
    return { recording: low, step: SEEDED_STEPS + (id - (this.starts[low] as number)) * this.hop };
  }

  /** The classifier input [16 x 96] of window `id`: a view into its recording's rows. */
  input(id: number): Float32Array {
    const { recording, step } = this.locate(id);
    return stepInput((this.recordings[recording] as LongRecording).embeddings, step);
  }

  kind(id: number): ClipKind {
    return (this.recordings[this.locate(id).recording] as LongRecording).kind;
  }

  /** "negative/podcast.wav@1234": stable while the file is unchanged. */
  key(id: number): string {
    const { recording, step } = this.locate(id);
    return `${(this.recordings[recording] as LongRecording).relative}@${String(step)}`;
  }
}

/** `count` distinct ids from 0..total-1 (all of them, in order, when count >= total), drawn from `rng`. */
export function sampleIds(total: number, count: number, rng: Rng): Int32Array {
  const ids = Int32Array.from({ length: total }, (_, i) => i);
  if (count >= total) return ids;
  // Partial Fisher–Yates: the first `count` slots end up a uniform sample without replacement.
  for (let i = 0; i < count; i += 1) {
    const j = rng.int(i, total - 1);
    const tmp = ids[i] as number;
    ids[i] = ids[j] as number;
    ids[j] = tmp;
  }
  return ids.slice(0, count);
}

export interface LongNegativeSource {
  readonly relative: string;
  readonly kind: ClipKind;
  readonly seconds: number;
}

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

/**
 * The training split's long recordings: negative/ files whose scanned duration reaches LONG_RECORDING_SECONDS,
 * the bound by which the split shares them out by hours, and background/ files (not in the split's file list,
 * so probed here, header only). Shorter files and files of unknown duration stay clips (clean + augmented copies).
 */
export function findLongNegatives(raw: string, train: SplitManifest): LongNegativeSource[] {
  const out: LongNegativeSource[] = [];
  for (const file of train.files) {
    if (file.category === 'negative' && file.durationSeconds !== null && file.durationSeconds >= LONG_RECORDING_SECONDS) out.push({ relative: file.path, kind: 'negative', seconds: file.durationSeconds });
  }
  for (const relative of train.augmentation.background) {
    const probed = probeFileSync(path.join(raw, relative), extensionOf(relative));
    const seconds = probed.outcome.ok ? probed.outcome.info.durationSeconds : null;
    if (seconds !== null && seconds >= LONG_RECORDING_SECONDS) out.push({ relative, kind: 'background', seconds });
  }
  return out;
}

/** Progress in steps of audio embedded (cache hits count whole), over all long recordings. */
export type LongProgress = (done: number, total: number, detail: string) => void;

/** Embeds (or reads from the cache) every long recording's steps; unreadable files become warnings. */
export async function embedLongNegatives(
  raw: string,
  sources: readonly LongNegativeSource[],
  cache: OwwEmbeddingCache,
  backbone: OwwBackbone,
  onProgress: LongProgress,
  warnings: string[],
): Promise<LongRecording[]> {
  const expected = sources.map((source) => Math.floor((source.seconds * OWW_SAMPLE_RATE) / OWW_CHUNK_SAMPLES));
  const total = expected.reduce((a, b) => a + b, 0);
  const hours = (total * OWW_CHUNK_SAMPLES) / OWW_SAMPLE_RATE / 3600;
  let done = 0;
  const recordings: LongRecording[] = [];
  for (const [index, source] of sources.entries()) {
    const file = path.join(raw, source.relative);
    const detail = (within: number): string =>
      `Embedding long negative recordings (${hours.toFixed(2)} h): ${source.relative}, file ${String(index + 1)}/${String(sources.length)}, ${(done + within).toLocaleString('en-US')}/${total.toLocaleString('en-US')} steps`;
    onProgress(done, total, detail(0));
    let info;
    try {
      info = await stat(file);
    } catch {
      warnings.push(`Skipped ${source.relative}: the file is missing (scan and split the dataset again)`);
      done += expected[index] as number;
      continue;
    }
    const key = cache.key({ file, size: info.size, mtimeMs: info.mtimeMs, recipe: STEP_RECIPE, seed: 0, copy: 0 });
    const load = async (): Promise<Float32Array | null> => {
      try {
        return await loadMonoClip(file, OWW_SAMPLE_RATE, { displayName: source.relative });
      } catch (error) {
        warnings.push(`Skipped ${source.relative}: ${errorMessage(error)}`);
        return null;
      }
    };
    const embeddings = await cachedRecordingSteps(cache, key, backbone, load, (steps) => onProgress(done + steps, total, detail(steps)));
    done += expected[index] as number;
    if (embeddings) recordings.push({ relative: source.relative, kind: source.kind, embeddings });
  }
  if (sources.length > 0) onProgress(total, total, `Embedded ${String(recordings.length)} long negative recordings (${hours.toFixed(2)} h)`);
  return recordings;
}
