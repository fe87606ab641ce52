/**
 * One epoch's detection figures for EpochMetrics and the best model: from the streaming measure when the
 * data has validation streams (oww family), else from per-window scores (log-mel family), in both cases
 * with the hours behind FA/h, the 95 % bound and the warning when those hours cannot support the target.
 */
import { fahEstimate, fahVerdict, type FahEstimate } from '../shared/core/fah';
import type { ValidationSummary } from '../shared/core/metrics';
import type { FahBasis } from '../shared/contract/trainer-protocol';
import { tailThresholdNote, type TailFit } from '../shared/core/detection/streaming-fah';
import type { StreamingMeasure } from './streaming-validation';

export interface ValidationFigures {
  readonly fah: number;
  readonly recallAtTarget: number;
  readonly thresholdAtTarget: number;
  readonly hardNegativeFpr: number | null;
  readonly fahEstimate: FahEstimate;
  readonly fahEstimateAt05: FahEstimate;
  readonly fahBasis: FahBasis;
  readonly targetFah: number;
  readonly fahWarning: string | null;
}

export function validationFigures(summary: ValidationSummary, streaming: StreamingMeasure | null, windowHours: number, targetFah: number): ValidationFigures {
  if (streaming) {
    return {
      fah: streaming.at05.fah,
      recallAtTarget: streaming.recall,
      thresholdAtTarget: streaming.threshold,
      hardNegativeFpr: streaming.hardNegativeFpr,
      fahEstimate: streaming.atTarget,
      fahEstimateAt05: streaming.at05,
      fahBasis: 'streaming',
      targetFah,
      fahWarning: withTailNote(fahVerdict(streaming.atTarget.hours, targetFah).warning, streaming.thresholdTail, targetFah),
    };
  }
  return {
    fah: summary.fah,
    recallAtTarget: summary.recallAtTarget,
    thresholdAtTarget: summary.thresholdAtTarget,
    hardNegativeFpr: summary.hardNegativeFpr,
    fahEstimate: fahEstimate(summary.falseAcceptsAtTarget, windowHours),
    fahEstimateAt05: fahEstimate(summary.falseAccepts, windowHours),
    fahBasis: 'windows',
    targetFah,
    fahWarning: fahVerdict(windowHours, targetFah).warning,
  };
}

/** Says how the threshold was set when the count could not reach the target (the warning is there then). */
function withTailNote(warning: string | null, tail: TailFit | undefined, targetFah: number): string | null {
  if (!warning || !tail) return warning;
  return `${warning} ${tailThresholdNote(tail, targetFah)}`;
}
