/**
 * Speaks one phrase `count` times across the chosen voices of every installed engine, each time with a
 * different voice, speed, pitch, amplitude and word gap, and writes 16 kHz mono 16-bit WAVs. Engine output
 * (22.05 kHz espeak-ng, 8/16 kHz flite, piper's model rate) is resampled with the project's band-limited
 * resampler, so the files match what training reads. `synth-voices.jsonl` beside the clips says which voice
 * made each one (for per-voice reports).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resampler } from '../../../shared/core/audio/resample';
import { encodeWavPcm16, readPcm16Wav } from '../../../shared/core/audio/pcm16-wav';
import { voiceEngine } from '../../../shared/core/dataset/synth/voice-ids';
import { phraseSlug, planSpeech, type SpeechParams } from '../../../shared/core/dataset/synth/voices';
import { placeWithoutOverwrite } from '../import/place-file';
import type { VoiceCatalog } from './voice-catalog';

export const SYNTH_SAMPLE_RATE = 16_000;
/** Clips quieter than this peak are treated as "the engine said nothing". */
const SILENT_PEAK = 1e-3;

export interface SynthesizePhraseOptions {
  /** The installed engines (see discoverVoices). */
  readonly catalog: Pick<VoiceCatalog, 'speak' | 'voices'>;
  /** Voice ids to spread the clips over; defaults to every voice in the catalog. */
  readonly voices?: readonly string[];
  readonly phrase: string;
  readonly count: number;
  readonly seed: number;
  readonly outDir: string;
  /** File names are `<stem>_0001.wav`...; defaults to `<phrase slug>_s<seed>`. */
  readonly stem?: string;
  /** Engine processes run at once. */
  readonly concurrency?: number;
  readonly onClip?: () => void;
}

export interface SynthesizedFiles {
  readonly files: readonly string[];
  readonly seconds: number;
}

const resamplers = new Map<number, Resampler>();

function resamplerFor(rate: number): Resampler {
  let resampler = resamplers.get(rate);
  if (!resampler) {
    resampler = new Resampler(rate, SYNTH_SAMPLE_RATE);
    resamplers.set(rate, resampler);
  }
  return resampler;
}

/** An engine's WAV bytes -> 16 kHz samples times `gain` with `leadMs` of silence in front, peak-limited below full scale. */
export function toTrainingAudio(wav: Uint8Array, leadMs: number, gain = 1): Float32Array {
  const audio = readPcm16Wav(wav);
  const speech = audio.sampleRate === SYNTH_SAMPLE_RATE ? audio.samples.slice() : resamplerFor(audio.sampleRate).process(audio.samples);
  if (gain !== 1) for (let i = 0; i < speech.length; i++) speech[i] = (speech[i] as number) * gain;
  const lead = Math.round((leadMs / 1000) * SYNTH_SAMPLE_RATE);
  const out = new Float32Array(lead + speech.length);
  out.set(speech, lead);
  let peak = 0;
  for (const v of speech) peak = Math.max(peak, Math.abs(v));
  if (peak > 0.98) {
    const limit = 0.98 / peak;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * limit;
  }
  return out;
}

function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const v of samples) peak = Math.max(peak, Math.abs(v));
  return peak;
}

/** One utterance as training audio: espeak-ng sets its own amplitude (-a), other engines get it as a gain. */
export async function speakUtterance(catalog: Pick<VoiceCatalog, 'speak'>, params: SpeechParams, leadMs = params.leadMs): Promise<Float32Array> {
  const wav = await catalog.speak(params.voice, params);
  const gain = voiceEngine(params.voice) === 'espeak-ng' ? 1 : params.amplitude / 100;
  let samples: Float32Array;
  try {
    samples = toTrainingAudio(wav, leadMs, gain);
  } catch (error) {
    throw new Error(`${params.voice} wrote no usable WAV for "${params.text}": ${(error as Error).message}`);
  }
  if (samples.length < SYNTH_SAMPLE_RATE / 10 || peakOf(samples) < SILENT_PEAK) throw new Error(`${params.voice} produced no speech for "${params.text}"`);
  return samples;
}

/** Appends what made a file to the folder's synth-voices.jsonl (one JSON object a line; appends of a line do not interleave). */
export async function recordVoice(dir: string, entry: Readonly<Record<string, unknown>>): Promise<void> {
  await fs.appendFile(path.join(dir, 'synth-voices.jsonl'), `${JSON.stringify(entry)}\n`);
}

async function speakOne(options: SynthesizePhraseOptions, params: SpeechParams, fileName: string): Promise<{ file: string; seconds: number }> {
  const samples = await speakUtterance(options.catalog, params);
  // Hidden temp name in the same folder: the scanner skips it and the final link is same-device.
  const temp = path.join(options.outDir, `.synth-${randomBytes(6).toString('hex')}.part`);
  await fs.writeFile(temp, encodeWavPcm16(samples, SYNTH_SAMPLE_RATE));
  const placed = await placeWithoutOverwrite(temp, options.outDir, fileName);
  await recordVoice(options.outDir, { file: placed, voice: params.voice, text: params.text, speed: params.speed, pitch: params.pitch, amplitude: params.amplitude, wordGap: params.wordGap });
  return { file: path.join(options.outDir, placed), seconds: samples.length / SYNTH_SAMPLE_RATE };
}

export async function synthesizePhrase(options: SynthesizePhraseOptions): Promise<SynthesizedFiles> {
  await fs.mkdir(options.outDir, { recursive: true });
  const plans = planSpeech(options.phrase, options.count, options.seed, options.voices ?? options.catalog.voices);
  if (plans.length < options.count) throw new Error(`cannot make ${options.count} distinct variations of "${options.phrase}"`);
  const stem = options.stem ?? `${phraseSlug(options.phrase)}_s${options.seed}`;
  const width = Math.max(4, String(options.count).length);
  const files: string[] = new Array<string>(plans.length);
  let seconds = 0;
  let next = 0;
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, os.availableParallelism() + 1));
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < plans.length && !failed) {
      const index = next++;
      const name = `${stem}_${String(index + 1).padStart(width, '0')}.wav`;
      const made = await speakOne(options, plans[index] as SpeechParams, name).catch((error: unknown) => {
        failed = true; // the other workers stop at their next clip instead of speaking a set that already failed
        throw error;
      });
      files[index] = made.file;
      seconds += made.seconds;
      options.onClip?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return { files, seconds };
}
