/**
 * piper (neural TTS, user-supplied) as a speech engine: a `piper` program (PATH, WAKEWORD_PIPER or a given path)
 * plus the voice models the user points to (`x.onnx` with its `x.onnx.json`). A multi-speaker model gives one
 * voice per speaker (`piper:/abs/x.onnx#3`, spoken with `--speaker 3`).
 */
import { promises as fs } from 'node:fs';
import { NORMAL_SPEED } from '../../../shared/core/dataset/synth/voices';
import type { InstallStep, SynthEngineInfo } from '../../../shared/core/dataset/synth/synth-types';
import { findOnPath, runProgram } from './run-program';
import { findVoiceFiles, missingPaths, retuneWav, withTempWav, type SpeechEngine } from './speech-engine';

export const PIPER_INSTALL: readonly InstallStep[] = [
  { platform: 'Linux, macOS, Windows', command: 'download piper from https://github.com/rhasspy/piper/releases, unpack it and put its folder on PATH (or set WAKEWORD_PIPER=/path/to/piper)' },
  { platform: 'Voices', command: 'download a model (.onnx and its .onnx.json) from https://huggingface.co/rhasspy/piper-voices and pass --piper-model FILE|DIR (or put it in WAKEWORD_VOICES or the workspace\'s voices/ folder)' },
];

/** Speaker ids of a model from its .onnx.json (an empty list for a single-speaker model). */
export function parsePiperSpeakers(configJson: string): number[] {
  const config = JSON.parse(configJson) as { num_speakers?: unknown; speaker_id_map?: unknown };
  const count = typeof config.num_speakers === 'number' ? config.num_speakers : 1;
  if (count <= 1) return [];
  const map = config.speaker_id_map;
  const ids = map !== null && typeof map === 'object' ? Object.values(map as Record<string, unknown>).filter((id): id is number => Number.isInteger(id)) : [];
  const unique = [...new Set(ids.length > 0 ? ids : Array.from({ length: count }, (_, i) => i))];
  return unique.sort((a, b) => a - b);
}

/** piper's arguments for one utterance; the text goes on stdin. */
export function piperArgs(name: string, params: { readonly speed: number; readonly pitch: number }, out: string): string[] {
  const [model = '', speaker] = name.split('#');
  // piper has no pitch control (the WAV is retuned afterwards); pitch also drives the sampling noise.
  const args = ['--model', model, '--output_file', out, '--length_scale', (NORMAL_SPEED / params.speed).toFixed(3), '--noise_scale', (0.45 + ((params.pitch - 25) / 55) * 0.35).toFixed(3)];
  if (speaker !== undefined) args.push('--speaker', speaker);
  return args;
}

export const piperEngine: SpeechEngine = {
  id: 'piper',
  install: PIPER_INSTALL,
  async discover({ env, sources }): Promise<SynthEngineInfo> {
    const base = { id: 'piper' as const, install: PIPER_INSTALL, version: null };
    const notes: string[] = [];
    const named = sources.piperModels ?? [];
    for (const missing of await missingPaths(named)) notes.push(`piper model ${missing} does not exist`);
    const voices: string[] = [];
    for (const model of await findVoiceFiles(named, '.onnx')) {
      const configText = await fs.readFile(`${model}.json`, 'utf8').catch(() => null);
      if (configText === null) {
        notes.push(`skipped ${model}: piper needs its ${model}.json beside it`);
        continue;
      }
      try {
        const speakers = parsePiperSpeakers(configText);
        if (speakers.length === 0) voices.push(`piper:${model}`);
        else for (const speaker of speakers) voices.push(`piper:${model}#${speaker}`);
      } catch (error) {
        notes.push(`skipped ${model}: ${model}.json is not valid JSON (${(error as Error).message})`);
      }
    }
    const configured = sources.piperProgram ?? env.WAKEWORD_PIPER;
    const program = configured !== undefined && configured !== '' ? ((await fs.stat(configured).catch(() => null))?.isFile() ? configured : null) : findOnPath('piper', env);
    if (program === null) {
      const where = configured ? `the piper program ${configured} does not exist` : 'piper was not found on PATH';
      return { ...base, notes, available: false, program: null, voices: [], problem: where };
    }
    if (voices.length === 0) return { ...base, notes, available: false, program, voices: [], problem: 'no piper voice models were given (.onnx files with their .onnx.json)' };
    return { ...base, notes, available: true, program, voices, problem: null };
  },
  speak(program, name, params, env) {
    return withTempWav(async (file) => {
      const result = await runProgram(program, piperArgs(name, params, file), `${params.text}\n`, env, 60_000);
      if (result.code !== 0) throw new Error(`piper failed for "${params.text}" with model ${name} (exit code ${String(result.code)})${result.stderr ? `: ${result.stderr.split('\n').slice(-3).join(' ')}` : ''}`);
      const bytes = await fs.readFile(file).catch(() => null);
      if (bytes === null) throw new Error(`piper wrote no audio for "${params.text}" with model ${name}${result.stderr ? `: ${result.stderr.split('\n').slice(-3).join(' ')}` : ''}`);
      return retuneWav(new Uint8Array(bytes), params.pitch);
    });
  },
};
