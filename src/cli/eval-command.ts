/**
 * `wakeword eval`: scores a split with a run's best model (in this process) and prints the figures at one
 * operating point: the saved one, `--threshold`, or the threshold meeting `--target-fah` on this split.
 * `--save` stores that operating point with the run for detection and export.
 */
import type { BackendChoice } from '../shared/contract/backend-choices';
import type { SplitName } from '../shared/core/dataset/categories';
import { fahVerdict, formatFahEstimate } from '../shared/core/fah';
import { tailThresholdNote, type TailFit } from '../shared/core/detection/streaming-fah';
import { type EvaluationMetrics, evaluationMetrics, fileOutcome, maxScore, thresholdForFiles } from '../shared/core/evaluation/evaluation-report';
import type { RunOperatingPoint } from '../shared/core/evaluation/operating-point';
import { readOperatingPoint, saveOperatingPoint } from '../node/evaluation/operating-point-store';
import { openRunScorer } from '../ml/evaluation/run-scorer';
import { scoreSplit } from '../ml/evaluation/score-split';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { locateRun } from './run-option';
import { errorMessage } from '../shared/error-message';

export interface EvalCommandOptions {
  readonly run: string;
  readonly workspace?: string;
  readonly split: SplitName;
  readonly threshold?: number;
  readonly targetFah?: number;
  readonly save?: boolean;
  readonly files?: boolean;
  readonly backend: BackendChoice;
  readonly json?: boolean;
}

/** The issue's JSON shape first, then the rest in snake_case. NaN (no negatives) prints as null. */
export function metricsJson(m: EvaluationMetrics): Record<string, number | string | null> {
  const n = (x: number | null): number | null => (x === null || Number.isNaN(x) ? null : x);
  return {
    threshold: m.threshold,
    frr: m.frr,
    fpr: m.fpr,
    fah: n(m.fah),
    eer: m.eer,
    auc: m.auc,
    tp: m.tp,
    fp: m.fp,
    tn: m.tn,
    fn: m.fn,
    accuracy: m.accuracy,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    eer_threshold: m.eerThreshold,
    false_accepts: m.falseAccepts,
    general_negative_hours: m.generalNegativeHours,
    fah_upper95: n(m.fahEstimate.upper95),
    hard_negative_fpr: n(m.hardNegativeFpr),
    positives: m.positives,
    negatives: m.negatives,
    fah_basis: m.fahBasis,
    counted: m.countedUnit,
  };
}

const pct = (x: number | null): string => (x === null || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(2)}%`);
const num = (x: number, digits = 3): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

function metricsLines(m: EvaluationMetrics): string[] {
  const how = m.fahBasis === 'streaming' ? 'streaming detections over continuous general negatives' : 'accepted windows of general negatives';
  const unit = m.countedUnit === 'files' ? 'files' : 'windows (long negatives are cut into several)';
  return [
    `threshold   ${num(m.threshold, 4)}`,
    `FRR         ${pct(m.frr)}   (recall ${pct(m.recall)})`,
    `${formatFahEstimate(m.fahEstimate).replace(/^FA\/h /, 'FA/h        ')}   (${String(m.falseAccepts)} false accepts: ${how})`,
    `hard-neg FPR ${pct(m.hardNegativeFpr)}`,
    `FPR         ${pct(m.fpr)}`,
    `accuracy    ${pct(m.accuracy)}   precision ${pct(m.precision)}   F1 ${num(m.f1)}`,
    `EER         ${pct(m.eer)} at threshold ${num(m.eerThreshold, 4)}`,
    `ROC AUC     ${num(m.auc, 4)}`,
    `confusion   TP ${String(m.tp)}  FP ${String(m.fp)}  TN ${String(m.tn)}  FN ${String(m.fn)}   (counts ${String(m.positives + m.negatives)} ${unit})`,
  ];
}

export async function runEval(options: EvalCommandOptions, io: CliIo): Promise<void> {
  if (options.threshold !== undefined && options.targetFah !== undefined) throw new CliError('give either --threshold or --target-fah, not both', 2);
  const { runDir, workspace } = locateRun(options.run, options.workspace);
  let scorer;
  try {
    scorer = await openRunScorer(runDir, options.backend);
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  try {
    const scored = await scoreSplit(workspace, options.split, scorer).catch((error: unknown) => {
      throw new CliError(errorMessage(error));
    });
    for (const warning of scored.warnings) io.err(`warning: ${warning}`);
    const saved = await readOperatingPoint(runDir);
    let threshold = saved.threshold;
    let source: RunOperatingPoint['source'] = saved.source;
    // Set when the threshold was extrapolated from the tail of the false accepts (too few hours to count down).
    let tail: TailFit | undefined;
    if (options.targetFah !== undefined) {
      if (scored.generalNegativeHours === 0) throw new CliError(`the ${options.split} split has no general negatives (data/raw/negative): a target FA/h cannot be met on it`);
      const point = thresholdForFiles(scored.files, scored.generalNegativeHours, options.targetFah, scored.streams);
      threshold = point.threshold;
      tail = point.tail;
      source = 'target-fah';
    } else if (options.threshold !== undefined) {
      threshold = options.threshold;
      source = 'threshold';
    }
    const metrics = evaluationMetrics(scored.files, scored.generalNegativeHours, threshold, scored.streams);
    // The target the threshold answers to: the one asked for, the saved point's, or the run's own.
    const targetFah = options.targetFah ?? saved.targetFah ?? null;
    const verdict = targetFah !== null && targetFah > 0 ? fahVerdict(metrics.generalNegativeHours, targetFah, `The ${options.split} FA/h`) : null;
    const fahWarning = verdict?.warning ? (tail && targetFah !== null ? `${verdict.warning} ${tailThresholdNote(tail, targetFah)}` : verdict.warning) : null;
    let savedPoint: RunOperatingPoint | null = null;
    if (options.save) {
      savedPoint = await saveOperatingPoint(runDir, {
        threshold,
        source: source === 'target-fah' ? 'target-fah' : 'threshold',
        targetFah: options.targetFah ?? null,
        split: options.split,
        frr: metrics.frr,
        fah: Number.isNaN(metrics.fah) ? null : metrics.fah,
        fahEstimate: metrics.fahEstimate,
        smoothing: saved.smoothing,
        hopSeconds: saved.hopSeconds,
        refractorySeconds: saved.refractorySeconds,
      });
    }
    if (options.json) {
      io.out(
        JSON.stringify({
          ...metricsJson(metrics),
          split: options.split,
          run_dir: runDir,
          threshold_source: source,
          target_fah: targetFah,
          fah_warning: fahWarning,
          threshold_basis: source === 'target-fah' ? (tail ? 'tail' : 'count') : null,
          saved: savedPoint !== null,
          backend: scorer.backend.id,
          warnings: scored.warnings,
          ...(options.files
            ? { files: scored.files.map((file) => ({ path: file.path, category: file.category, score: maxScore(file), windows: file.scores.length, outcome: fileOutcome(file, threshold) })) }
            : {}),
        }),
      );
      return;
    }
    io.out(`Run ${runDir}, ${options.split} split: ${String(scored.files.length)} files (backend ${scorer.backend.id})`);
    io.out(`Operating point: ${operatingPointLine(source, options, saved)}`);
    for (const line of metricsLines(metrics)) io.out(`  ${line}`);
    if (fahWarning) io.err(`warning: ${fahWarning}`);
    if (options.files) {
      for (const file of scored.files) io.out(`  ${fileOutcome(file, threshold).toUpperCase()}  ${maxScore(file).toFixed(4)}  ${file.path}`);
    }
    if (savedPoint) io.out(`Saved the operating point (threshold ${savedPoint.threshold.toFixed(4)}) to ${runDir}/operating-point.json`);
  } finally {
    await scorer.dispose();
  }
}

/** Where the threshold came from, in words; a reused saved point names its own target and split. */
export function operatingPointLine(source: RunOperatingPoint['source'], options: Pick<EvalCommandOptions, 'targetFah'>, saved: RunOperatingPoint): string {
  switch (source) {
    case 'target-fah':
      if (options.targetFah !== undefined) return `target ${String(options.targetFah)} FA/h on this split`;
      return `saved: target ${saved.targetFah === null ? 'FA/h (value not recorded)' : `${String(saved.targetFah)} FA/h`}${saved.split ? ` on the ${saved.split} split` : ''}`;
    case 'threshold':
      return options.targetFah === undefined && saved.source === 'threshold' && saved.savedAt ? 'saved threshold' : 'given threshold';
    case 'training':
      return `chosen in training for ${saved.targetFah === null ? 'the target FA/h' : `${String(saved.targetFah)} FA/h`} on validation streams`;
    case 'default':
      return 'default 0.5 (the run has no best model data)';
  }
}

