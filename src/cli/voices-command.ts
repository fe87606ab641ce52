/** `wakeword voices [--json]`: the speech engines found, their voice ids, and how to install the missing ones. */
import { discoverVoices } from '../node/dataset/synth/voice-catalog';
import type { SynthEngineInfo } from '../shared/core/dataset/synth/synth-types';
import type { CliIo } from './cli-io';
import { voiceSources, type VoiceOptions } from './voice-options';

export interface VoicesCommandOptions extends VoiceOptions {
  readonly json?: boolean;
}

/** Comma-separated ids wrapped to about `width` characters, indented. */
function wrapIds(ids: readonly string[], width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const id of ids) {
    const piece = line === '' ? id : `, ${id}`;
    if (line !== '' && line.length + piece.length > width) {
      lines.push(`    ${line},`);
      line = id;
    } else line += piece;
  }
  if (line !== '') lines.push(`    ${line}`);
  return lines;
}

export function describeEngine(info: SynthEngineInfo): string[] {
  const lines: string[] = [];
  if (info.available) {
    const about = [info.version, info.program].filter((part) => part !== null).join(', ');
    lines.push(`${info.id}: ${info.voices.length} voice${info.voices.length === 1 ? '' : 's'} (${about})`);
    lines.push(...wrapIds(info.voices));
  } else {
    lines.push(`${info.id}: not available: ${info.problem ?? 'no voices'}`);
    lines.push('  install:', ...info.install.map((step) => `    ${step.platform}: ${step.command}`));
  }
  for (const note of info.notes) lines.push(`  note: ${note}`);
  return lines;
}

export async function runVoices(options: VoicesCommandOptions, io: CliIo): Promise<void> {
  const catalog = await discoverVoices({ sources: voiceSources(options) });
  if (options.json) {
    io.out(JSON.stringify({ engines: catalog.engines, voices: catalog.voices }));
    return;
  }
  for (const info of catalog.engines) for (const line of describeEngine(info)) io.out(line);
  io.out(`${catalog.voices.length} voices in all. Pick or leave out some with wakeword synth --voices / --exclude-voices (ids or engine names).`);
}
