/**
 * flite (CMU Flite) as a speech engine: its built-in voices from `flite -lv` plus .flitevox voice files the
 * user points to. Speed and pitch vary per utterance through flite's duration_stretch and f0 target; flite
 * writes a WAV file (8 kHz for kal, 16 kHz for the others) that is resampled like every engine's output.
 */
import { promises as fs } from 'node:fs';
import { NORMAL_PITCH, NORMAL_SPEED } from '../../../shared/core/dataset/synth/voices';
import type { InstallStep, SynthEngineInfo } from '../../../shared/core/dataset/synth/synth-types';
import { findOnPath, runProgram } from './run-program';
import { findVoiceFiles, missingPaths, retuneWav, withTempWav, type SpeechEngine } from './speech-engine';

export const FLITE_INSTALL: readonly InstallStep[] = [
  { platform: 'Debian/Ubuntu', command: 'sudo apt install flite' },
  { platform: 'Fedora', command: 'sudo dnf install flite' },
  { platform: 'macOS (Homebrew)', command: 'brew install flite' },
  { platform: 'Windows', command: 'no official build: use WSL (then sudo apt install flite), or build it from http://cmuflite.org' },
];

/** Limited-domain voices: they only speak their domain (awb_time says the time) and garble anything else. */
export const LIMITED_DOMAIN_VOICES: ReadonlySet<string> = new Set(['awb_time']);

/**
 * The built-in voices that follow int_f0_target_mean, with their usual f0 mean in Hz so a pitch change is
 * relative to each voice's own. rms ignores it (same output for any value), as may .flitevox files: those are
 * retuned instead (see retuneWav).
 */
const F0_MEAN: Readonly<Record<string, number>> = { kal: 105, kal16: 105, awb: 110, slt: 160 };

/** Voice names from `flite -lv` ("Voices available: kal awb_time kal16 awb rms slt"). */
export function parseFliteVoices(listing: string): string[] {
  const line = listing.split('\n').find((text) => /voices available:/i.test(text)) ?? '';
  return line.replace(/^.*voices available:/i, '').trim().split(/\s+/).filter((name) => name !== '');
}

/** flite's arguments for one utterance (the text is its own argument after -t, never parsed as an option). */
export function fliteArgs(name: string, params: { readonly speed: number; readonly pitch: number; readonly text: string }, out: string): string[] {
  const args = ['-voice', name, '--setf', `duration_stretch=${(NORMAL_SPEED / params.speed).toFixed(3)}`];
  const f0 = F0_MEAN[name];
  if (f0 !== undefined) args.push('--setf', `int_f0_target_mean=${(f0 * 2 ** ((params.pitch - NORMAL_PITCH) / 100)).toFixed(1)}`);
  args.push('-t', params.text, '-o', out);
  return args;
}

export const fliteEngine: SpeechEngine = {
  id: 'flite',
  install: FLITE_INSTALL,
  async discover({ env, sources }): Promise<SynthEngineInfo> {
    const base = { id: 'flite' as const, install: FLITE_INSTALL };
    const notes: string[] = [];
    const named = sources.fliteVoices ?? [];
    for (const missing of await missingPaths(named)) notes.push(`flite voice ${missing} does not exist`);
    const files = await findVoiceFiles(named, '.flitevox');
    const program = findOnPath('flite', env);
    if (program === null) return { ...base, notes, available: false, program: null, version: null, voices: [], problem: 'flite was not found on PATH' };
    try {
      const listing = await runProgram(program, ['-lv'], '', env, 10_000);
      // flite --version exits 1 but prints "version: flite-2.2-current Sep 2018 (...)".
      const about = await runProgram(program, ['--version'], '', env, 10_000);
      const version = /version:\s*(\S+(?: \w+ \d{4})?)/.exec(about.stdout.toString('utf8'))?.[1] ?? null;
      const builtIn = parseFliteVoices(listing.stdout.toString('utf8'));
      if (listing.code !== 0 || builtIn.length === 0) return { ...base, notes, available: false, program, version, voices: [], problem: `${program} -lv listed no voices (exit code ${String(listing.code)})` };
      const skipped = builtIn.filter((name) => LIMITED_DOMAIN_VOICES.has(name));
      if (skipped.length > 0) notes.push(`skipped ${skipped.join(', ')}: a limited-domain voice that only speaks the time`);
      const voices = [...builtIn.filter((name) => !LIMITED_DOMAIN_VOICES.has(name)), ...files].map((name) => `flite:${name}`);
      return { ...base, notes, available: voices.length > 0, program, version: version ? `flite ${version.replace(/^flite-/, '')}` : null, voices, problem: null };
    } catch (error) {
      return { ...base, notes, available: false, program, version: null, voices: [], problem: `${program} could not be started (${(error as Error).message})` };
    }
  },
  speak(program, name, params, env) {
    return withTempWav(async (file) => {
      const result = await runProgram(program, fliteArgs(name, params, file), '', env);
      // flite exits 0 even when a voice file fails to load (it falls back to its default voice): check stderr too.
      if (result.code !== 0 || /error load voice/i.test(result.stderr)) {
        throw new Error(`flite failed for "${params.text}" with voice ${name} (exit code ${String(result.code)})${result.stderr ? `: ${result.stderr.split('\n').slice(0, 3).join(' ')}` : ''}`);
      }
      const wav = new Uint8Array(await fs.readFile(file));
      return F0_MEAN[name] === undefined ? retuneWav(wav, params.pitch) : wav;
    });
  },
};
