/**
 * Scores every file of a split with a run's model, the way its family's training validation does: general
 * negatives joined into continuous streams (FA/h from streaming detections over their hours), each positive
 * and hard negative in a short stream of its own (RunScorer.scoreSplitStreams).
 */
import type { SplitName } from '../../shared/core/dataset/categories';
import type { SplitScores } from '../../shared/core/evaluation/evaluation-report';
import { readSplit } from '../training-data';
import type { RunScorer } from './scorer-types';

export type ScoreProgress = (done: number, total: number, detail: string) => void;

export async function scoreSplit(workspace: string, split: SplitName, scorer: RunScorer, onProgress: ScoreProgress = () => undefined): Promise<SplitScores> {
  const manifest = await readSplit(workspace, split);
  if (manifest.files.length === 0) throw new Error(`the ${split} split is empty: split the dataset with a non-zero ${split} share`);
  const streamed = await scorer.scoreSplitStreams(workspace, manifest.files, onProgress);
  onProgress(manifest.files.length, manifest.files.length, `Scored the ${split} split`);
  if (streamed.files.length === 0) throw new Error(`none of the ${split} split's files could be decoded: ${streamed.warnings.slice(0, 3).join('; ')}`);
  return { split, files: streamed.files, generalNegativeHours: streamed.streams.hours, warnings: streamed.warnings, streams: streamed.streams };
}
