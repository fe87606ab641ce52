/**
 * Issue 14's goals, measured as a user would meet them: does a model trained on one generated workspace work
 * on voices its training never heard?
 * 1. A training workspace made with the product's own CLI (`wakeword demo` for noise and background, then
 *    `wakeword synth` for ~500 "hey nova", ~300 confusable and ~1,440 everyday-speech clips, plus long
 *    negative speech with `--negative-hours` where the CLI has it), every held-out voice excluded.
 * 2. Held-out audio made straight with espeak-ng (named variants outside the product's grid) and flite
 *    (slt, rms, awb), see quality-heldout.ts: per voice a stream of "hey nova" in context and >= 1 h in all of
 *    continuous negative speech from text unlike the product's lists. Cached by recipe.
 * 3. `wakeword train --preset default` from an empty embedding cache, timed to the finished model.
 * 4. `wakeword detect` at the threshold the product chose: FRR per held-out voice, FA/h over the negative
 *    hours with its 95 % bound, the product's predicted FA/h (best.json `fahEstimate`) against it; then, as a
 *    diagnostic only, the threshold the held-out streams would have needed for <= 1 FA/h.
 * Goals: FRR <= 5 % at <= 1 FA/h on every held-out voice (stretch 2 % at 0.5), the held-out FA/h within the
 * product's own 95 % bound, training <= 10 minutes on 2 cores. Results also go to test-results/quality-bench-*.json.
 * Knobs for a quicker dry run: QUALITY_BENCH_NEG_HOURS (1), QUALITY_BENCH_POSITIVES_PER_VOICE (40),
 * QUALITY_BENCH_TRAIN_SCALE (1: scales the training clip counts), QUALITY_BENCH_TRAIN_NEG_HOURS (0.5, used
 * when the CLI has --negative-hours), QUALITY_BENCH_EPOCHS (unset: the preset's), QUALITY_BENCH_SWEEP (1; 0
 * skips the diagnostic re-scoring), QUALITY_BENCH_CONCURRENCY (2), QUALITY_BENCH_CACHE (cache folder),
 * QUALITY_BENCH_KEEP (1 keeps the training workspace), QUALITY_BENCH_HOLD_OUT (see heldOutVoices: unset holds out
 * every candidate voice but flite:rms, `all` all of them), QUALITY_BENCH_WORKSPACE (reuse a kept training workspace
 * and its embedding cache, for quick experiments), QUALITY_BENCH_SET ("key=value ..." passed to train as --set),
 * QUALITY_BENCH_RUN (measure a finished run instead of training: the threshold re-chosen by the current product).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SplitManifest } from '../src/shared/core/dataset/manifest';
import { DEMO_HARD_NEGATIVES, DEMO_NEGATIVE_PHRASES } from '../src/shared/core/dataset/synth/demo-plan';
import { ENGLISH_VOICES, VOICE_VARIANTS } from '../src/shared/core/dataset/synth/voices';
import { loadMonoClip } from '../src/node/audio/decode-audio';
import { loadBackend } from '../src/ml/backend-loader';
import { BACKEND_CHOICES, type BackendChoice } from '../src/shared/contract/backend-choices';
import { openRunScorer } from '../src/ml/evaluation/run-scorer';
import { type StepGeometry } from '../src/ml/evaluation/scorer-types';
import {
  evaluateAt,
  fahAgreement,
  fahFigure,
  falseAcceptContexts,
  heldOutInTrainingGrid,
  matchDetections,
  poissonUpperBound,
  thresholdForHeldOutFah,
  verdict,
  withoutExclusions,
  type FahFigure,
  type HitTolerance,
  type ScoredStream,
  type SweepPoint,
} from './quality-helpers';
import { checkTools, heldOutData, heldOutVoices, type HeldOutData, type HeldOutRecipe, type HeldOutVoice, type VoiceData } from './quality-heldout';
import { FOLLOW_UPS, PUBLIC_DOMAIN_PROSE } from './quality-text';

export const title = 'Quality on held-out voices: FRR at the product threshold, held-out FA/h vs its prediction, default-preset training time';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'wakeword.js');
const GOALS = { frr: 0.05, fah: 1, stretchFrr: 0.02, stretchFah: 0.5, trainSeconds: 600 } as const;
/**
 * A detection counts for a phrase from 0.3 s before its first sound to 1 s after its last: the detector
 * reports the peak, which for openWakeWord-style models sits just after the phrase ends. Later than that a
 * user would already have repeated themselves, so it is a miss (and a false accept).
 */
const TOLERANCE: HitTolerance = { before: 0.3, after: 1 };
/** Files per `wakeword detect` call: a few long files each, never a huge argument list. */
const DETECT_BATCH = 6;
const TRAINING_SEED = 1414;
/** Confusable phrases: the demo's and a few more. */
const HARD_NEGATIVES: readonly string[] = [...DEMO_HARD_NEGATIVES, 'hey novel', 'okay nova', 'hey nolan', 'say nova'];
/** Everyday speech: the demo's phrases and more of the same kind (the held-out text is different on purpose). */
const GENERAL_NEGATIVES: readonly string[] = [
  ...DEMO_NEGATIVE_PHRASES,
  'good night', 'how are you doing', 'what a lovely day', 'can you help me', 'I am running late', 'let us go outside', 'the bus is coming',
  'turn it down please', 'where did you put it', 'I need a coffee', 'it is raining again', 'what did you say', 'that sounds great', 'I do not know',
  'see you tomorrow', 'happy birthday', 'where is the remote', 'it is too cold in here', 'lunch is ready', 'are you coming with us',
  'what is on television', 'I will call you back', 'not right now', 'the door is open', 'please be quiet', 'how much does it cost',
  'we are out of bread', 'nice to meet you', 'what is your name', 'let me think about it',
];

interface Settings {
  readonly negativeHours: number;
  readonly positivesPerVoice: number;
  readonly trainScale: number;
  readonly trainNegativeHours: number;
  readonly epochs: number | null;
  readonly sweep: boolean;
  readonly concurrency: number;
  readonly cacheDir: string;
  readonly keep: boolean;
  readonly heldOut: readonly HeldOutVoice[];
  /** A training workspace an earlier run kept: reused as it is, embedding cache included (training time then says nothing). */
  readonly reuseWorkspace: string | null;
  /** Extra `--set key=value` for `wakeword train`. */
  readonly trainSets: readonly string[];
  /**
   * A finished run to measure instead of training one: the current product re-chooses its threshold on the
   * run's validation split (`wakeword eval --split val --target-fah ... --save`), so a change to the threshold
   * rule can be measured on the same model.
   */
  readonly reuseRun: string | null;
}

function envNumber(name: string, fallback: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new Error(`${name}=${raw}: expected a positive ${integer ? 'whole ' : ''}number`);
  return value;
}

function readSettings(): Settings {
  return {
    negativeHours: envNumber('QUALITY_BENCH_NEG_HOURS', 1),
    positivesPerVoice: envNumber('QUALITY_BENCH_POSITIVES_PER_VOICE', 40, true),
    trainScale: envNumber('QUALITY_BENCH_TRAIN_SCALE', 1),
    trainNegativeHours: envNumber('QUALITY_BENCH_TRAIN_NEG_HOURS', 0.5),
    epochs: process.env.QUALITY_BENCH_EPOCHS ? envNumber('QUALITY_BENCH_EPOCHS', 1, true) : null,
    sweep: process.env.QUALITY_BENCH_SWEEP !== '0',
    concurrency: envNumber('QUALITY_BENCH_CONCURRENCY', 2, true),
    cacheDir: path.resolve(process.env.QUALITY_BENCH_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'quality-bench')),
    keep: process.env.QUALITY_BENCH_KEEP === '1',
    heldOut: heldOutVoices(process.env.QUALITY_BENCH_HOLD_OUT),
    reuseWorkspace: process.env.QUALITY_BENCH_WORKSPACE ? path.resolve(process.env.QUALITY_BENCH_WORKSPACE) : null,
    trainSets: (process.env.QUALITY_BENCH_SET ?? '').split(/\s+/).filter(Boolean),
    reuseRun: process.env.QUALITY_BENCH_RUN ? path.resolve(process.env.QUALITY_BENCH_RUN) : null,
  };
}

interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `wakeword` CLI as a user would; `onLine` sees stdout lines as they come. Fails with its stderr. */
function wakeword(args: readonly string[], onLine: (line: string) => void = () => undefined): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial) onLine(partial);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`wakeword ${args.slice(0, 3).join(' ')} … exited with ${String(code)}:\n${stderr.trim() || stdout.trim().slice(-2000)}`));
    });
  });
}

/** Newest modification time under a folder (source files only), to tell when out/ is older than src/. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** What the CLI can do today, read from its help (flags other helpers are adding). */
interface Capabilities {
  readonly excludeVoices: boolean;
  readonly negativeHours: boolean;
  readonly synthWorkspaceOption: boolean;
  readonly otherEngines: boolean;
}

/** The voice ids the product's synth can speak (`wakeword voices --json`). */
async function productVoices(): Promise<Set<string>> {
  const listing = JSON.parse((await wakeword(['voices', '--json'])).stdout) as { engines: { voices: string[] }[] };
  return new Set(listing.engines.flatMap((engine) => engine.voices));
}

async function capabilities(): Promise<Capabilities> {
  const help = (await wakeword(['synth', '--help'])).stdout;
  return {
    excludeVoices: help.includes('--exclude-voices'),
    negativeHours: help.includes('--negative-hours'),
    synthWorkspaceOption: /--workspace\b/.test(help),
    otherEngines: /flite|piper/i.test(help),
  };
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
const normalized = (text: string): string => text.toLowerCase().replace(/[^a-z ]+/g, '').replace(/\s+/g, ' ').trim();

interface TrainingWorkspace {
  readonly dir: string;
  readonly counts: Record<string, number>;
  readonly notes: readonly string[];
  readonly seconds: number;
}

/** The training workspace, made only with the product's CLI; every synth call excludes the held-out voices when it can. */
async function makeTrainingWorkspace(dir: string, settings: Settings, caps: Capabilities, log: (line: string) => void): Promise<TrainingWorkspace> {
  const started = Date.now();
  const notes: string[] = [];
  // Only ids the product knows can be excluded (it refuses unknown ones); a held-out id it does not know is a
  // voice it cannot speak, so it cannot leak either.
  const known = caps.excludeVoices ? await productVoices() : new Set<string>();
  const excluded = settings.heldOut.map((v) => v.id).filter((id) => known.has(id));
  const exclude = excluded.length > 0 ? ['--exclude-voices', excluded.join(',')] : [];
  if (caps.excludeVoices) notes.push(`excluded from training: ${excluded.join(', ') || 'none'}; not voices the product has (so never spoken in training): ${settings.heldOut.map((v) => v.id).filter((id) => !known.has(id)).join(', ') || 'none'}`);
  const raw = path.join(dir, 'data', 'raw');
  await wakeword(['demo', '--out', dir, '--json', ...exclude]);
  // The demo's speech is replaced by synth's, which takes --exclude-voices: a demo made with engines added
  // later could otherwise speak a held-out voice. Its generated noise negatives and background files stay.
  for (const sub of ['positive', 'hard_negative', path.join('negative', 'speech')]) await rm(path.join(raw, sub), { recursive: true, force: true });

  const scaled = (n: number): number => Math.max(1, Math.round(n * settings.trainScale));
  const positives = scaled(500);
  const hard = Math.max(HARD_NEGATIVES.length, scaled(300));
  const general = Math.max(GENERAL_NEGATIVES.length, scaled(1440));
  const synth = async (args: readonly string[]): Promise<string> => (await wakeword(['synth', ...args, '--json', ...exclude])).stdout;
  const outputs: string[] = [];
  log(`   synth: ${String(positives)} "hey nova", ${String(hard)} confusable, ${String(general)} everyday-speech clips`);
  outputs.push(await synth(['--phrase', 'hey nova', '--count', String(positives), '--out', path.join(raw, 'positive', 'hey_nova'), '--seed', String(TRAINING_SEED), '--negatives', HARD_NEGATIVES.join(';'), '--negative-count', String(hard), '--negatives-out', path.join(raw, 'hard_negative')]));
  const [first, ...rest] = GENERAL_NEGATIVES as [string, ...string[]];
  const firstCount = Math.max(1, Math.round(general / GENERAL_NEGATIVES.length));
  outputs.push(await synth(['--phrase', first, '--count', String(firstCount), '--out', path.join(raw, 'negative', 'speech', slug(first)), '--seed', String(TRAINING_SEED + 1), '--negatives', rest.join(';'), '--negative-count', String(general - firstCount), '--negatives-out', path.join(raw, 'negative', 'speech')]));
  if (caps.negativeHours) {
    const target = caps.synthWorkspaceOption ? ['--workspace', dir] : ['--out', path.join(raw, 'negative', 'speech')];
    try {
      outputs.push(await synth(['--negative-hours', String(settings.trainNegativeHours), '--seed', String(TRAINING_SEED + 2), ...target]));
      log(`   synth --negative-hours ${String(settings.trainNegativeHours)}: long negative speech added`);
    } catch (error) {
      notes.push(`wakeword synth --negative-hours failed, training has no long negative speech: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`);
    }
  } else {
    notes.push('this CLI has no `synth --negative-hours` yet: training sees short everyday-speech clips only');
  }
  // Whatever synth reports about the voices it used must not name a held-out one (its echo of the exclusions aside).
  const reported = outputs.map(withoutExclusions).join('\n');
  for (const voice of settings.heldOut) {
    if (reported.includes(voice.id)) throw new Error(`wakeword synth reports using the held-out voice ${voice.id}: the bench would test on a voice training heard`);
  }
  await wakeword(['scan', '--workspace', dir, '--json']);
  const split = JSON.parse((await wakeword(['split', '--workspace', dir, '--json'])).stdout) as { splits: Record<string, Record<string, number>> };
  const counts: Record<string, number> = {};
  for (const perSplit of Object.values(split.splits)) for (const [key, value] of Object.entries(perSplit)) if (key !== 'seconds' && key !== 'files') counts[key] = (counts[key] ?? 0) + value;
  return { dir, counts, notes, seconds: (Date.now() - started) / 1000 };
}

interface TrainingOutcome {
  readonly runDir: string;
  readonly backend: string;
  readonly seconds: number;
  readonly prepareSeconds: number | null;
  readonly epochs: number;
  readonly plannedEpochs: number | null;
  readonly status: string;
  readonly bestEpoch: number | null;
}

async function train(workspace: string, settings: Settings, log: (line: string) => void): Promise<TrainingOutcome> {
  const args = ['train', '--workspace', workspace, '--preset', 'default', '--run-name', 'quality', '--json'];
  if (settings.epochs !== null) args.push('--set', `training.epochs=${String(settings.epochs)}`);
  for (const set of settings.trainSets) args.push('--set', set);
  const started = Date.now();
  let backend = '?';
  let epochs = 0;
  let plannedEpochs: number | null = null;
  let prepareSeconds: number | null = null;
  let done: { status: string; run_dir: string; best: { epoch: number } | null } | null = null;
  let lastLog = 0;
  await wakeword(args, (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as { type: string } & Record<string, unknown>;
    if (event.type === 'backend') backend = String(event.backend);
    else if (event.type === 'epoch') {
      epochs += 1;
      plannedEpochs = Number(event.epochs);
      // Time before the first epoch began: decoding, embedding (empty cache) and augmentation.
      if (epochs === 1) prepareSeconds = (Date.now() - started) / 1000 - Number(event.epoch_seconds);
      if (Date.now() - lastLog > 30_000 || epochs === 1) {
        lastLog = Date.now();
        log(`   train: epoch ${String(event.epoch)}/${String(event.epochs)} at ${((Date.now() - started) / 1000).toFixed(0)} s, recall at target ${(100 * Number(event.recall_at_target)).toFixed(1)}%`);
      }
    } else if (event.type === 'done') done = event as unknown as typeof done;
  });
  const seconds = (Date.now() - started) / 1000;
  const final = done as { status: string; run_dir: string; best: { epoch: number } | null } | null;
  if (!final) throw new Error('wakeword train ended without its "done" line');
  return { runDir: final.run_dir, backend, seconds, prepareSeconds, epochs, plannedEpochs, status: final.status, bestEpoch: final.best?.epoch ?? null };
}

/** QUALITY_BENCH_RUN: no training; the product re-chooses the run's threshold on its validation split and saves it for detect. */
async function rethreshold(runDir: string, log: (line: string) => void): Promise<TrainingOutcome> {
  const meta = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { status: string; epochs?: number; lastEpoch?: number; backend?: { id: string }; best?: { epoch: number; threshold: number } };
  const config = JSON.parse(await readFile(path.join(runDir, 'config.json'), 'utf8')) as { selection: { target_fah: number } };
  const { stdout } = await wakeword(['eval', '--run', runDir, '--split', 'val', '--target-fah', String(config.selection.target_fah), '--save', '--json']);
  const evaluated = JSON.parse(stdout) as { threshold: number };
  log(`   reused run ${path.basename(runDir)}: threshold ${String(meta.best?.threshold ?? '?')} when trained, ${evaluated.threshold.toFixed(4)} re-chosen now on its validation split (saved for detect)`);
  return { runDir, backend: meta.backend?.id ?? '?', seconds: Number.NaN, prepareSeconds: null, epochs: meta.lastEpoch ?? 0, plannedEpochs: meta.epochs ?? null, status: `reused (${meta.status})`, bestEpoch: meta.best?.epoch ?? null };
}

/** The prediction behind the operating point rethreshold saved. */
async function savedPrediction(runDir: string): Promise<Prediction> {
  const saved = JSON.parse(await readFile(path.join(runDir, 'operating-point.json'), 'utf8')) as { threshold: number; fahEstimate?: { falseAccepts: number; hours: number; fah: number; upper95: number } };
  if (!saved.fahEstimate) throw new Error(`${runDir}/operating-point.json has no fahEstimate`);
  return { source: 'fahEstimate', threshold: saved.threshold, ...saved.fahEstimate };
}

/** The product's own FA/h prediction for its threshold. */
interface Prediction {
  readonly source: 'fahEstimate' | 'bench-derived';
  readonly threshold: number;
  readonly falseAccepts: number;
  readonly hours: number;
  readonly fah: number;
  readonly upper95: number;
}

async function productPrediction(runDir: string, workspace: string, notes: string[]): Promise<Prediction> {
  const best = JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as { threshold: number; fah?: number; fahEstimate?: { falseAccepts: number; hours: number; fah: number; upper95: number } };
  const estimate = best.fahEstimate;
  if (estimate && [estimate.falseAccepts, estimate.hours, estimate.fah, estimate.upper95].every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return { source: 'fahEstimate', threshold: best.threshold, ...estimate };
  }
  // Before the streaming estimate lands, best.json has the validation FA/h at the threshold but no hours or
  // bound: the hours are the validation split's general negatives, the bound the same Poisson one.
  const val = JSON.parse(await readFile(path.join(workspace, 'data', 'splits', 'val.json'), 'utf8')) as SplitManifest;
  const hours = val.files.filter((f) => f.category === 'negative').reduce((s, f) => s + (f.durationSeconds ?? 0), 0) / 3600;
  const fah = best.fah ?? Number.NaN;
  const falseAccepts = Math.round(fah * hours);
  notes.push(`best.json has no fahEstimate (pre-merge product): the prediction is best.json's validation FA/h (${fah.toFixed(2)}, clip-level) over the validation negatives' ${(hours * 60).toFixed(1)} min, bound derived by the bench`);
  return { source: 'bench-derived', threshold: best.threshold, falseAccepts, hours, fah, upper95: hours > 0 ? poissonUpperBound(falseAccepts) / hours : Number.POSITIVE_INFINITY };
}

interface DetectFile {
  readonly file: string;
  readonly duration: number;
  readonly detections: readonly { readonly time: number; readonly score: number }[];
}

interface DetectSettings {
  readonly threshold: number;
  readonly thresholdSource: string;
  readonly smoothing: number;
  readonly hop: number;
  readonly refractory: number;
  readonly backend: string;
}

/** `wakeword detect --json` over the files, a few per call. */
async function detectAll(runDir: string, files: readonly string[], log: (line: string) => void): Promise<{ settings: DetectSettings; byFile: Map<string, DetectFile> }> {
  const byFile = new Map<string, DetectFile>();
  let settings: DetectSettings | null = null;
  const started = Date.now();
  for (let i = 0; i < files.length; i += DETECT_BATCH) {
    const batch = files.slice(i, i + DETECT_BATCH);
    const out = JSON.parse((await wakeword(['detect', '--run', runDir, '--json', ...batch])).stdout) as { threshold: number; threshold_source: string; smoothing: number; hop: number; refractory: number; backend: string; files: (DetectFile & { error?: string })[] };
    settings = { threshold: out.threshold, thresholdSource: out.threshold_source, smoothing: out.smoothing, hop: out.hop, refractory: out.refractory, backend: out.backend };
    for (const file of out.files) {
      if (file.error) throw new Error(`wakeword detect could not read ${file.file}: ${file.error}`);
      byFile.set(file.file, file);
    }
    log(`   detect: ${String(Math.min(files.length, i + DETECT_BATCH))}/${String(files.length)} files (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  if (!settings) throw new Error('no held-out files to detect in');
  return { settings, byFile };
}

interface VoiceResult {
  readonly id: string;
  readonly engine: string;
  readonly voice: string;
  readonly phrases: number;
  readonly hits: number;
  readonly frr: number;
  readonly latencies: readonly number[];
  readonly missed: readonly string[];
  /** Detections in the positive stream outside every phrase window, and the seconds they could occur in. */
  readonly positiveStreamFalseAccepts: number;
  readonly negative: FahFigure;
  /** Each false accept in the negative streams with the utterance it fired in (or "pause"). */
  readonly falseAcceptContexts: readonly { readonly time: number; readonly score: number; readonly text: string }[];
  readonly withinPredictedBound: boolean;
  readonly diagnosticFrr: number | null;
}

function voiceResult(data: VoiceData, byFile: Map<string, DetectFile>, prediction: Prediction): VoiceResult {
  const detections = (file: string): DetectFile => {
    const found = byFile.get(file);
    if (!found) throw new Error(`wakeword detect returned nothing for ${file}`);
    return found;
  };
  const positive = detections(data.positive.file);
  const match = matchDetections(data.positive.phrases, positive.detections.map((d) => d.time), TOLERANCE);
  const hits = match.hits.filter(Boolean).length;
  const contexts = data.negatives.flatMap((n) => falseAcceptContexts(n.spoken, detections(n.file).detections, TOLERANCE.after));
  const negativeFas = contexts.length;
  const negativeHours = data.negatives.reduce((sum, n) => sum + n.seconds, 0) / 3600;
  const negative = fahFigure(negativeFas, negativeHours);
  return {
    id: data.voice.id,
    engine: data.voice.engine,
    voice: data.voice.voice,
    phrases: data.positive.phrases.length,
    hits,
    frr: 1 - hits / data.positive.phrases.length,
    latencies: match.latencies,
    missed: data.positive.phrases.filter((_, i) => !match.hits[i]).map((p) => `${p.text} @ ${p.start.toFixed(1)} s`),
    positiveStreamFalseAccepts: match.falseAcceptTimes.length,
    negative,
    falseAcceptContexts: contexts,
    withinPredictedBound: negative.fah <= prediction.upper95,
    diagnosticFrr: null,
  };
}

interface GeometryStream extends ScoredStream {
  readonly geometry: StepGeometry;
}

interface Diagnostic {
  readonly replayMatchesCli: boolean;
  readonly replay: SweepPoint;
  readonly atTarget: SweepPoint | null;
  readonly atStretch: SweepPoint | null;
  readonly perVoiceFrr: ReadonlyMap<string, number>;
}

/**
 * Diagnostic only: scores every stream once in-process with the run's own scorer and streaming detector (what
 * `wakeword detect` runs), checks the replay at the product threshold equals the CLI's figures, then sweeps.
 */
async function diagnose(runDir: string, held: HeldOutData, detect: DetectSettings, cli: { hits: number; falseAccepts: number }, log: (line: string) => void): Promise<Diagnostic> {
  const choice: BackendChoice = (BACKEND_CHOICES as readonly string[]).includes(detect.backend) ? (detect.backend as BackendChoice) : 'auto';
  const backend = await loadBackend(choice);
  const scorer = await openRunScorer(runDir, backend.id, backend);
  const streams = new Map<string, GeometryStream[]>();
  try {
    for (const data of held.voices) {
      const list: GeometryStream[] = [];
      for (const [file, phrases, negativeSeconds] of [[data.positive.file, data.positive.phrases, 0] as const, ...data.negatives.map((n) => [n.file, [], n.seconds] as const)]) {
        const audio = await loadMonoClip(file, scorer.sampleRate);
        const { scores, geometry } = await scorer.scoreRecording(audio, detect.hop);
        list.push({ scores, phrases, negativeSeconds, geometry });
      }
      streams.set(data.voice.id, list);
      log(`   diagnostic re-scoring: ${data.voice.id} done`);
    }
  } finally {
    await scorer.dispose();
  }
  const all = [...streams.values()].flat();
  const first = all[0];
  if (!first) throw new Error('no held-out streams to re-score');
  // Every stream of one run shares its window geometry; the detector needs it once.
  const geometry = first.geometry;
  const detector = { ...geometry, sampleRate: scorer.sampleRate, smoothing: detect.smoothing, refractorySeconds: detect.refractory };
  const replay = evaluateAt(all, detector, detect.threshold, TOLERANCE);
  const atTarget = thresholdForHeldOutFah(all, detector, GOALS.fah, TOLERANCE);
  const atStretch = thresholdForHeldOutFah(all, detector, GOALS.stretchFah, TOLERANCE);
  const perVoiceFrr = new Map<string, number>();
  if (atTarget) for (const [id, list] of streams) perVoiceFrr.set(id, evaluateAt(list, detector, atTarget.threshold, TOLERANCE).frr);
  return { replayMatchesCli: replay.hits === cli.hits && replay.falseAccepts === cli.falseAccepts, replay, atTarget, atStretch, perVoiceFrr };
}

const pct = (x: number | null): string => (x === null || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(1)}%`);
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] as number);
};

export async function run(): Promise<void> {
  const settings = readSettings();
  const log = (line: string): void => console.log(line);
  const dryRun = settings.negativeHours < 1 || settings.trainScale < 1 || settings.epochs !== null || settings.reuseWorkspace !== null || settings.trainSets.length > 0 || settings.reuseRun !== null;
  if (!existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('the CLI is not built (out/main/cli.js is missing): run "npm run build" first');
  if (newestMtime(path.join(ROOT, 'src')) > statSync(path.join(ROOT, 'out', 'main', 'cli.js')).mtimeMs) log('   note: src/ is newer than out/: the bench runs the built CLI, so run "npm run build" to measure the current source');
  if (dryRun) log('   DRY RUN: a knob shrinks the data or the epochs, so the figures below do not test the goals');

  // Training must never hear a held-out voice: none may sit in the product's espeak-ng grid.
  const leaked = heldOutInTrainingGrid(settings.heldOut.map((v) => v.id), ENGLISH_VOICES, VOICE_VARIANTS);
  if (leaked.length > 0) throw new Error(`held-out voices in the product's training grid: ${leaked.join(', ')}`);
  const trainingPhrases = new Set([...GENERAL_NEGATIVES, ...HARD_NEGATIVES, 'hey nova'].map(normalized));
  const overlap = [...PUBLIC_DOMAIN_PROSE, ...FOLLOW_UPS].filter((t) => trainingPhrases.has(normalized(t)));
  if (overlap.length > 0) throw new Error(`held-out sentences that training also speaks: ${overlap.join('; ')}`);

  const caps = await capabilities();
  const notes: string[] = [];
  if (caps.excludeVoices) log(`   synth --exclude-voices: excluding ${String(settings.heldOut.length)} held-out voices from every synth call`);
  else if (caps.otherEngines) throw new Error('wakeword synth names other engines but has no --exclude-voices: held-out voices could leak into training');
  else notes.push(`this CLI's synth has no --exclude-voices; it speaks only espeak-ng's ${String(ENGLISH_VOICES.length)} accents x ${String(VOICE_VARIANTS.length)} variants, which hold none of the held-out voices (checked above)`);

  const tools = checkTools(settings.heldOut);
  const recipe: HeldOutRecipe = { version: 3, seed: 14, voices: settings.heldOut, positivesPerVoice: settings.positivesPerVoice, negativeHours: settings.negativeHours, maxFileMinutes: 10, tools };
  const held = await heldOutData(settings.cacheDir, recipe, settings.concurrency, log);
  const negativeSeconds = held.voices.reduce((s, v) => s + v.negatives.reduce((t, n) => t + n.seconds, 0), 0);
  log(`   held-out data ${held.cached ? 'from the cache' : `generated in ${held.generationSeconds.toFixed(0)} s`}: ${held.dir} (${String(held.voices.length)} voices, ${(negativeSeconds / 3600).toFixed(2)} h of negative speech)`);

  // A run lives in <workspace>/runs/<id>.
  const workspace = settings.reuseRun ? path.dirname(path.dirname(settings.reuseRun)) : (settings.reuseWorkspace ?? (await mkdtemp(path.join(os.tmpdir(), 'quality-bench-'))));
  try {
    let ws: TrainingWorkspace;
    if (settings.reuseRun) {
      ws = { dir: workspace, counts: {}, notes: [`measured the finished run ${settings.reuseRun} (not trained here): its threshold re-chosen by this product on its validation split`], seconds: 0 };
    } else if (settings.reuseWorkspace) {
      // An experiment on the same data: the workspace and its embedding cache as an earlier run left them.
      // With its cache folder removed first, the training time is again from an empty cache.
      const cached = existsSync(path.join(workspace, 'cache'));
      ws = { dir: workspace, counts: {}, notes: [cached ? `reused the training workspace ${workspace} with its embedding cache: the training time is not from an empty cache` : `reused the training workspace ${workspace}, without an embedding cache: the training time is from an empty cache`], seconds: 0 };
    } else {
      ws = await makeTrainingWorkspace(workspace, settings, caps, log);
      log(`   training workspace (made in ${ws.seconds.toFixed(0)} s, not timed): ${Object.entries(ws.counts).map(([k, v]) => `${String(v)} ${k}`).join(', ')}`);
      if (existsSync(path.join(workspace, 'cache'))) await rm(path.join(workspace, 'cache'), { recursive: true, force: true });
    }
    notes.push(...ws.notes);
    const loadBefore = os.loadavg()[0] ?? 0;
    const training = settings.reuseRun ? await rethreshold(settings.reuseRun, log) : await train(workspace, settings, log);
    const loadAfter = os.loadavg()[0] ?? 0;
    log(`   trained: ${String(training.epochs)}/${String(training.plannedEpochs ?? '?')} epochs (${training.status}, best epoch ${String(training.bestEpoch ?? '-')}) on ${training.backend} in ${training.seconds.toFixed(0)} s`);

    const prediction = settings.reuseRun ? await savedPrediction(training.runDir) : await productPrediction(training.runDir, workspace, notes);
    const files = held.voices.flatMap((v) => [v.positive.file, ...v.negatives.map((n) => n.file)]);
    const detect = await detectAll(training.runDir, files, log);
    const voices = held.voices.map((v) => voiceResult(v, detect.byFile, prediction));
    const totalPhrases = voices.reduce((s, v) => s + v.phrases, 0);
    const totalHits = voices.reduce((s, v) => s + v.hits, 0);
    const pooledFrr = 1 - totalHits / totalPhrases;
    const worstFrr = Math.max(...voices.map((v) => v.frr));
    const heldOutFah = fahFigure(
      voices.reduce((s, v) => s + v.negative.falseAccepts, 0),
      voices.reduce((s, v) => s + v.negative.hours, 0),
    );
    const agreement = fahAgreement(prediction, heldOutFah);
    const latencies = voices.flatMap((v) => v.latencies);

    let diagnostic: Diagnostic | null = null;
    if (settings.sweep) diagnostic = await diagnose(training.runDir, held, detect.settings, { hits: totalHits, falseAccepts: heldOutFah.falseAccepts }, log);

    // ---- Report.
    const frrMet = voices.every((v) => v.frr <= GOALS.frr);
    const fahMet = heldOutFah.fah <= GOALS.fah;
    const stretchMet = voices.every((v) => v.frr <= GOALS.stretchFrr) && heldOutFah.fah <= GOALS.stretchFah;
    const timeMet = training.seconds <= GOALS.trainSeconds;
    const t = detect.settings;
    log('');
    log(`   threshold ${t.threshold.toFixed(4)} (source: ${t.thresholdSource}), smoothing ${String(t.smoothing)}, hop ${String(t.hop)} s, refractory ${String(t.refractory)} s, backend ${t.backend}; hit window ${String(TOLERANCE.before)} s before to ${String(TOLERANCE.after)} s after each phrase`);
    log('   engine    | voice                | phrases | FRR @ product thr | FRR <= 5% | negative min | FAs | FA/h (95% upper) | <= predicted bound | FAs in phrase streams | FRR @ diag thr');
    for (const v of voices) {
      log(
        `   ${v.engine.padEnd(9)} | ${v.voice.padEnd(20)} | ${String(v.phrases).padStart(7)} | ${pct(v.frr).padStart(17)} | ${verdict(v.frr <= GOALS.frr).padEnd(9)} | ${(v.negative.hours * 60).toFixed(1).padStart(12)} | ${String(v.negative.falseAccepts).padStart(3)} | ${`${v.negative.fah.toFixed(2)} (${v.negative.upper95.toFixed(2)})`.padStart(16)} | ${(v.withinPredictedBound ? 'yes' : 'NO').padStart(18)} | ${String(v.positiveStreamFalseAccepts).padStart(21)} | ${pct(diagnostic?.perVoiceFrr.get(v.id) ?? null).padStart(14)}`,
      );
    }
    for (const v of voices.filter((x) => x.missed.length > 0)) log(`   missed (${v.id}): ${v.missed.slice(0, 8).join('; ')}${v.missed.length > 8 ? ' …' : ''}`);
    const contexts = voices.flatMap((v) => v.falseAcceptContexts.map((c) => ({ ...c, voice: v.id }))).sort((a, b) => b.score - a.score);
    for (const c of contexts.slice(0, 5)) log(`   false accept (${c.voice}, score ${c.score.toFixed(3)}): "${c.text.length > 110 ? `${c.text.slice(0, 110)}…` : c.text}"`);
    log(`   FRR at the product threshold: pooled ${pct(pooledFrr)} (${String(totalPhrases - totalHits)}/${String(totalPhrases)}), worst voice ${pct(worstFrr)} — goal <= 5% on every held-out voice: ${verdict(frrMet)}`);
    log(`   detection time after the phrase ends: median ${median(latencies).toFixed(2)} s, latest ${latencies.length > 0 ? Math.max(...latencies).toFixed(2) : '-'} s`);
    log(`   held-out FA/h: ${String(heldOutFah.falseAccepts)} detections in ${heldOutFah.hours.toFixed(2)} h of negative speech = ${heldOutFah.fah.toFixed(2)} FA/h (95% bounds ${heldOutFah.lower95.toFixed(2)}-${heldOutFah.upper95.toFixed(2)}) — goal <= 1: ${verdict(fahMet)}`);
    log(`   goal FRR <= 5% at <= 1 FA/h on the held-out voices: ${verdict(frrMet && fahMet)}; stretch (<= 2% at <= 0.5 FA/h): ${verdict(stretchMet)}`);
    log(`   predicted FA/h (${prediction.source}): ${String(prediction.falseAccepts)} in ${prediction.hours.toFixed(3)} h = ${prediction.fah.toFixed(2)} FA/h, 95% upper bound ${prediction.upper95.toFixed(2)}`);
    log(`     held-out ${heldOutFah.fah.toFixed(2)} FA/h <= predicted upper bound ${prediction.upper95.toFixed(2)}: ${verdict(agreement.heldOutWithinPredictedBound)}${prediction.upper95 > GOALS.fah ? ` (the bound is wider than the 1 FA/h goal: ${prediction.hours.toFixed(3)} h of validation cannot vouch for it)` : ''}`);
    log(`     other way: predicted ${prediction.fah.toFixed(2)} FA/h <= held-out upper bound ${heldOutFah.upper95.toFixed(2)}: ${agreement.predictedWithinHeldOutBound ? 'yes' : 'no'}; inside the held-out 90% interval: ${agreement.predictedWithinHeldOutInterval ? 'yes' : 'no'}`);
    log(`   training (default preset, empty embedding cache, ${String(os.availableParallelism())} cores, load ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}): ${training.seconds.toFixed(0)} s${training.prepareSeconds !== null ? ` (${training.prepareSeconds.toFixed(0)} s before the first epoch)` : ''} — goal <= 600 s: ${verdict(timeMet)}`);
    if (diagnostic) {
      const d = diagnostic;
      log(`   diagnostic: in-process replay at the product threshold ${d.replayMatchesCli ? 'matches' : 'DIFFERS from'} the CLI (${String(d.replay.hits)} hits, ${String(d.replay.falseAccepts)} FAs)`);
      log(`   diagnostic: the held-out streams would need threshold ${d.atTarget ? `${d.atTarget.threshold.toFixed(3)} for <= 1 FA/h (FRR ${pct(d.atTarget.frr)}, ${d.atTarget.fah.toFixed(2)} FA/h)` : '> 0.995 for <= 1 FA/h'}; ${d.atStretch ? `${d.atStretch.threshold.toFixed(3)} for <= 0.5 FA/h (FRR ${pct(d.atStretch.frr)})` : 'none on the grid for <= 0.5 FA/h'}`);
    }
    for (const note of notes) log(`   note: ${note}`);
    if (dryRun) log('   DRY RUN: the verdicts above are for the reduced settings');

    const results = {
      date: new Date().toISOString(),
      dryRun,
      settings,
      capabilities: caps,
      heldOut: { key: held.key, dir: held.dir, cached: held.cached, recipe: { ...recipe, voices: recipe.voices.map((v) => v.id) } },
      trainingWorkspace: ws.counts,
      training: { ...training, goalSeconds: GOALS.trainSeconds, met: timeMet, loadBefore, loadAfter, cores: os.availableParallelism() },
      detection: { ...detect.settings, tolerance: TOLERANCE },
      voices: voices.map((v) => ({ ...v, latencies: undefined, medianLatency: median(v.latencies), diagnosticFrr: diagnostic?.perVoiceFrr.get(v.id) ?? null })),
      frr: { pooled: pooledFrr, worst: worstFrr, goal: GOALS.frr, met: frrMet },
      fah: { ...heldOutFah, goal: GOALS.fah, met: fahMet },
      stretchMet,
      prediction: { ...prediction, ...agreement },
      diagnostic: diagnostic && { replayMatchesCli: diagnostic.replayMatchesCli, replay: diagnostic.replay, atTarget: diagnostic.atTarget, atStretch: diagnostic.atStretch },
      notes,
    };
    const resultsDir = path.join(ROOT, 'test-results');
    await mkdir(resultsDir, { recursive: true });
    const resultsFile = path.join(resultsDir, `quality-bench-${results.date.replace(/[:.]/g, '-')}.json`);
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`   results: ${resultsFile}`);
  } finally {
    if (settings.keep || settings.reuseWorkspace || settings.reuseRun) log(`   training workspace kept: ${workspace}`);
    else await rm(workspace, { recursive: true, force: true });
  }
}
