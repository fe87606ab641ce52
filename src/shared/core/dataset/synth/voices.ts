/**
 * The spread of voices a synthetic set draws from: every installed engine's voices (espeak-ng's English
 * accents x voice variants, flite's voices, piper models) x speed, pitch, amplitude and word gap, chosen by a
 * seeded generator so a seed always gives the same set.
 */
import { createRng, type Rng } from '../../audio/rng';
import { ENGINE_IDS, voiceEngine } from './voice-ids';

/** espeak-ng's English voices that ship with espeak-ng itself (no MBROLA data needed). */
export const ENGLISH_VOICES: readonly string[] = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
/** Voice variants (`-v en-us+f3`): seven male and five female. */
export const VOICE_VARIANTS: readonly string[] = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5'];
/** The espeak-ng voice grid as voice ids, in the order sets made before other engines existed walked it. */
export const ESPEAK_GRID: readonly string[] = ENGLISH_VOICES.flatMap((voice) => VOICE_VARIANTS.map((variant) => `espeak-ng:${voice}+${variant}`));

/** Words per minute (espeak-ng's -s) an engine speaks at by default: other engines' speed is relative to it. */
export const NORMAL_SPEED = 175;
/** espeak-ng's default pitch (-p); other engines shift their pitch by the same relative amount. */
export const NORMAL_PITCH = 50;

export interface SpeechParams {
  /** A voice id, `engine:voice` (see voice-ids.ts). */
  readonly voice: string;
  /** Words per minute (-s for espeak-ng; a duration or length scale of NORMAL_SPEED / speed elsewhere). */
  readonly speed: number;
  /** 0-99 (-p for espeak-ng; a relative f0 shift where the engine has one). */
  readonly pitch: number;
  /** 0-200 (-a for espeak-ng; a gain of amplitude / 100 elsewhere). */
  readonly amplitude: number;
  /** Extra pause between words in 10 ms units (-g; espeak-ng only). */
  readonly wordGap: number;
  /** The phrase as spoken: punctuation and case change the intonation. */
  readonly text: string;
  /** Silence added before the speech, in ms, so clips do not all start at the same instant. */
  readonly leadMs: number;
}

/** Ways of writing the same phrase that engines intone differently. */
export function phraseForms(phrase: string): string[] {
  const words = phrase.trim().split(/\s+/);
  const plain = words.join(' ');
  const forms = [plain, `${plain}.`, `${plain}!`, `${plain}?`];
  if (words.length > 1) forms.push(`${words[0] ?? ''}, ${words.slice(1).join(' ')}`);
  return forms;
}

/** espeak-ng's command-line arguments for one utterance by voice `name` (`en-us+f3`); the text goes on stdin. */
export function espeakArgs(name: string, params: SpeechParams): string[] {
  return [
    '-v', name,
    '-s', String(params.speed),
    '-p', String(params.pitch),
    '-a', String(params.amplitude),
    '-g', String(params.wordGap),
    '-b', '1',
    '--stdout',
  ];
}

/**
 * Which voice the k-th utterance uses: engines take turns (so an engine with few voices is not drowned by
 * espeak-ng's 96), and each engine walks its own voices in a shuffled order so small sets still cover many.
 * With espeak-ng alone this is the walk sets made before other engines existed, so old seeds replay.
 */
export function voiceWalk(voices: readonly string[], rng: Rng): (k: number) => string {
  const groups: string[][] = [];
  for (const engine of ENGINE_IDS) {
    const own = voices.filter((voice) => voiceEngine(voice) === engine);
    if (own.length > 0) groups.push(own);
  }
  const other = voices.filter((voice) => voiceEngine(voice) === null);
  if (other.length > 0) groups.push(other);
  if (groups.length === 0) throw new Error('no voices to speak with');
  for (const grid of groups) {
    for (let i = grid.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [grid[i], grid[j]] = [grid[j] as string, grid[i] as string];
    }
  }
  return (k) => {
    const grid = groups[k % groups.length] as string[];
    return grid[Math.floor(k / groups.length) % grid.length] as string;
  };
}

/** Speed, pitch, amplitude, gap and lead for one utterance (the order of draws is part of the seed contract). */
export function drawDelivery(rng: Rng): Pick<SpeechParams, 'speed' | 'pitch' | 'amplitude' | 'wordGap'> {
  return { speed: rng.int(120, 210), pitch: rng.int(25, 80), amplitude: rng.int(70, 150), wordGap: rng.int(0, 6) };
}

/**
 * `count` distinct parameter sets for `phrase` over `voices` (default: espeak-ng's grid). Distinct means no two
 * share voice, speed, pitch, amplitude, gap and text, so no two clips come out identical.
 */
export function planSpeech(phrase: string, count: number, seed: number, voices: readonly string[] = ESPEAK_GRID): SpeechParams[] {
  const rng = createRng(seed);
  const forms = phraseForms(phrase);
  const plans: SpeechParams[] = [];
  const seen = new Set<string>();
  const voiceAt = voiceWalk(voices, rng);
  let attempts = 0;
  while (plans.length < count && attempts < count * 20) {
    const voice = voiceAt(attempts);
    attempts++;
    const delivery = drawDelivery(rng);
    const params: SpeechParams = { voice, ...delivery, text: forms[rng.int(0, forms.length - 1)] as string, leadMs: rng.int(20, 250) };
    const key = `${params.voice}|${params.speed}|${params.pitch}|${params.amplitude}|${params.wordGap}|${params.text}`;
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
