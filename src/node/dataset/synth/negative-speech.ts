/**
 * Negative speech: random everyday sentences (never the wake phrase) spoken across every chosen voice, joined
 * with short pauses into long 16 kHz mono files, the kind of continuous audio FAH is measured on and a model
 * must learn to ignore. Utterances are spoken `concurrency` at a time, in order; each file is written to a
 * hidden temp name and linked into place whole, so a cancel or failure never leaves a half-written WAV.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createRng } from '../../../shared/core/audio/rng';
import { encodeWavPcm16 } from '../../../shared/core/audio/pcm16-wav';
import { createSentenceStream } from '../../../shared/core/dataset/synth/sentences';
import { MAX_NEGATIVE_HOURS, type NegativeSpeechResult } from '../../../shared/core/dataset/synth/synth-types';
import { drawDelivery, voiceWalk, type SpeechParams } from '../../../shared/core/dataset/synth/voices';
import { placeWithoutOverwrite } from '../import/place-file';
import { derivedSeed } from './synthesize-set';
import { recordVoice, speakUtterance, SYNTH_SAMPLE_RATE } from './synthesize-phrase';
import type { VoiceCatalog } from './voice-catalog';

/** Each file is about this long: long enough for streaming FAH, short enough to split across train/val/test. */
export const NEGATIVE_FILE_SECONDS = 180;
export { MAX_NEGATIVE_HOURS };

export interface NegativeSpeechOptions {
  readonly catalog: Pick<VoiceCatalog, 'speak' | 'voices'>;
  /** Voice ids to speak with (default: all in the catalog). */
  readonly voices?: readonly string[];
  readonly hours: number;
  readonly outDir: string;
  /** Sentences never contain its words in sequence. */
  readonly wakePhrase: string;
  readonly seed: number;
  readonly fileSeconds?: number;
  /** Engine processes at once (2 keeps two cores busy without starving the rest). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly showFolder?: (folder: string) => string;
  /** Seconds of audio done so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

export class NegativeSpeechCancelledError extends Error {
  override readonly name = 'NegativeSpeechCancelledError';
  constructor() {
    super('negative speech generation was cancelled (no partial files were kept)');
  }
}

interface Utterance {
  readonly params: SpeechParams;
  readonly pauseSeconds: number;
  readonly samples: Promise<Float32Array>;
}

/** Splits `total` samples into files of about `fileSamples` each, all of similar length. */
export function fileLengths(total: number, fileSamples: number): number[] {
  if (total <= 0) return [];
  const count = Math.max(1, Math.round(total / fileSamples));
  return Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
}

export async function generateNegativeSpeech(options: NegativeSpeechOptions): Promise<NegativeSpeechResult> {
  const started = performance.now();
  if (!(options.hours > 0) || options.hours > MAX_NEGATIVE_HOURS) throw new Error(`hours must be more than 0 and at most ${MAX_NEGATIVE_HOURS}`);
  const voices = options.voices ?? options.catalog.voices;
  if (voices.length === 0) throw new Error('no voices to speak with');
  const rate = SYNTH_SAMPLE_RATE;
  const total = Math.round(options.hours * 3600 * rate);
  const lengths = fileLengths(total, Math.round((options.fileSeconds ?? NEGATIVE_FILE_SECONDS) * rate));
  const sentences = createSentenceStream(derivedSeed(options.seed, 1), options.wakePhrase);
  const voiceAt = voiceWalk(voices, createRng(options.seed));
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const used = new Set<string>();
  let index = 0;
  const start = (): Utterance => {
    const i = index++;
    // Each utterance's delivery comes from its own stream, so it does not depend on timing or concurrency.
    const rng = createRng(derivedSeed(options.seed ^ 0x5bd1e995, i));
    const params: SpeechParams = { voice: voiceAt(i), ...drawDelivery(rng), text: sentences.next(), leadMs: 0 };
    const samples = speakUtterance(options.catalog, params, 0);
    samples.catch(() => undefined); // awaited in order below; this only keeps an early failure from being "unhandled"
    return { params, pauseSeconds: rng.uniform(0.25, 0.9), samples };
  };
  const pending: Utterance[] = [];
  const files: string[] = [];
  let spoken = 0;
  let doneSamples = 0;
  await fs.mkdir(options.outDir, { recursive: true });
  const width = Math.max(3, String(lengths.length).length);
  try {
    for (let f = 0; f < lengths.length; f++) {
      const length = lengths[f] as number;
      const audio = new Float32Array(length);
      const segments: { start: number; end: number; voice: string; text: string }[] = [];
      let at = 0;
      while (at < length) {
        if (options.signal?.aborted) throw new NegativeSpeechCancelledError();
        while (pending.length < concurrency) pending.push(start());
        const next = pending.shift() as Utterance;
        const speech = await next.samples;
        const take = Math.min(speech.length, length - at);
        audio.set(speech.subarray(0, take), at);
        // A sentence cut at the file's end fades out rather than clicking.
        if (take < speech.length) for (let k = 0, fade = Math.min(take, rate / 50); k < fade; k++) audio[at + take - 1 - k] = (audio[at + take - 1 - k] as number) * (k / fade);
        segments.push({ start: Number((at / rate).toFixed(3)), end: Number(((at + take) / rate).toFixed(3)), voice: next.params.voice, text: next.params.text });
        used.add(next.params.voice);
        spoken++;
        at = Math.min(length, at + take + Math.round(next.pauseSeconds * rate));
        options.onProgress?.((doneSamples + at) / rate, total / rate);
      }
      if (options.signal?.aborted) throw new NegativeSpeechCancelledError();
      const temp = path.join(options.outDir, `.negative-speech-${randomBytes(6).toString('hex')}.part`);
      try {
        await fs.writeFile(temp, encodeWavPcm16(audio, rate));
        const placed = await placeWithoutOverwrite(temp, options.outDir, `speech_s${options.seed}_${String(f + 1).padStart(width, '0')}.wav`);
        files.push(path.join(options.outDir, placed));
        await recordVoice(options.outDir, { file: placed, seconds: length / rate, segments });
      } finally {
        await fs.rm(temp, { force: true });
      }
      doneSamples += length;
    }
  } finally {
    // Utterances started ahead of need: let them finish (their processes exit) and drop them.
    await Promise.allSettled(pending.map((utterance) => utterance.samples));
  }
  const show = options.showFolder ?? ((folder: string) => folder);
  return { folder: show(options.outDir), files: files.map(show), seconds: total / rate, sentences: spoken, voices: used.size, durationMs: performance.now() - started };
}
