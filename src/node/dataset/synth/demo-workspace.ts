/**
 * "Create demo workspace": a new workspace with "hey nova" positives spoken by every installed engine, everyday
 * phrases, long files of generated negative speech and generated noise as negatives, confusable hard negatives
 * and background noise, scanned and split, ready to train. Everything is seeded, so two demo workspaces made
 * with the same engines installed are identical.
 */
import { existsSync, promises as fs, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRng } from '../../../shared/core/audio/rng';
import { DEFAULT_RATIOS, DEFAULT_SEED, type SplitRatios } from '../../../shared/core/dataset/split';
import { DEMO_COUNTS, DEMO_HARD_NEGATIVES, DEMO_NEGATIVE_PHRASES, DEMO_SEED, DEMO_WAKE_PHRASE } from '../../../shared/core/dataset/synth/demo-plan';
import { NOISE_KINDS, noiseClip, type NoiseKind } from '../../../shared/core/dataset/synth/noise-clips';
import { encodeWavPcm16 } from '../../../shared/core/audio/pcm16-wav';
import type { DemoResult, SynthPhase } from '../../../shared/core/dataset/synth/synth-types';
import type { ScanSummary } from '../../../shared/core/dataset/dataset-types';
import { scanSummary } from '../../../shared/core/dataset/scan-summary';
import { phraseSlug } from '../../../shared/core/dataset/synth/voices';
import { writeFileAtomic } from '../../fs/atomic-write';
import { scanWorkspace } from '../scan-workspace';
import { splitWorkspace } from '../split-workspace';
import { createWorkspace, workspaceStatus, WorkspaceError } from '../workspace';
import { generateNegativeSpeech } from './negative-speech';
import { derivedSeed } from './synthesize-set';
import { SYNTH_SAMPLE_RATE, synthesizePhrase } from './synthesize-phrase';
import type { VoiceCatalog } from './voice-catalog';

export interface DemoOptions {
  readonly folder: string;
  readonly catalog: Pick<VoiceCatalog, 'speak' | 'voices'>;
  /** Voice ids to use (default: every voice in the catalog). */
  readonly voices?: readonly string[];
  readonly onProgress?: (phase: SynthPhase, done: number, total: number) => void;
  /** Split shares (default DEFAULT_RATIOS); hosts pass the configuration's, so both panels agree from the start. */
  readonly ratios?: SplitRatios;
  /** Scans the new workspace and writes its manifest: the app's services run their scan process; by default, here. */
  readonly scan?: (workspace: string) => Promise<ScanSummary>;
}

async function scanHere(workspace: string): Promise<ScanSummary> {
  const result = await scanWorkspace({ workspace });
  return scanSummary(result.manifest, { durationMs: result.durationMs, reusedFromCache: result.reusedFromCache });
}

interface Job {
  readonly phase: SynthPhase;
  readonly run: () => Promise<void>;
}

/** Runs jobs `width` at a time (engine processes are short; a pool keeps both cores busy). */
async function runPool(jobs: readonly Job[], width: number, onDone: (job: Job) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++] as Job;
      await job.run();
      onDone(job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
}

function requireEmptyFolder(folder: string): void {
  if (!existsSync(folder)) return;
  if (!statSync(folder).isDirectory()) throw new WorkspaceError(`cannot create the demo workspace: ${folder} is a file`);
  if (readdirSync(folder).length > 0) throw new WorkspaceError(`cannot create the demo workspace in ${folder}: the folder is not empty (choose a new or empty folder)`);
}

export async function createDemoWorkspace(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const root = path.resolve(options.folder);
  requireEmptyFolder(root);
  await createWorkspace(root);
  const raw = path.join(root, 'data', 'raw');
  const speak = (phrase: string, count: number, seed: number, outDir: string) => () =>
    synthesizePhrase({ catalog: options.catalog, ...(options.voices ? { voices: options.voices } : {}), phrase, count, seed, outDir, stem: phraseSlug(phrase), concurrency: 1 }).then(() => undefined);

  const jobs: Job[] = [];
  // Positives in small batches so the pool can interleave them with the rest.
  const batches = 6;
  const perBatch = Math.ceil(DEMO_COUNTS.positives / batches);
  for (let b = 0; b < batches; b++) {
    const count = Math.min(perBatch, DEMO_COUNTS.positives - b * perBatch);
    if (count > 0) jobs.push({ phase: 'positives', run: speak(DEMO_WAKE_PHRASE, count, derivedSeed(DEMO_SEED, b), path.join(raw, 'positive', 'hey_nova', `batch_${b + 1}`)) });
  }
  DEMO_HARD_NEGATIVES.forEach((phrase, i) => {
    jobs.push({ phase: 'negatives', run: speak(phrase, DEMO_COUNTS.hardNegativesPerPhrase, derivedSeed(DEMO_SEED, 100 + i), path.join(raw, 'hard_negative', phraseSlug(phrase))) });
  });
  DEMO_NEGATIVE_PHRASES.forEach((phrase, i) => {
    jobs.push({ phase: 'negatives', run: speak(phrase, DEMO_COUNTS.spokenNegativesPerPhrase, derivedSeed(DEMO_SEED, 200 + i), path.join(raw, 'negative', 'speech', phraseSlug(phrase))) });
  });
  const rng = createRng(DEMO_SEED);
  const noiseJobs: { file: string; kind: NoiseKind; seconds: number; peak: number }[] = [];
  for (let i = 0; i < DEMO_COUNTS.noiseNegatives; i++) {
    const kind = NOISE_KINDS[i % NOISE_KINDS.length] as NoiseKind;
    noiseJobs.push({ file: path.join(raw, 'negative', 'noise', `${kind}_${String(i + 1).padStart(2, '0')}.wav`), kind, seconds: rng.uniform(1, 2), peak: rng.uniform(0.05, 0.6) });
  }
  for (let i = 0; i < DEMO_COUNTS.backgroundFiles; i++) {
    const kind = (['pink', 'hum', 'fan', 'brown'] as const)[i % 4] as NoiseKind;
    noiseJobs.push({ file: path.join(raw, 'background', `${kind}_${i + 1}.wav`), kind, seconds: DEMO_COUNTS.backgroundSeconds, peak: 0.3 });
  }

  // Negative speech counts one step per 10 s of audio, so the bar moves evenly through every phase.
  const speechSeconds = DEMO_COUNTS.negativeSpeechMinutes * 60;
  const speechSteps = Math.ceil(speechSeconds / 10);
  const total = jobs.length + speechSteps + 1 + 2;
  let done = 0;
  options.onProgress?.('positives', 0, total);
  await runPool(jobs, Math.min(4, os.availableParallelism() + 1), (job) => options.onProgress?.(job.phase, ++done, total));
  const speechStart = done;
  await generateNegativeSpeech({
    catalog: options.catalog,
    ...(options.voices ? { voices: options.voices } : {}),
    hours: speechSeconds / 3600,
    fileSeconds: DEMO_COUNTS.negativeSpeechFileSeconds,
    outDir: path.join(raw, 'negative', 'speech', 'generated'),
    wakePhrase: DEMO_WAKE_PHRASE,
    seed: derivedSeed(DEMO_SEED, 300),
    onProgress: (seconds) => {
      const step = speechStart + Math.min(speechSteps, Math.floor(seconds / 10));
      if (step > done) options.onProgress?.('speech', (done = step), total);
    },
  });
  done = speechStart + speechSteps;
  options.onProgress?.('noise', done, total);
  for (const job of noiseJobs) {
    // Each clip draws from its own stream, so the files do not depend on the order they are written in.
    const clip = noiseClip(job.kind, job.seconds, SYNTH_SAMPLE_RATE, job.peak, rng.fork());
    await writeFileAtomic(job.file, encodeWavPcm16(clip, SYNTH_SAMPLE_RATE));
  }
  options.onProgress?.('scanning', ++done, total);
  const scan = await (options.scan ?? scanHere)(root);
  options.onProgress?.('splitting', ++done, total);
  const split = await splitWorkspace(root, { ratios: options.ratios ?? DEFAULT_RATIOS, seed: DEFAULT_SEED, groupBy: 'none' });
  options.onProgress?.('done', ++done, total);

  const { positive, negative, hard_negative: hardNegative, background } = scan.categories;
  const counts = { positive: positive.validFiles, negative: negative.validFiles, hard_negative: hardNegative.validFiles, background: background.validFiles };
  const engines = [...new Set((options.voices ?? options.catalog.voices).map((voice) => voice.split(':')[0] ?? voice))].join(' and ');
  await fs.writeFile(
    path.join(root, 'README.txt'),
    `Demo workspace made by Wakeword Studio: "${DEMO_WAKE_PHRASE}" spoken by ${engines} (${counts.positive} positives), everyday speech, ${DEMO_COUNTS.negativeSpeechMinutes} minutes of generated sentences and generated noise (${counts.negative} negatives), confusable phrases (${counts.hard_negative} hard negatives: ${DEMO_HARD_NEGATIVES.join(', ')}) and ${counts.background} background noise files. Synthetic voices are a start: record real people saying the phrase for a model that works in your room.\n`,
  );
  return { workspace: workspaceStatus(root), counts, split, durationMs: performance.now() - started };
}
