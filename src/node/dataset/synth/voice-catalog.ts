/**
 * Every installed engine and its voices, found once per request, and speaking by voice id. Voice files come
 * from the caller (CLI flags, the workspace's voices/ folder) and from WAKEWORD_VOICES (folders or files,
 * separated like PATH); the piper program from WAKEWORD_PIPER or PATH.
 */
import path from 'node:path';
import { ENGINE_IDS, voiceEngine, voiceName, VoiceSelectionError, selectVoices, type EngineId, type VoiceChoice } from '../../../shared/core/dataset/synth/voice-ids';
import type { SpeechParams } from '../../../shared/core/dataset/synth/voices';
import type { SynthEngineInfo, SynthEngines } from '../../../shared/core/dataset/synth/synth-types';
import { espeakEngine } from './espeak-engine';
import { fliteEngine } from './flite-engine';
import { piperEngine } from './piper-engine';
import { installHelp, type SpeechEngine, type VoiceSources } from './speech-engine';

export const SPEECH_ENGINES: readonly SpeechEngine[] = [espeakEngine, fliteEngine, piperEngine];

export interface VoiceCatalog extends SynthEngines {
  /** The engine's WAV bytes for one utterance. */
  speak(voice: string, params: SpeechParams): Promise<Uint8Array>;
  /** Voice ids picked by `choice` (all available voices without one); a VoiceSelectionError names what is wrong. */
  select(choice?: VoiceChoice): string[];
}

/** Synthetic samples need an engine and none is installed: how to get each. */
export class NoSpeechEngineError extends Error {
  override readonly name = 'NoSpeechEngineError';
}

function engineHelp(info: SynthEngineInfo): string {
  return installHelp(info.id, `is not available (${info.problem ?? 'no voices'})`, info.install);
}

export function noEngineMessage(engines: readonly SynthEngineInfo[]): string {
  return ['Synthetic samples need a speech synthesizer, and none was found. Install espeak-ng or flite (or both: more voices generalise better):', ...engines.filter((e) => e.id !== 'piper').flatMap((e) => [`${e.id}:`, ...e.install.map((step) => `  ${step.platform}: ${step.command}`)]), 'Restart Wakeword Studio (or your terminal) afterwards so it sees the new PATH.'].join('\n');
}

/** Folders and files named in WAKEWORD_VOICES: each is searched for both .flitevox and .onnx voices. */
export function voiceSourcesFromEnv(env: NodeJS.ProcessEnv): VoiceSources {
  const entries = (env.WAKEWORD_VOICES ?? '').split(path.delimiter).filter((entry) => entry.trim() !== '');
  return { fliteVoices: entries, piperModels: entries };
}

/** Explicit voice-file ids in a selection (`flite:/a/x.flitevox`, `piper:/a/x.onnx#2`) as sources, so naming one is enough. */
export function voiceSourcesFromIds(ids: readonly string[]): VoiceSources {
  const fliteVoices: string[] = [];
  const piperModels: string[] = [];
  for (const id of ids) {
    const name = voiceName(id).split('#')[0] ?? '';
    if (!path.isAbsolute(name)) continue;
    if (voiceEngine(id) === 'flite') fliteVoices.push(name);
    if (voiceEngine(id) === 'piper') piperModels.push(name);
  }
  return { fliteVoices, piperModels };
}

export function mergeSources(...all: readonly VoiceSources[]): VoiceSources {
  const piperProgram = all.map((s) => s.piperProgram).find((p) => p !== undefined);
  return {
    fliteVoices: [...new Set(all.flatMap((s) => s.fliteVoices ?? []))],
    piperModels: [...new Set(all.flatMap((s) => s.piperModels ?? []))],
    ...(piperProgram !== undefined ? { piperProgram } : {}),
  };
}

export interface DiscoverOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly sources?: VoiceSources;
}

export async function discoverVoices(options: DiscoverOptions = {}): Promise<VoiceCatalog> {
  const env = options.env ?? process.env;
  const sources = mergeSources(options.sources ?? {}, voiceSourcesFromEnv(env));
  const engines = await Promise.all(SPEECH_ENGINES.map((engine) => engine.discover({ env, sources })));
  const voices = engines.filter((info) => info.available).flatMap((info) => info.voices);
  const byId = new Map(SPEECH_ENGINES.map((engine, i) => [engine.id, { engine, info: engines[i] as SynthEngineInfo }]));
  const missing: Partial<Record<EngineId, string>> = {};
  for (const info of engines) if (!info.available) missing[info.id] = engineHelp(info);
  const known = new Set(voices);
  return {
    engines,
    voices,
    select(choice = {}) {
      if (voices.length === 0) throw new NoSpeechEngineError(noEngineMessage(engines));
      return selectVoices(voices, choice, missing);
    },
    async speak(voice, params) {
      const engine = voiceEngine(voice);
      const entry = engine !== null ? byId.get(engine) : undefined;
      if (!entry || !known.has(voice) || entry.info.program === null) throw new VoiceSelectionError(`unknown voice "${voice}" (engines: ${ENGINE_IDS.join(', ')})`);
      return entry.engine.speak(entry.info.program, voiceName(voice), params, env);
    },
  };
}
