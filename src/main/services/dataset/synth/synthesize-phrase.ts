/**
 * Speaks one phrase `count` times with espeak-ng, each time with a different voice, variant, speed,
 * pitch, amplitude and word gap, and writes 16 kHz mono 16-bit WAVs. espeak-ng's 22.05 kHz output is
 * resampled with the project's band-limited resampler, so the files match what training reads.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resampler } from '../../../../shared/core/audio/resample';
import { encodeWavPcm16, readPcm16Wav } from '../../../../shared/core/audio/pcm16-wav';
import { espeakArgs, phraseSlug, planSpeech, type SpeechParams } from '../../../../shared/core/dataset/synth/voices';
import { placeWithoutOverwrite } from '../import/place-file';
import { runProgram } from './espeak';

export const SYNTH_SAMPLE_RATE = 16_000;
/** Clips quieter than this peak are treated as "espeak-ng said nothing". */
const SILENT_PEAK = 1e-3;

export interface SynthesizePhraseOptions {
  /** Path of the espeak-ng program (see requireEspeak). */
  readonly program: string;
  readonly phrase: string;
  readonly count: number;
  readonly seed: number;
  readonly outDir: string;
  /** File names are `<stem>_0001.wav`...; defaults to `<phrase slug>_s<seed>`. */
  readonly stem?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** espeak-ng processes run at once. */
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

/** espeak-ng's WAV bytes -> 16 kHz samples with `leadMs` of silence in front, peak-limited below full scale. */
export function toTrainingAudio(wav: Uint8Array, leadMs: number): Float32Array {
  const audio = readPcm16Wav(wav);
  const speech = audio.sampleRate === SYNTH_SAMPLE_RATE ? audio.samples : resamplerFor(audio.sampleRate).process(audio.samples);
  const lead = Math.round((leadMs / 1000) * SYNTH_SAMPLE_RATE);
  const out = new Float32Array(lead + speech.length);
  out.set(speech, lead);
  let peak = 0;
  for (const v of speech) peak = Math.max(peak, Math.abs(v));
  if (peak > 0.98) {
    const gain = 0.98 / peak;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * gain;
  }
  return out;
}

function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const v of samples) peak = Math.max(peak, Math.abs(v));
  return peak;
}

async function speakOne(options: SynthesizePhraseOptions, params: SpeechParams, fileName: string): Promise<{ file: string; seconds: number }> {
  const env = options.env ?? process.env;
  const result = await runProgram(options.program, espeakArgs(params), params.text, env);
  if (result.code !== 0) throw new Error(`espeak-ng failed for "${params.text}" with voice ${params.voice}+${params.variant} (exit code ${String(result.code)})${result.stderr ? `: ${result.stderr}` : ''}`);
  const samples = toTrainingAudio(result.stdout, params.leadMs);
  if (samples.length < SYNTH_SAMPLE_RATE / 10 || peakOf(samples) < SILENT_PEAK) throw new Error(`espeak-ng produced no speech for "${params.text}"`);
  // Hidden temp name in the same folder: the scanner skips it and the final link is same-device.
  const temp = path.join(options.outDir, `.synth-${randomBytes(6).toString('hex')}.part`);
  await fs.writeFile(temp, encodeWavPcm16(samples, SYNTH_SAMPLE_RATE));
  const placed = await placeWithoutOverwrite(temp, options.outDir, fileName);
  return { file: path.join(options.outDir, placed), seconds: samples.length / SYNTH_SAMPLE_RATE };
}

export async function synthesizePhrase(options: SynthesizePhraseOptions): Promise<SynthesizedFiles> {
  await fs.mkdir(options.outDir, { recursive: true });
  const plans = planSpeech(options.phrase, options.count, options.seed);
  if (plans.length < options.count) throw new Error(`cannot make ${options.count} distinct variations of "${options.phrase}"`);
  const stem = options.stem ?? `${phraseSlug(options.phrase)}_s${options.seed}`;
  const width = Math.max(4, String(options.count).length);
  const files: string[] = new Array<string>(plans.length);
  let seconds = 0;
  let next = 0;
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, os.availableParallelism() + 1));
  const worker = async (): Promise<void> => {
    while (next < plans.length) {
      const index = next++;
      const name = `${stem}_${String(index + 1).padStart(width, '0')}.wav`;
      const made = await speakOne(options, plans[index] as SpeechParams, name);
      files[index] = made.file;
      seconds += made.seconds;
      options.onClip?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return { files, seconds };
}
