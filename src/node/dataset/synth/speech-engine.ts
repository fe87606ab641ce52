/**
 * The small interface every speech engine implements: find itself and its voices, speak one utterance to WAV
 * bytes, and say how to install it. Engines are separate programs (none is bundled: licences and platforms
 * differ), run one process per utterance.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineId } from '../../../shared/core/dataset/synth/voice-ids';
import { NORMAL_PITCH, type SpeechParams } from '../../../shared/core/dataset/synth/voices';
import type { InstallStep, SynthEngineInfo } from '../../../shared/core/dataset/synth/synth-types';

/** Where voices that are files live: .flitevox voices and piper .onnx models (files or folders holding them). */
export interface VoiceSources {
  readonly fliteVoices?: readonly string[];
  readonly piperModels?: readonly string[];
  /** The piper program, when it is not `piper` on PATH. */
  readonly piperProgram?: string;
}

export interface EngineContext {
  readonly env: NodeJS.ProcessEnv;
  readonly sources: VoiceSources;
}

export interface SpeechEngine {
  readonly id: EngineId;
  readonly install: readonly InstallStep[];
  /** Finds the program and its voices; never throws (problems are reported in the result). */
  discover(context: EngineContext): Promise<SynthEngineInfo>;
  /** Speaks `params.text` with the voice `name` (the part after `engine:`); resolves to the engine's WAV bytes. */
  speak(program: string, name: string, params: SpeechParams, env: NodeJS.ProcessEnv): Promise<Uint8Array>;
}

/** "Not installed" as one paragraph: what is missing and each platform's command. */
export function installHelp(engine: string, purpose: string, steps: readonly InstallStep[]): string {
  return [`${engine} ${purpose}. Install it, then try again:`, ...steps.map((step) => `  ${step.platform}: ${step.command}`), 'Restart Wakeword Studio (or your terminal) afterwards so it sees the new PATH.'].join('\n');
}

/** Runs `work` with a fresh temp WAV path and always removes the file (engines that cannot write to stdout). */
export async function withTempWav<T>(work: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(os.tmpdir(), `wakeword-tts-${process.pid}-${randomBytes(6).toString('hex')}.wav`);
  try {
    return await work(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Files among `entries` (files, or folders searched up to four levels down) whose names end in `extension`. */
export async function findVoiceFiles(entries: readonly string[], extension: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (entry: string, depth: number): Promise<void> => {
    const stat = await fs.stat(entry).catch(() => null);
    if (stat === null) return;
    if (stat.isFile()) {
      if (entry.toLowerCase().endsWith(extension)) found.push(path.resolve(entry));
      return;
    }
    if (!stat.isDirectory() || depth > 3) return;
    const names = (await fs.readdir(entry).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort();
    for (const name of names) await visit(path.join(entry, name), depth + 1);
  };
  for (const entry of entries) await visit(entry, 0);
  return [...new Set(found)];
}

/** Paths the user named that do not exist (reported, so a typo is not silently ignored). */
export async function missingPaths(entries: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const entry of entries) if ((await fs.stat(entry).catch(() => null)) === null) missing.push(entry);
  return missing;
}

/**
 * Pitch for voices without a pitch control (flite's rms, .flitevox files, piper): relabel the WAV's sample
 * rate so resampling to 16 kHz shifts pitch and tempo together, like a tape played slightly fast or slow.
 * `pitch` is espeak-ng's 0-99 scale; 25-80 gives factors 0.93-1.09 (about -1.2 to +1.5 semitones), in 1 % steps so
 * only a few resamplers are ever built.
 */
export function retuneWav(wav: Uint8Array, pitch: number): Uint8Array {
  const factor = Math.round(100 * 2 ** ((pitch - NORMAL_PITCH) / 250)) / 100;
  if (factor === 1) return wav;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = String.fromCharCode(...wav.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 24 <= wav.length) {
      const out = wav.slice();
      const outView = new DataView(out.buffer);
      const rate = view.getUint32(offset + 12, true);
      const blockAlign = view.getUint16(offset + 20, true);
      const retuned = Math.round(rate * factor);
      outView.setUint32(offset + 12, retuned, true);
      outView.setUint32(offset + 16, retuned * blockAlign, true);
      return out;
    }
    offset += 8 + size + (size % 2);
  }
  return wav;
}
