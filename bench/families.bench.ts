/**
 * Which model family the `default` preset should use (issue 9): on ONE generated "hey nova" workspace
 * (espeak-ng, 300/900/200, see oww.bench.ts) trains the log-mel family with presets/dscnn_default.json and
 * the openWakeWord family with presets/default.json (oww_dnn since this bench chose it), then scores val and test with each run's scorer (as
 * evaluation does). The threshold is chosen on validation for FAH <= 1 and applied to test, where FRR, FAH
 * (general negatives) and hard-negative FPR are measured. Wall time covers data preparation and training.
 * FAMILIES_BENCH_LOGMEL_MINUTES caps the log-mel run (default 10; it stops after the current batch and keeps
 * its best epoch); FAMILIES_BENCH_LOGMEL_EPOCHS overrides its epoch count.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../src/shared/config/schema';
import { checkConfig, formatIssue } from '../src/shared/config/validate';
import { evaluationMetrics, thresholdForFiles } from '../src/shared/core/evaluation/evaluation-report';
import { loadBackend, type LoadedBackend } from '../src/ml/backend-loader';
import { openRunScorer } from '../src/ml/evaluation/run-scorer';
import { scoreSplit } from '../src/ml/evaluation/score-split';
import { buildModelFromConfig } from '../src/ml/models/build-model';
import { modelFamilyFor } from '../src/ml/families/model-families';
import { runTrainingLoop } from '../src/ml/training-loop';
import { COUNTS, generateWorkspace } from './oww.bench';

export const title = 'default preset choice: log-mel (presets/dscnn_default.json) vs openWakeWord (presets/default.json) on one generated "hey nova" workspace';

const TARGET_FAH = 1;

interface FamilyResult {
  readonly name: string;
  readonly architecture: string;
  readonly seconds: number;
  readonly epochs: number;
  readonly plannedEpochs: number;
  readonly stoppedByCap: boolean;
  readonly valThreshold: number;
  readonly frr: number;
  readonly fah: number;
  readonly hardFpr: number | null;
  readonly testOracleFrr: number;
}

async function presetConfig(name: string): Promise<TrainingConfig> {
  const preset = JSON.parse(await readFile(path.join(__dirname, '..', 'presets', `${name}.json`), 'utf8')) as unknown;
  const checked = checkConfig(preset);
  if (!checked.config) throw new Error(`presets/${name}.json: ${checked.errors.map(formatIssue).join('; ')}`);
  return checked.config;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: expected a positive number`);
  return value;
}

async function trainAndScore(workspace: string, name: string, config: TrainingConfig, backend: LoadedBackend, capSeconds: number): Promise<FamilyResult> {
  const runDir = path.join(workspace, 'runs', name);
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'config.json'), JSON.stringify(config));
  const started = Date.now();
  const deadline = started + capSeconds * 1000;
  let lastReport = 0;
  const onPrepare = (done: number, total: number, detail: string): void => {
    if (Date.now() - lastReport < 20_000) return;
    lastReport = Date.now();
    console.log(`   [${name}] ${detail} ${String(done)}/${String(total)}`);
  };
  const { data } = await modelFamilyFor(config).prepareTrainingData(workspace, config, onPrepare);
  if (data.cmvn) await writeFile(path.join(runDir, 'cmvn.json'), JSON.stringify(data.cmvn));
  console.log(`   [${name}] data ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${String(data.trainSize)} training examples)`);
  const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
  let epochs = 0;
  let stoppedByCap = false;
  const result = await runTrainingLoop({
    config,
    model,
    data,
    runDir,
    callbacks: {
      batch: () => undefined,
      epoch: (metrics) => {
        epochs += 1;
        console.log(`   [${name}] epoch ${String(metrics.epoch)}/${String(metrics.epochs)} at ${((Date.now() - started) / 1000).toFixed(0)} s: val loss ${metrics.valLoss.toFixed(4)}, val recall at target ${(100 * metrics.recallAtTarget).toFixed(1)}%, ${metrics.samplesPerSec.toFixed(0)} samples/s`);
      },
      checkpoint: () => undefined,
      log: () => undefined,
      waitIfPaused: () => Promise.resolve(),
      shouldStop: () => {
        if (Date.now() < deadline) return false;
        stoppedByCap = true;
        return true;
      },
    },
  });
  const seconds = (Date.now() - started) / 1000;
  model.dispose();
  console.log(`   [${name}] ${String(result.epochsRun)} epochs (${result.status}) in ${seconds.toFixed(1)} s; best epoch ${String(result.best?.epoch ?? '-')}`);

  const scorer = await openRunScorer(runDir, backend.id, backend);
  try {
    const val = await scoreSplit(workspace, 'val', scorer);
    const test = await scoreSplit(workspace, 'test', scorer);
    const chosen = thresholdForFiles(val.files, val.generalNegativeHours, TARGET_FAH);
    const metrics = evaluationMetrics(test.files, test.generalNegativeHours, chosen.threshold);
    const oracle = thresholdForFiles(test.files, test.generalNegativeHours, TARGET_FAH);
    console.log(`   [${name}] test: ${String(metrics.positives)} positive windows, ${String(metrics.negatives)} negative windows (${(test.generalNegativeHours * 60).toFixed(1)} min of general negatives)`);
    return {
      name,
      architecture: config.model.architecture,
      seconds,
      epochs,
      plannedEpochs: config.training.epochs,
      stoppedByCap,
      valThreshold: chosen.threshold,
      frr: metrics.frr,
      fah: metrics.fah,
      hardFpr: metrics.hardNegativeFpr,
      testOracleFrr: oracle.frr,
    };
  } finally {
    await scorer.dispose();
  }
}

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

export async function run(): Promise<void> {
  const capMinutes = positiveNumber('FAMILIES_BENCH_LOGMEL_MINUTES', 10);
  const logMel = await presetConfig('dscnn_default');
  const epochsOverride = process.env.FAMILIES_BENCH_LOGMEL_EPOCHS;
  const logMelConfig: TrainingConfig = epochsOverride ? { ...logMel, training: { ...logMel.training, epochs: positiveNumber('FAMILIES_BENCH_LOGMEL_EPOCHS', logMel.training.epochs) } } : logMel;
  const oww = await presetConfig('default');
  // The default preset should hold whichever family wins; say so when it no longer is the openWakeWord one.
  if (modelFamilyFor(oww).id !== 'oww') console.log(`   note: presets/default.json is ${oww.model.architecture} now; both rows train the log-mel family`);
  const backend = await loadBackend('wasm');
  console.log(`   backend ${backend.id}; log-mel wall cap ${String(capMinutes)} min${epochsOverride ? `, epochs ${epochsOverride}` : ''}`);

  const workspace = await mkdtemp(path.join(os.tmpdir(), 'families-bench-'));
  try {
    const generated = Date.now();
    await generateWorkspace(workspace);
    console.log(`   generated ${String(COUNTS.positive + COUNTS.negative + COUNTS.hard_negative)} clips with espeak-ng in ${((Date.now() - generated) / 1000).toFixed(0)} s (not timed)`);
    const results = [
      await trainAndScore(workspace, 'default', oww, backend, Number.POSITIVE_INFINITY),
      await trainAndScore(workspace, 'dscnn_default', logMelConfig, backend, capMinutes * 60),
    ];
    tf.disposeVariables();
    console.log('');
    console.log('   preset        | family   | wall time | epochs       | val threshold | test FRR @ FAH<=1 | test FAH | hard-neg FPR | (FRR, threshold on test)');
    for (const r of results) {
      const epochs = `${String(r.epochs)}/${String(r.plannedEpochs)}${r.stoppedByCap ? ' (cap)' : ''}`;
      console.log(
        `   ${r.name.padEnd(13)} | ${r.architecture.padEnd(8)} | ${`${r.seconds.toFixed(1)} s`.padStart(9)} | ${epochs.padEnd(12)} | ${r.valThreshold.toFixed(4).padStart(13)} | ${pct(r.frr).padStart(17)} | ${r.fah.toFixed(2).padStart(8)} | ${pct(r.hardFpr).padStart(12)} | ${pct(r.testOracleFrr)}`,
      );
    }
    for (const r of results.filter((x) => x.stoppedByCap)) console.log(`   ${r.name}: stopped by the ${String(capMinutes)}-minute wall cap after ${String(r.epochs)} of ${String(r.plannedEpochs)} epochs; figures are from its best epoch so far`);
    const [a, b] = results as [FamilyResult, FamilyResult];
    const winner = a.frr === b.frr ? 'tie' : a.frr < b.frr ? a.name : b.name;
    console.log(`   lower test FRR at FAH <= ${String(TARGET_FAH)} (threshold from validation): ${winner}`);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
