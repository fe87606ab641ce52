/**
 * The openWakeWord path's goal: a generated "hey nova" workspace (300 positives / 900 negatives / 200 hard
 * negatives, espeak-ng voices) trains from nothing (empty embedding cache) in <= 3 minutes on 2 CPU cores and
 * reaches FRR <= 5% at FAH <= 1 on its test split. Prints the time to embed, to train, and the test figures for
 * the oww_fast preset (`OWW_BENCH_PRESET=oww_default` for the other one; `OWW_BENCH_ARCH=oww_rnn` swaps in the
 * LSTM head). Generating the audio is not timed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkConfig, formatIssue } from '../src/shared/config/validate';
import { createRng } from '../src/shared/core/audio/rng';
import type { SplitFile, SplitManifest } from '../src/shared/core/dataset/manifest';
import { falseAcceptsPerHour, thresholdForTargetFah } from '../src/shared/core/metrics';
import { OWW_CLIP_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM } from '../src/shared/core/oww/oww-constants';
import { endAlignedWindow } from '../src/shared/core/oww/oww-window';
import { loadMonoClip } from '../src/node/audio/decode-audio';
import { loadBackend } from '../src/ml/backend-loader';
import { buildModelFromConfig } from '../src/ml/models/build-model';
import { OwwBackbone } from '../src/ml/oww/backbone';
import { loadOwwTrainingData } from '../src/ml/oww/oww-training-data';
import { runTrainingLoop } from '../src/ml/training-loop';

export const title = 'openWakeWord path: "hey nova" (espeak-ng, 300/900/200) from an empty embedding cache';

export const COUNTS = { positive: 300, negative: 900, hard_negative: 200 } as const;
export const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
const VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5'];
export const HARD = ['hey nora', 'hey now', 'a nova', 'hey over', 'hey noah', 'hey nola', 'hey novel', 'okay nova'];
export const SENTENCES = [
  'good morning', 'what time is it', 'turn on the lights', 'play some music', 'open the door', 'how is the weather today',
  'set a timer for ten minutes', 'call my mother', 'thank you very much', 'see you later', 'where are my keys',
  'the quick brown fox jumps over the lazy dog', 'one two three four five', 'november', 'innovation', 'have a nice day',
  'I will be home soon', 'please close the window', 'make me a cup of coffee', 'maybe tomorrow', 'hello there',
  'what is for dinner', 'read me the news', 'cancel that', 'volume up', 'the meeting starts at noon', 'nobody knows',
  'a new version is available', 'hey there how are you', 'never again', 'I know a nice place', 'no way',
];

export function espeak(text: string, file: string, rng: ReturnType<typeof createRng>): Promise<void> {
  const voice = `${VOICES[rng.int(0, VOICES.length - 1)] as string}+${VARIANTS[rng.int(0, VARIANTS.length - 1)] as string}`;
  const args = ['-v', voice, '-s', String(rng.int(120, 200)), '-p', String(rng.int(25, 75)), '-a', String(rng.int(60, 160)), '-w', file, text];
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', args, { stdio: 'ignore' });
    child.on('error', (error) => reject(new Error(`espeak-ng could not run (${error.message}): install it (apt-get install espeak-ng)`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`espeak-ng exited with ${String(code)} for "${text}"`))));
  });
}

export interface GeneratedWorkspaceOptions {
  readonly seed?: number;
  readonly counts?: { readonly positive: number; readonly negative: number; readonly hard_negative: number };
  /** Shares of clips in train and val; the rest is test. */
  readonly shares?: { readonly train: number; readonly val: number };
}

/** Runs `worker` over `items` two at a time (the benches' machines have two cores). */
export async function pool<T>(items: readonly T[], worker: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index] as T, index);
    }
  };
  await Promise.all([lane(), lane()]);
}

/** Writes an espeak-ng "hey nova" workspace (raw clips and train/val/test manifests); shared by the oww, families, mining and augment benches. */
export async function generateWorkspace(workspace: string, options: GeneratedWorkspaceOptions = {}): Promise<void> {
  const counts = options.counts ?? COUNTS;
  const shares = options.shares ?? { train: 0.8, val: 0.1 };
  const rng = createRng(options.seed ?? 2024);
  const jobs: { relative: string; text: string; category: SplitFile['category'] }[] = [];
  for (let i = 0; i < counts.positive; i += 1) jobs.push({ relative: `positive/hey_nova_${i}.wav`, text: rng.chance(0.5) ? 'hey nova' : 'hey, nova', category: 'positive' });
  for (let i = 0; i < counts.hard_negative; i += 1) jobs.push({ relative: `hard_negative/hard_${i}.wav`, text: HARD[i % HARD.length] as string, category: 'hard_negative' });
  for (let i = 0; i < counts.negative; i += 1) {
    // Sentences joined so general negatives run from one to several seconds, as real speech does.
    const words = Array.from({ length: rng.int(1, 3) }, () => SENTENCES[rng.int(0, SENTENCES.length - 1)] as string).join(', ');
    jobs.push({ relative: `negative/speech_${i}.wav`, text: words, category: 'negative' });
  }
  for (const sub of ['positive', 'negative', 'hard_negative', 'background', 'rirs']) await mkdir(path.join(workspace, 'data', 'raw', sub), { recursive: true });
  const seeds = jobs.map(() => Math.floor(rng.next() * 2 ** 31));
  await pool(jobs, (job, index) => espeak(job.text, path.join(workspace, 'data', 'raw', job.relative), createRng(seeds[index] as number)));

  const splits: Record<'train' | 'val' | 'test', SplitFile[]> = { train: [], val: [], test: [] };
  const order = createRng(7);
  for (const job of jobs) {
    const r = order.next();
    splits[r < shares.train ? 'train' : r < shares.train + shares.val ? 'val' : 'test'].push({ path: job.relative, category: job.category, label: job.category === 'positive' ? 1 : 0 } as SplitFile);
  }
  const ratios: [number, number, number] = [shares.train, shares.val, Math.max(0, Number((1 - shares.train - shares.val).toFixed(6)))];
  await mkdir(path.join(workspace, 'data', 'splits'), { recursive: true });
  for (const split of ['train', 'val', 'test'] as const) {
    const manifest: SplitManifest = { version: 1, split, createdAt: new Date(0).toISOString(), seed: 7, ratios, groupBy: 'none', files: splits[split], skippedInvalid: 0, augmentation: { background: [], rirs: [] } };
    await writeFile(path.join(workspace, 'data', 'splits', `${split}.json`), JSON.stringify(manifest));
  }
}

export async function run(): Promise<void> {
  const presetName = process.env.OWW_BENCH_PRESET ?? 'oww_fast';
  const preset = JSON.parse(await readFile(path.join(__dirname, '..', 'presets', `${presetName}.json`), 'utf8')) as { model: Record<string, unknown> };
  const architecture = process.env.OWW_BENCH_ARCH;
  const checked = checkConfig(architecture ? { ...preset, model: { ...preset.model, architecture } } : preset);
  if (!checked.config) throw new Error(`presets/${presetName}.json: ${checked.errors.map(formatIssue).join('; ')}`);
  const config = checked.config;
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-bench-'));
  try {
    let started = Date.now();
    await generateWorkspace(workspace);
    console.log(`   generated ${COUNTS.positive + COUNTS.negative + COUNTS.hard_negative} clips with espeak-ng in ${((Date.now() - started) / 1000).toFixed(0)} s (not timed)`);

    started = Date.now();
    const backbone = await OwwBackbone.load();
    let lastReport = 0;
    const data = await loadOwwTrainingData(workspace, config, (done, total) => {
      if (Date.now() - lastReport > 20_000) {
        lastReport = Date.now();
        console.log(`   embedding ${done}/${total}`);
      }
    }, { backbone });
    const embedSeconds = (Date.now() - started) / 1000;
    console.log(`   embeddings: ${data.cache.misses} computed (${data.trainSize} training windows, ${data.validation.kinds.length} validation) in ${embedSeconds.toFixed(1)} s`);

    const trainStarted = Date.now();
    await loadBackend(config.training.backend === 'auto' ? 'wasm' : config.training.backend);
    const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
    const runDir = path.join(workspace, 'runs', 'bench');
    let epochs = 0;
    const result = await runTrainingLoop({
      config,
      model,
      data,
      runDir,
      callbacks: { batch: () => undefined, epoch: () => (epochs += 1), checkpoint: () => undefined, log: () => undefined, waitIfPaused: () => Promise.resolve(), shouldStop: () => false },
    });
    const trainSeconds = (Date.now() - trainStarted) / 1000;
    const total = (Date.now() - started) / 1000;
    console.log(`   training: ${epochs} epochs (${result.status}) in ${trainSeconds.toFixed(1)} s; best epoch ${String(result.best?.epoch ?? '-')}`);

    // Test split, scored as validation is: clean clips in the 2 s window, the best model.
    const best = await tf.loadLayersModel(`file://${path.join(runDir, 'best', 'model.json')}`).catch(() => null);
    const scorer = best ?? model;
    const test = JSON.parse(await readFile(path.join(workspace, 'data', 'splits', 'test.json'), 'utf8')) as SplitManifest;
    const positives: number[] = [];
    const negatives: number[] = [];
    const hard: number[] = [];
    let negativeSeconds = 0;
    for (const file of test.files) {
      const audio = await loadMonoClip(path.join(workspace, 'data', 'raw', file.path), 16000);
      const [embeddings] = await backbone.embedClips([endAlignedWindow(audio, OWW_CLIP_SAMPLES, 1600)]);
      const score = tf.tidy(() => (scorer.predict(tf.tensor4d((embeddings as Float32Array).slice(0, OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM), [1, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, 1])) as tf.Tensor).dataSync()[1] as number);
      if (file.category === 'positive') positives.push(score);
      else if (file.category === 'hard_negative') hard.push(score);
      else {
        negatives.push(score);
        negativeSeconds += audio.length / 16000;
      }
    }
    const point = thresholdForTargetFah(positives, negatives, negativeSeconds / 3600, 1);
    const fah = falseAcceptsPerHour(negatives.filter((s) => s >= point.threshold).length, negativeSeconds / 3600);
    const hardFpr = hard.filter((s) => s >= point.threshold).length / Math.max(1, hard.length);
    console.log(`   test split: ${positives.length} positives, ${negatives.length} negatives (${(negativeSeconds / 60).toFixed(1)} min), ${hard.length} hard negatives`);
    console.log(`   FRR at FAH <= 1: ${(100 * (1 - point.recall)).toFixed(1)}% (threshold ${point.threshold.toFixed(3)}, FAH ${fah.toFixed(2)}; hard-negative FPR ${(100 * hardFpr).toFixed(1)}%) — goal <= 5%`);
    console.log(`   time from nothing (embedding + training, ${presetName}, ${config.model.architecture}): ${total.toFixed(1)} s — goal <= 180 s`);
    await backbone.release();
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
