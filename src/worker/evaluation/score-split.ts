/**
 * Scores every file of a split with a run's model, the way its family's training validation does: oww runs
 * as streams (general negatives joined into continuous streams, FA/h from streaming detections; see
 * RunScorer.scoreSplitStreams); log-mel runs one clip per file, long general negatives cut into windows
 * (their hours are what FAH is measured over), placed by RunScorer.splitWindows.
 */
import path from 'node:path';
import type { SplitName } from '../../shared/core/dataset/categories';
import type { SplitFile } from '../../shared/core/dataset/manifest';
import type { ScoredFile, SplitScores } from '../../shared/core/evaluation/evaluation-report';
import { loadMonoClip } from '../../main/services/audio/decode-audio';
import { readSplit } from '../training-data';
import type { ClipToScore, RunScorer } from './run-scorer';
import { errorMessage } from '../../shared/error-message';

export type ScoreProgress = (done: number, total: number, detail: string) => void;

/** Files are scored in groups so a split of long recordings never sits in memory all at once. */
const GROUP_WINDOWS = 256;

export async function scoreSplit(workspace: string, split: SplitName, scorer: RunScorer, onProgress: ScoreProgress = () => undefined): Promise<SplitScores> {
  const manifest = await readSplit(workspace, split);
  if (manifest.files.length === 0) throw new Error(`the ${split} split is empty: split the dataset with a non-zero ${split} share`);
  if (scorer.scoreSplitStreams) {
    const streamed = await scorer.scoreSplitStreams(workspace, manifest.files, onProgress);
    if (streamed.files.length === 0) throw new Error(`none of the ${split} split's files could be decoded: ${streamed.warnings.slice(0, 3).join('; ')}`);
    return { split, files: streamed.files, generalNegativeHours: streamed.streams.hours, warnings: streamed.warnings, streams: streamed.streams };
  }
  const raw = path.join(workspace, 'data', 'raw');
  const { sampleRate } = scorer;
  const files: ScoredFile[] = [];
  const warnings: string[] = [];
  let generalNegativeSeconds = 0;
  let pending: { file: SplitFile; seconds: number; clips: readonly ClipToScore[] }[] = [];
  let pendingWindows = 0;
  const flush = async (): Promise<void> => {
    const scores = await scorer.scoreClips(pending.flatMap((entry) => entry.clips));
    let offset = 0;
    for (const { file, seconds, clips } of pending) {
      files.push({ path: file.path, category: file.category, label: file.label, durationSeconds: seconds, scores: Array.from(scores.subarray(offset, offset + clips.length)) });
      offset += clips.length;
    }
    pending = [];
    pendingWindows = 0;
  };
  for (const [index, file] of manifest.files.entries()) {
    let audio: Float32Array;
    try {
      audio = await loadMonoClip(path.join(raw, file.path), sampleRate, { displayName: file.path });
    } catch (error) {
      warnings.push(`Skipped ${file.path}: ${errorMessage(error)}`);
      continue;
    }
    const { clips, negativeSeconds } = scorer.splitWindows(audio, file.category);
    generalNegativeSeconds += negativeSeconds;
    pending.push({ file, seconds: audio.length / sampleRate, clips });
    pendingWindows += clips.length;
    if (pendingWindows >= GROUP_WINDOWS) await flush();
    if ((index + 1) % 20 === 0 || index + 1 === manifest.files.length) onProgress(index + 1, manifest.files.length, `Scoring ${split} (${String(index + 1)}/${String(manifest.files.length)})`);
  }
  if (pending.length > 0) await flush();
  if (files.length === 0) throw new Error(`none of the ${split} split's files could be decoded: ${warnings.slice(0, 3).join('; ')}`);
  return { split, files, generalNegativeHours: generalNegativeSeconds / 3600, warnings };
}
