/**
 * The held-out audio of bench/quality.bench.ts, made straight with espeak-ng and flite (never through the
 * product's synth, so none of its choices can leak in) and resampled to 16 kHz by sox:
 * - per held-out voice, a positive stream: "hey nova" in varied forms, speeds and pitches, each preceded and
 *   followed by other speech or silence, with the phrase's spoken span recorded for hit matching;
 * - per held-out voice, negative streams of continuous speech (public-domain prose and household talk, see
 *   quality-text.ts) with natural pauses, together at least the requested hours.
 * Half the utterances get sox's reverb (a room), every stream a low noise floor (a real microphone never
 * delivers digital silence). Seeded per voice, so the data depend on the recipe only, and cached under a
 * folder named by the recipe's hash.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRng, type Rng } from '../src/shared/core/audio/rng';
import { encodeWavPcm16 } from '../src/shared/core/audio/pcm16-wav';
import { recipeKey, type PhraseSpan } from './quality-helpers';
import { FOLLOW_UPS, heldOutSentence } from './quality-text';

export const SAMPLE_RATE = 16000;

export interface HeldOutVoice {
  /** `engine:voice`, the form `wakeword synth --voices/--exclude-voices` takes. */
  readonly id: string;
  readonly engine: 'espeak-ng' | 'flite';
  /** espeak-ng `-v` value (accent+variant) or flite `-voice` name. */
  readonly voice: string;
  readonly description: string;
  /** flite: the voice's own mean pitch in Hz (measured by autocorrelation), varied around per utterance. */
  readonly baseF0?: number;
}

/**
 * espeak-ng named variants (outside the product's m1-m7/f1-f5 grid; klatt also swaps in a different
 * synthesizer) on several accents, and flite voices built from recordings of real speakers.
 */
export const HELD_OUT_VOICES: readonly HeldOutVoice[] = [
  { id: 'espeak-ng:en-us+Annie', engine: 'espeak-ng', voice: 'en-us+Annie', description: 'US English, female variant Annie' },
  { id: 'espeak-ng:en-gb+Andy', engine: 'espeak-ng', voice: 'en-gb+Andy', description: 'British English, male variant Andy' },
  { id: 'espeak-ng:en-gb-scotland+klatt', engine: 'espeak-ng', voice: 'en-gb-scotland+klatt', description: 'Scottish English, Klatt synthesizer' },
  { id: 'espeak-ng:en-029+michel', engine: 'espeak-ng', voice: 'en-029+michel', description: 'Caribbean English, male variant michel' },
  { id: 'espeak-ng:en-gb-x-rp+aunty', engine: 'espeak-ng', voice: 'en-gb-x-rp+aunty', description: 'Received Pronunciation, female variant aunty' },
  { id: 'espeak-ng:en-us-nyc+belinda', engine: 'espeak-ng', voice: 'en-us-nyc+belinda', description: 'New York English, female variant belinda' },
  { id: 'flite:slt', engine: 'flite', voice: 'slt', description: 'US English female (CMU ARCTIC slt recordings)', baseF0: 175 },
  { id: 'flite:rms', engine: 'flite', voice: 'rms', description: 'US English male (CMU ARCTIC rms recordings)', baseF0: 100 },
  { id: 'flite:awb', engine: 'flite', voice: 'awb', description: 'Scottish English male (CMU ARCTIC awb recordings)', baseF0: 125 },
];

/**
 * The voices a bench run holds out: by default every candidate but flite's rms, so training hears one voice
 * built from a real speaker's recordings (as `default` does on any machine with flite) and is tested on two
 * others (a woman, and a man with another accent) plus the espeak-ng variants. `all` holds out every
 * candidate (training then hears no recorded speaker at all); otherwise a comma-separated list of ids.
 */
export function heldOutVoices(setting: string | undefined): readonly HeldOutVoice[] {
  if (setting === undefined || setting === '') return HELD_OUT_VOICES.filter((v) => v.id !== 'flite:rms');
  if (setting === 'all') return HELD_OUT_VOICES;
  const ids = setting.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !HELD_OUT_VOICES.some((v) => v.id === id));
  if (unknown.length > 0 || ids.length === 0) throw new Error(`QUALITY_BENCH_HOLD_OUT=${setting}: expected "all" or ids from ${HELD_OUT_VOICES.map((v) => v.id).join(', ')}`);
  return HELD_OUT_VOICES.filter((v) => ids.includes(v.id));
}

/** Ways of writing the wake phrase that the engines intone differently. */
const PHRASE_FORMS: readonly string[] = ['hey nova', 'Hey Nova.', 'hey nova!', 'Hey nova?', 'hey, nova', 'Hey, Nova!', 'hey nova,'];

export interface HeldOutRecipe {
  readonly version: number;
  readonly seed: number;
  readonly voices: readonly HeldOutVoice[];
  readonly positivesPerVoice: number;
  readonly negativeHours: number;
  readonly maxFileMinutes: number;
  readonly tools: Readonly<Record<string, string>>;
}

export interface PositiveStream {
  readonly file: string;
  readonly seconds: number;
  /** Spoken spans of "hey nova" (speech onset to offset), with the text as given to the engine. */
  readonly phrases: readonly (PhraseSpan & { readonly text: string })[];
}

/** What was said when, in seconds: shows what a false accept fired on. */
export interface SpokenText {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface NegativeStream {
  readonly file: string;
  readonly seconds: number;
  readonly spoken: readonly SpokenText[];
}

export interface VoiceData {
  readonly voice: HeldOutVoice;
  readonly positive: PositiveStream;
  readonly negatives: readonly NegativeStream[];
}

export interface HeldOutData {
  readonly key: string;
  readonly dir: string;
  readonly recipe: HeldOutRecipe;
  readonly voices: readonly VoiceData[];
  /** True when the data came from the cache. */
  readonly cached: boolean;
  readonly generationSeconds: number;
}

function toolVersion(program: string, args: readonly string[], install: string): string {
  const result = spawnSync(program, [...args], { encoding: 'utf8' });
  if (result.error) throw new Error(`${program} is needed for the held-out voices but could not run (${result.error.message}): install it (${install})`);
  return `${result.stdout}${result.stderr}`.split('\n').find((line) => /version|\d+\.\d+/i.test(line))?.trim() ?? 'unknown';
}

/** Versions of espeak-ng, flite and sox (part of the recipe), with a clear error when one is missing or lacks a voice. */
export function checkTools(voices: readonly HeldOutVoice[]): Record<string, string> {
  const tools = {
    'espeak-ng': toolVersion('espeak-ng', ['--version'], 'apt-get install espeak-ng'),
    flite: toolVersion('flite', ['--version'], 'apt-get install flite'),
    sox: toolVersion('sox', ['--version'], 'apt-get install sox'),
  };
  const fliteVoices = spawnSync('flite', ['-lv'], { encoding: 'utf8' }).stdout.split(/\s+/);
  for (const voice of voices.filter((v) => v.engine === 'flite')) {
    if (!fliteVoices.includes(voice.voice)) throw new Error(`flite has no voice "${voice.voice}" (it lists: ${fliteVoices.slice(2).join(' ')}); install a flite build with the CMU ARCTIC voices`);
  }
  const variants = spawnSync('espeak-ng', ['--voices=variant'], { encoding: 'utf8' }).stdout;
  for (const voice of voices.filter((v) => v.engine === 'espeak-ng')) {
    const variant = voice.voice.split('+')[1] ?? '';
    if (!new RegExp(`!v/${variant}\\b`).test(variants)) throw new Error(`espeak-ng has no voice variant "${variant}" (see espeak-ng --voices=variant)`);
  }
  return tools;
}

/** sox's reverb settings: training only hears reverb from room responses the user adds, and the demo adds none. */
interface Room {
  readonly reverberance: number;
  readonly damping: number;
  readonly roomScale: number;
  readonly preDelayMs: number;
}

interface Utterance {
  readonly text: string;
  /** Half the utterances are spoken in a (simulated) room; the rest are dry. */
  readonly room: Room | null;
  /** espeak-ng: words per minute; flite: duration stretch (1 = its own pace). */
  readonly rate: number;
  /** espeak-ng: pitch 0-99; flite: mean pitch in Hz. */
  readonly pitch: number;
}

/** Runs `a | b`, resolving to b's stdout; a clear error names the program that failed. */
function pipeline(first: readonly string[], second: readonly string[], stdin: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const a = spawn(first[0] as string, first.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const b = spawn(second[0] as string, second.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    let pending = 2;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      a.kill();
      b.kill();
      reject(error);
    };
    const done = (name: string) => (code: number | null) => {
      if (code !== 0) fail(new Error(`${name} exited with ${String(code)}: ${errors.trim().slice(0, 400)}`));
      else if (--pending === 0 && !failed) resolve(Buffer.concat(chunks));
    };
    a.on('error', (error) => fail(new Error(`${first[0] as string} could not run: ${error.message}`)));
    b.on('error', (error) => fail(new Error(`${second[0] as string} could not run: ${error.message}`)));
    a.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    b.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    a.stdout.pipe(b.stdin);
    b.stdin.on('error', () => undefined);
    b.stdout.on('data', (d: Buffer) => chunks.push(d));
    a.on('close', done(`${first.join(' ')}`));
    b.on('close', done('sox'));
    a.stdin.on('error', () => undefined);
    a.stdin.end(stdin);
  });
}

/** sox reading a WAV (`-` for stdin), adding the room if any, and writing 16 kHz mono 16-bit raw samples to stdout. */
function soxToRaw(input: string, room: Room | null): string[] {
  const effects = room ? ['gain', '-6', 'reverb', String(room.reverberance), String(room.damping), String(room.roomScale), '100', String(room.preDelayMs)] : [];
  return ['sox', '-V1', '-t', 'wav', input, '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-', ...effects];
}

/** Runs a program to completion, resolving to its stdout; a clear error names it. */
function capture(args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0] as string, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.on('error', (error) => reject(new Error(`${args[0] as string} could not run: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${args.join(' ')} exited with ${String(code)}: ${errors.trim().slice(0, 400)}`))));
  });
}

let tempCounter = 0;

/** One utterance as 16 kHz mono floats, spoken by the engine directly. */
async function speak(voice: HeldOutVoice, utterance: Utterance): Promise<Float32Array> {
  let bytes: Buffer;
  if (voice.engine === 'espeak-ng') {
    bytes = await pipeline(['espeak-ng', '-v', voice.voice, '-s', String(Math.round(utterance.rate)), '-p', String(Math.round(utterance.pitch)), '--stdin', '--stdout'], soxToRaw('-', utterance.room), utterance.text);
  } else {
    // flite writes only to a file it can open (not a pipe), so it goes through a temporary WAV.
    const temp = path.join(os.tmpdir(), `quality-bench-flite-${String(process.pid)}-${String(tempCounter++)}.wav`);
    try {
      await capture(['flite', '-voice', voice.voice, '--setf', `duration_stretch=${utterance.rate.toFixed(3)}`, '--setf', `int_f0_target_mean=${utterance.pitch.toFixed(1)}`, '-t', utterance.text, '-o', temp]);
      bytes = await capture(soxToRaw(temp, utterance.room));
    } finally {
      await rm(temp, { force: true });
    }
  }
  const samples = new Float32Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
  if (samples.length === 0) throw new Error(`${voice.id} produced no audio for "${utterance.text}"`);
  return samples;
}

/** Where speech starts and ends in an utterance: 10 ms frames within 35 dB of its loudest frame. */
export function speechSpan(audio: Float32Array): { start: number; end: number } {
  const frame = SAMPLE_RATE / 100;
  const energies: number[] = [];
  for (let start = 0; start < audio.length; start += frame) {
    let sum = 0;
    const end = Math.min(audio.length, start + frame);
    for (let i = start; i < end; i++) sum += (audio[i] as number) ** 2;
    energies.push(sum / Math.max(1, end - start));
  }
  const floor = Math.max(...energies) * 10 ** (-35 / 10);
  const first = energies.findIndex((e) => e > floor);
  let last = energies.length - 1;
  while (last > first && (energies[last] as number) <= floor) last--;
  return { start: Math.max(0, first) * frame, end: Math.min(audio.length, (last + 1) * frame) };
}

/** Scales to a peak level, as speakers stand nearer or further from the microphone. */
function atPeak(audio: Float32Array, peak: number): Float32Array {
  const max = audio.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const gain = max > 0 ? peak / max : 1;
  return audio.map((x) => x * gain);
}

/** Accumulates one stream's audio. */
class StreamBuilder {
  private readonly parts: Float32Array[] = [];
  samples = 0;

  add(audio: Float32Array): number {
    const at = this.samples;
    this.parts.push(audio);
    this.samples += audio.length;
    return at;
  }

  silence(seconds: number): void {
    this.add(new Float32Array(Math.round(seconds * SAMPLE_RATE)));
  }

  get seconds(): number {
    return this.samples / SAMPLE_RATE;
  }

  /** The stream with a noise floor (low-passed and white noise at `rmsDb` dBFS) mixed in. */
  render(rng: Rng, rmsDb: number): Float32Array {
    const out = new Float32Array(this.samples);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    const noise = new Float32Array(out.length);
    let low = 0;
    let energy = 0;
    for (let i = 0; i < noise.length; i++) {
      const white = rng.normal();
      low = 0.985 * low + 0.015 * white * 8;
      noise[i] = low + 0.25 * white;
      energy += (noise[i] as number) ** 2;
    }
    const gain = 10 ** (rmsDb / 20) / Math.sqrt(energy / Math.max(1, noise.length));
    for (let i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, (out[i] as number) + gain * (noise[i] as number)));
    return out;
  }
}

function room(rng: Rng): Room | null {
  return rng.chance(0.5) ? { reverberance: rng.int(10, 60), damping: rng.int(20, 80), roomScale: rng.int(30, 100), preDelayMs: rng.int(0, 20) } : null;
}

function phraseUtterance(voice: HeldOutVoice, rng: Rng): Utterance {
  const text = PHRASE_FORMS[rng.int(0, PHRASE_FORMS.length - 1)] as string;
  return voice.engine === 'espeak-ng'
    ? { text, rate: rng.int(110, 210), pitch: rng.int(20, 80), room: room(rng) }
    : { text, rate: rng.uniform(0.8, 1.3), pitch: (voice.baseF0 ?? 120) * rng.uniform(0.85, 1.2), room: room(rng) };
}

function speechUtterance(voice: HeldOutVoice, text: string, rng: Rng): Utterance {
  return voice.engine === 'espeak-ng'
    ? { text, rate: rng.int(130, 190), pitch: rng.int(30, 70), room: room(rng) }
    : { text, rate: rng.uniform(0.9, 1.15), pitch: (voice.baseF0 ?? 120) * rng.uniform(0.9, 1.1), room: room(rng) };
}

async function writeStream(file: string, builder: StreamBuilder, rng: Rng): Promise<number> {
  const audio = builder.render(rng, rng.uniform(-58, -42));
  await writeFile(file, encodeWavPcm16(audio, SAMPLE_RATE));
  return audio.length / SAMPLE_RATE;
}

/**
 * One voice's positive stream: per trial, other speech or quiet before, "hey nova", a short pause, then a
 * follow-up command or quiet, so phrases sit at least a few seconds apart (no two hit windows overlap).
 */
async function positiveStream(voice: HeldOutVoice, count: number, rng: Rng, file: string): Promise<PositiveStream> {
  const builder = new StreamBuilder();
  const phrases: (PhraseSpan & { text: string })[] = [];
  builder.silence(rng.uniform(1, 2));
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.5)) builder.add(atPeak(await speak(voice, speechUtterance(voice, heldOutSentence(rng), rng)), rng.uniform(0.2, 0.9)));
    else builder.silence(rng.uniform(1, 3));
    builder.silence(rng.uniform(0.3, 1.2));
    const utterance = phraseUtterance(voice, rng);
    const audio = atPeak(await speak(voice, utterance), rng.uniform(0.2, 0.9));
    const at = builder.add(audio);
    const span = speechSpan(audio);
    phrases.push({ start: (at + span.start) / SAMPLE_RATE, end: (at + span.end) / SAMPLE_RATE, text: utterance.text });
    builder.silence(rng.uniform(0.15, 1.5));
    if (rng.chance(0.6)) builder.add(atPeak(await speak(voice, speechUtterance(voice, FOLLOW_UPS[rng.int(0, FOLLOW_UPS.length - 1)] as string, rng)), rng.uniform(0.2, 0.9)));
    else builder.silence(rng.uniform(1.5, 3));
    builder.silence(rng.uniform(1, 2.5));
  }
  const seconds = await writeStream(file, builder, rng);
  return { file, seconds, phrases };
}

/** One voice's negative streams: chunks of two to four sentences with pauses (sometimes long ones) between. */
async function negativeStreams(voice: HeldOutVoice, targetSeconds: number, maxFileSeconds: number, rng: Rng, fileFor: (index: number) => string): Promise<NegativeStream[]> {
  const streams: NegativeStream[] = [];
  let total = 0;
  while (total < targetSeconds) {
    const builder = new StreamBuilder();
    const spoken: SpokenText[] = [];
    const goal = Math.min(maxFileSeconds, targetSeconds - total);
    while (builder.seconds < goal) {
      const text = Array.from({ length: rng.int(2, 4) }, () => heldOutSentence(rng)).join(' ');
      const audio = atPeak(await speak(voice, speechUtterance(voice, text, rng)), rng.uniform(0.2, 0.9));
      const at = builder.add(audio);
      spoken.push({ start: at / SAMPLE_RATE, end: (at + audio.length) / SAMPLE_RATE, text });
      builder.silence(rng.chance(0.1) ? rng.uniform(3, 8) : rng.uniform(0.3, 2));
    }
    const file = fileFor(streams.length);
    const seconds = await writeStream(file, builder, rng);
    streams.push({ file, seconds, spoken });
    total += seconds;
  }
  return streams;
}

async function buildVoice(voice: HeldOutVoice, index: number, recipe: HeldOutRecipe, dir: string): Promise<VoiceData> {
  const slug = voice.id.replace(/[^A-Za-z0-9]+/g, '_');
  const positive = await positiveStream(voice, recipe.positivesPerVoice, createRng(recipe.seed * 1000 + index * 2), path.join(dir, `${slug}_positive.wav`));
  const targetSeconds = (recipe.negativeHours * 3600) / recipe.voices.length;
  const negatives = await negativeStreams(voice, targetSeconds, recipe.maxFileMinutes * 60, createRng(recipe.seed * 1000 + index * 2 + 1), (i) => path.join(dir, `${slug}_negative_${String(i + 1)}.wav`));
  return { voice, positive, negatives };
}

/** The held-out data for `recipe`: from the cache when a complete copy exists, else generated (voices `concurrency` at a time). */
export async function heldOutData(cacheRoot: string, recipe: HeldOutRecipe, concurrency: number, log: (line: string) => void): Promise<HeldOutData> {
  const key = recipeKey(recipe);
  const dir = path.join(cacheRoot, key);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const voices = JSON.parse(await readFile(manifestFile, 'utf8')) as VoiceData[];
    if (voices.every((v) => existsSync(v.positive.file) && v.negatives.every((n) => existsSync(n.file)))) return { key, dir, recipe, voices, cached: true, generationSeconds: 0 };
  }
  const started = Date.now();
  const partial = `${dir}.partial-${String(process.pid)}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const results: VoiceData[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < recipe.voices.length) {
      const index = next++;
      const voice = recipe.voices[index] as HeldOutVoice;
      const data = await buildVoice(voice, index, recipe, partial);
      results[index] = data;
      const negativeSeconds = data.negatives.reduce((s, n) => s + n.seconds, 0);
      log(`   held-out ${voice.id}: ${String(data.positive.phrases.length)} phrases in ${(data.positive.seconds / 60).toFixed(1)} min, ${(negativeSeconds / 60).toFixed(1)} min of negative speech (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, recipe.voices.length)) }, worker));
  // Paths point into the final folder; the manifest is written last, so a folder with one is complete.
  const relocate = (file: string): string => path.join(dir, path.basename(file));
  const voices = results.map((v) => ({ ...v, positive: { ...v.positive, file: relocate(v.positive.file) }, negatives: v.negatives.map((n) => ({ ...n, file: relocate(n.file) })) }));
  await writeFile(path.join(partial, 'recipe.json'), `${JSON.stringify(recipe, null, 2)}\n`);
  await writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(voices)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { key, dir, recipe, voices, cached: false, generationSeconds: (Date.now() - started) / 1000 };
}
