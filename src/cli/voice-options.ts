/** What the voice flags `synth`, `voices` and `demo` share (see register-commands.ts) select: voice sources and voices. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VoiceSelectionError, type VoiceChoice } from '../shared/core/dataset/synth/voice-ids';
import type { VoiceSources } from '../node/dataset/synth/speech-engine';
import { discoverVoices, mergeSources, NoSpeechEngineError, voiceSourcesFromIds, type VoiceCatalog } from '../node/dataset/synth/voice-catalog';
import { CliError } from './cli-error';

export interface VoiceOptions {
  readonly voices?: readonly string[];
  readonly excludeVoices?: readonly string[];
  readonly fliteVoice?: readonly string[];
  readonly piperModel?: readonly string[];
  readonly piper?: string;
}

/** Where voice files are, from the flags; a path that does not exist is an error (a typo must not go unnoticed). */
export function voiceSources(options: VoiceOptions): VoiceSources {
  const named: [string, string | undefined][] = [...(options.fliteVoice ?? []).map((file): [string, string] => ['--flite-voice', file]), ...(options.piperModel ?? []).map((file): [string, string] => ['--piper-model', file]), ['--piper', options.piper]];
  for (const [flag, file] of named) if (file !== undefined && !existsSync(file)) throw new CliError(`${flag} ${file}: no such file or folder`);
  const given: VoiceSources = {
    fliteVoices: (options.fliteVoice ?? []).map((file) => path.resolve(file)),
    piperModels: (options.piperModel ?? []).map((file) => path.resolve(file)),
    ...(options.piper !== undefined ? { piperProgram: path.resolve(options.piper) } : {}),
  };
  return mergeSources(given, voiceSourcesFromIds([...(options.voices ?? []), ...(options.excludeVoices ?? [])]));
}

export function voiceChoice(options: VoiceOptions): VoiceChoice {
  return { ...(options.voices ? { include: options.voices } : {}), ...(options.excludeVoices ? { exclude: options.excludeVoices } : {}) };
}

/** The installed engines and the chosen voices, or a CliError saying what is missing or mistyped. */
export async function chosenVoices(options: VoiceOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ catalog: VoiceCatalog; voices: string[] }> {
  const catalog = await discoverVoices({ env, sources: voiceSources(options) });
  try {
    return { catalog, voices: catalog.select(voiceChoice(options)) };
  } catch (error) {
    if (error instanceof VoiceSelectionError || error instanceof NoSpeechEngineError) throw new CliError(error.message);
    throw error;
  }
}
