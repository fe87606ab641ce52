/** The voice flags `synth`, `voices` and `demo` share: which voices to use and where voice files are. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseVoiceList, VoiceSelectionError, type VoiceChoice } from '../shared/core/dataset/synth/voice-ids';
import type { VoiceSources } from '../main/services/dataset/synth/speech-engine';
import { discoverVoices, mergeSources, NoSpeechEngineError, voiceSourcesFromIds, type VoiceCatalog } from '../main/services/dataset/synth/voice-catalog';
import { CliError } from './cli-error';

export interface VoiceOptions {
  readonly voices?: readonly string[];
  readonly excludeVoices?: readonly string[];
  readonly fliteVoice?: readonly string[];
  readonly piperModel?: readonly string[];
  readonly piper?: string;
}

function voiceList(value: string): string[] {
  try {
    return parseVoiceList(value);
  } catch (error) {
    if (error instanceof VoiceSelectionError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

export function addVoiceSourceOptions(command: Command): Command {
  return command
    .option('--flite-voice <file|dir>', 'a .flitevox voice file, or a folder of them (repeatable)', collect)
    .option('--piper-model <file|dir>', 'a piper voice model (.onnx with its .onnx.json), or a folder of them (repeatable)', collect)
    .option('--piper <program>', 'the piper program, when it is not "piper" on PATH (or set WAKEWORD_PIPER)');
}

export function addVoiceOptions(command: Command): Command {
  return addVoiceSourceOptions(
    command
      .option('--voices <list>', 'only these voices: comma-separated ids or engine names, e.g. "flite" or "flite:slt,espeak-ng:en-gb+f1" (default: every installed voice)', voiceList)
      .option('--exclude-voices <list>', 'leave these voices out (ids or engine names, comma-separated), e.g. to hold voices out for testing', voiceList),
  );
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
