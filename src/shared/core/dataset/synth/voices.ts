/**
 * The spread of espeak-ng voices a synthetic set draws from: English accents x voice variants x speed,
 * pitch, amplitude and word gap, chosen by a seeded generator so a seed always gives the same set.
 */
import { createRng } from '../../audio/rng';

/** espeak-ng's English voices that ship with espeak-ng itself (no MBROLA data needed). */
export const ENGLISH_VOICES: readonly string[] = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
/** Voice variants (`-v en-us+f3`): seven male and five female. */
export const VOICE_VARIANTS: readonly string[] = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5'];

export interface SpeechParams {
  readonly voice: string;
  readonly variant: string;
  /** Words per minute (-s). */
  readonly speed: number;
  /** 0-99 (-p). */
  readonly pitch: number;
  /** 0-200 (-a). */
  readonly amplitude: number;
  /** Extra pause between words in 10 ms units (-g). */
  readonly wordGap: number;
  /** The phrase as spoken: punctuation and case change espeak-ng's intonation. */
  readonly text: string;
  /** Silence added before the speech, in ms, so clips do not all start at the same instant. */
  readonly leadMs: number;
}

/** Ways of writing the same phrase that espeak-ng intones differently. */
export function phraseForms(phrase: string): string[] {
  const words = phrase.trim().split(/\s+/);
  const plain = words.join(' ');
  const forms = [plain, `${plain}.`, `${plain}!`, `${plain}?`];
  if (words.length > 1) forms.push(`${words[0] ?? ''}, ${words.slice(1).join(' ')}`);
  return forms;
}

/** espeak-ng's command-line arguments for one utterance (the text goes on stdin). */
export function espeakArgs(params: SpeechParams): string[] {
  return [
    '-v', `${params.voice}+${params.variant}`,
    '-s', String(params.speed),
    '-p', String(params.pitch),
    '-a', String(params.amplitude),
    '-g', String(params.wordGap),
    '-b', '1',
    '--stdout',
  ];
}

/**
 * `count` distinct parameter sets for `phrase`. Distinct means no two share voice, variant, speed,
 * pitch, amplitude, gap and text, so no two clips come out identical.
 */
export function planSpeech(phrase: string, count: number, seed: number): SpeechParams[] {
  const rng = createRng(seed);
  const forms = phraseForms(phrase);
  const plans: SpeechParams[] = [];
  const seen = new Set<string>();
  // Walk the voice x variant grid in a shuffled order so small sets still cover many voices.
  const grid = ENGLISH_VOICES.flatMap((voice) => VOICE_VARIANTS.map((variant) => ({ voice, variant })));
  for (let i = grid.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [grid[i], grid[j]] = [grid[j] as { voice: string; variant: string }, grid[i] as { voice: string; variant: string }];
  }
  let attempts = 0;
  while (plans.length < count && attempts < count * 20) {
    const cell = grid[attempts % grid.length] as { voice: string; variant: string };
    attempts++;
    const params: SpeechParams = {
      ...cell,
      speed: rng.int(120, 210),
      pitch: rng.int(25, 80),
      amplitude: rng.int(70, 150),
      wordGap: rng.int(0, 6),
      text: forms[rng.int(0, forms.length - 1)] as string,
      leadMs: rng.int(20, 250),
    };
    const key = `${params.voice}|${params.variant}|${params.speed}|${params.pitch}|${params.amplitude}|${params.wordGap}|${params.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    plans.push(params);
  }
  return plans;
}

export const MAX_PHRASE_LENGTH = 200;

/** Why a phrase cannot be spoken as given (null when it can): one plain line, since it goes to espeak-ng on stdin. */
export function phraseProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'enter a phrase';
  if (trimmed.length > MAX_PHRASE_LENGTH) return `at most ${MAX_PHRASE_LENGTH} characters`;
  for (const char of trimmed) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || char === '<' || char === '>') return 'use plain words (no line breaks or < >)';
  }
  return null;
}

/** A file-name friendly form of a phrase: "Hey, Nova!" -> "hey_nova". */
export function phraseSlug(phrase: string): string {
  const slug = phrase
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return slug === '' ? 'phrase' : slug;
}

/** Splits "hey nora; hey now;;" into trimmed, non-empty, distinct phrases. */
export function parsePhraseList(text: string): string[] {
  return [...new Set(text.split(/[;\n]/).map((part) => part.trim().replace(/\s+/g, ' ')).filter((part) => part !== ''))];
}
