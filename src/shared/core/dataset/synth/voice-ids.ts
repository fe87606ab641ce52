/**
 * Voice ids are `engine:voice` strings (`espeak-ng:en-us+f3`, `flite:slt`, `flite:/abs/x.flitevox`,
 * `piper:/abs/en_US-amy-medium.onnx`, `piper:/abs/libritts.onnx#12`). Selections (`--voices`,
 * `--exclude-voices`) are comma-separated ids or bare engine names; an id also selects its variants
 * (`espeak-ng:en-us` selects `espeak-ng:en-us+m1`..., a piper model selects each of its speakers).
 */

export const ENGINE_IDS = ['espeak-ng', 'flite', 'piper'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export function isEngineId(value: string): value is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(value);
}

/** The engine a voice id belongs to, or null when it names none. */
export function voiceEngine(id: string): EngineId | null {
  const colon = id.indexOf(':');
  const engine = colon < 0 ? id : id.slice(0, colon);
  return isEngineId(engine) ? engine : null;
}

/** The part after `engine:`. */
export function voiceName(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? '' : id.slice(colon + 1);
}

export class VoiceSelectionError extends Error {
  override readonly name = 'VoiceSelectionError';
}

/** "a, b,,c" -> ["a", "b", "c"]; an empty list is an error (the flag was given without voices). */
export function parseVoiceList(text: string): string[] {
  const items = [...new Set(text.split(',').map((item) => item.trim()).filter((item) => item !== ''))];
  if (items.length === 0) throw new VoiceSelectionError('give voice ids or engine names separated by commas, e.g. "flite" or "flite:slt,espeak-ng:en-gb+f1" (see `wakeword voices`)');
  for (const item of items) {
    if (voiceEngine(item) === null) throw new VoiceSelectionError(`"${item}" is not a voice id: ids read engine:voice with engine one of ${ENGINE_IDS.join(', ')} (see \`wakeword voices\`)`);
    if (item.includes(':') && voiceName(item) === '') throw new VoiceSelectionError(`"${item}" names no voice: write ${item}VOICE, or just ${item.slice(0, -1)} for all its voices`);
  }
  return items;
}

/** Whether `selector` (an id, an id prefix ending before `+` or `#`, or an engine name) picks `voice`. */
export function selectorMatches(selector: string, voice: string): boolean {
  if (selector === voice || selector === voiceEngine(voice)) return true;
  if (!voice.startsWith(selector)) return false;
  const next = voice.charAt(selector.length);
  return next === '+' || next === '#';
}

/** A short listing of voices for error messages: every id, but engines with many voices abbreviated. */
export function describeVoices(voices: readonly string[]): string {
  if (voices.length === 0) return 'no voices are installed (see `wakeword voices` for how to install an engine)';
  const lines: string[] = [];
  for (const engine of ENGINE_IDS) {
    const own = voices.filter((voice) => voiceEngine(voice) === engine);
    if (own.length === 0) continue;
    const shown = own.length > 12 ? [...own.slice(0, 6), `... (${own.length} in all)`] : own;
    lines.push(`  ${engine}: ${shown.join(', ')}`);
  }
  return `available voices:\n${lines.join('\n')}`;
}

export interface VoiceChoice {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/**
 * The voices `choice` picks from `available`, in `available`'s order. A selector that matches nothing is an
 * error naming it (a typo must not silently train on other voices); `missing` explains engines that are absent.
 */
export function selectVoices(available: readonly string[], choice: VoiceChoice, missing: Readonly<Partial<Record<EngineId, string>>> = {}): string[] {
  const check = (selector: string, flag: string): void => {
    if (available.some((voice) => selectorMatches(selector, voice))) return;
    const engine = voiceEngine(selector);
    const why = engine !== null ? missing[engine] : undefined;
    if (why !== undefined) throw new VoiceSelectionError(`${flag} ${selector}: ${engine} is not available here. ${why}`);
    throw new VoiceSelectionError(`${flag}: unknown voice "${selector}"; ${describeVoices(available)}`);
  };
  for (const selector of choice.include ?? []) check(selector, '--voices');
  for (const selector of choice.exclude ?? []) check(selector, '--exclude-voices');
  const include = choice.include ?? [];
  const exclude = choice.exclude ?? [];
  const picked = available.filter((voice) => (include.length === 0 || include.some((s) => selectorMatches(s, voice))) && !exclude.some((s) => selectorMatches(s, voice)));
  if (picked.length === 0) throw new VoiceSelectionError(`no voices are left to speak with after --voices/--exclude-voices; ${describeVoices(available)}`);
  return picked;
}

/** A file-name friendly form of a voice id: `flite:/a/b/x.flitevox` -> `flite_x`, `espeak-ng:en-us+f3` -> `espeak-ng_en-us+f3`. */
export function voiceSlug(id: string): string {
  const engine = voiceEngine(id) ?? 'voice';
  const name = voiceName(id);
  const [file = '', speaker] = name.split('#');
  const base = file.includes('/') || file.includes('\\') ? (file.split(/[\\/]/).pop() ?? file).replace(/\.(flitevox|onnx)$/i, '') : file;
  return `${engine}_${base}${speaker !== undefined ? `_${speaker}` : ''}`.replace(/[^A-Za-z0-9_+.-]+/g, '_');
}
