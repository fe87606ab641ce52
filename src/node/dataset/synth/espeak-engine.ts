/** espeak-ng as a speech engine: its English accents x voice variants, speaking to stdout. */
import { ESPEAK_GRID } from '../../../shared/core/dataset/synth/voices';
import { espeakArgs } from '../../../shared/core/dataset/synth/voices';
import type { InstallStep, SynthEngineInfo } from '../../../shared/core/dataset/synth/synth-types';
import { findOnPath, runProgram } from './run-program';
import type { SpeechEngine } from './speech-engine';

export const ESPEAK_INSTALL: readonly InstallStep[] = [
  { platform: 'Debian/Ubuntu', command: 'sudo apt install espeak-ng' },
  { platform: 'Fedora', command: 'sudo dnf install espeak-ng' },
  { platform: 'macOS (Homebrew)', command: 'brew install espeak-ng' },
  { platform: 'Windows', command: 'choco install espeak-ng, or the .msi from https://github.com/espeak-ng/espeak-ng/releases (then add its folder to PATH)' },
];

/** The language codes `espeak-ng --voices[=en]` lists, leaving out MBROLA voices (they need separate data). */
export function parseEspeakVoices(listing: string): Set<string> {
  const languages = new Set<string>();
  for (const line of listing.split('\n')) {
    const columns = line.trim().split(/\s+/);
    // Pty Language Age/Gender VoiceName File [Other languages]
    if (columns.length < 5 || !/^\d+$/.test(columns[0] ?? '')) continue;
    if ((columns[4] ?? '').startsWith('mb/')) continue;
    languages.add((columns[1] ?? '').toLowerCase());
  }
  return languages;
}

export const espeakEngine: SpeechEngine = {
  id: 'espeak-ng',
  install: ESPEAK_INSTALL,
  async discover({ env }): Promise<SynthEngineInfo> {
    const base = { id: 'espeak-ng' as const, install: ESPEAK_INSTALL, notes: [] };
    const program = findOnPath('espeak-ng', env);
    if (program === null) return { ...base, available: false, program: null, version: null, voices: [], problem: 'espeak-ng was not found on PATH' };
    try {
      const version = await runProgram(program, ['--version'], '', env, 10_000);
      const listing = await runProgram(program, ['--voices=en'], '', env, 10_000);
      if (version.code !== 0 || listing.code !== 0) {
        return { ...base, available: false, program, version: null, voices: [], problem: `${program} did not run (exit code ${String(version.code || listing.code)}${version.stderr || listing.stderr ? `: ${version.stderr || listing.stderr}` : ''})` };
      }
      const languages = parseEspeakVoices(listing.stdout.toString('utf8'));
      // The grid's order is kept (it is part of what a seed replays); accents this espeak-ng lacks drop out.
      const voices = ESPEAK_GRID.filter((id) => languages.has(id.slice('espeak-ng:'.length).split('+')[0] ?? ''));
      const text = (version.stdout.toString('utf8').trim().split('\n')[0] ?? '').replace(/\s+Data at:.*$/, '');
      return { ...base, available: voices.length > 0, program, version: text || null, voices, problem: voices.length > 0 ? null : 'espeak-ng lists none of its English voices' };
    } catch (error) {
      return { ...base, available: false, program, version: null, voices: [], problem: `${program} could not be started (${(error as Error).message})` };
    }
  },
  async speak(program, name, params, env) {
    const result = await runProgram(program, espeakArgs(name, params), params.text, env);
    if (result.code !== 0) throw new Error(`espeak-ng failed for "${params.text}" with voice ${name} (exit code ${String(result.code)})${result.stderr ? `: ${result.stderr}` : ''}`);
    return result.stdout;
  },
};
