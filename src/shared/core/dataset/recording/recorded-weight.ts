/**
 * Clips the user recorded (data/raw/<category>/recorded/...) are the closest thing to real use, and
 * usually few beside thousands of synthetic ones, so training multiplies their loss by `loss.recorded_weight`.
 */
import type { TrainingConfig } from '../../../config/schema';
import { RECORDED_FOLDER } from './recording-types';

/** True for a path relative to data/raw ("positive/recorded/take-1.wav"), with either slash. */
export function isRecordedPath(relative: string): boolean {
  const parts = relative.replace(/\\/g, '/').split('/');
  return parts.length >= 3 && parts[1] === RECORDED_FOLDER;
}

/** The loss multiplier for one clip: `loss.recorded_weight` for recorded takes, 1 for everything else. */
export function recordedWeight(relative: string, config: { readonly loss: Pick<TrainingConfig['loss'], 'recorded_weight'> }): number {
  return isRecordedPath(relative) ? config.loss.recorded_weight : 1;
}
