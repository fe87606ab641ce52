/**
 * A split scored as streams (streaming-validation.ts) turned into the evaluation report's shape: one score per
 * file (a clip's highest smoothed score in its stream, a general negative's highest smoothed score over its
 * part of a stream) plus the negative streams' per-step scores, over which FA/h counts streaming detections.
 */
import type { SplitFile } from '../../shared/core/dataset/manifest';
import { smoothScores } from '../../shared/core/detection/streaming-fah';
import type { ScoredFile, SplitStreams } from '../../shared/core/evaluation/evaluation-report';
import { streamHours } from '../../shared/core/detection/streaming-fah';
import type { StreamingScores, StreamingValidationSet } from '../streaming-validation';

export interface StreamedSplit {
  readonly files: readonly ScoredFile[];
  readonly streams: SplitStreams;
}

export function streamedSplit(manifestFiles: readonly SplitFile[], set: StreamingValidationSet, scores: StreamingScores): StreamedSplit {
  const byPath = new Map<string, number>();
  set.clips.forEach((clip, i) => byPath.set(clip.path, scores.clipScores[i] as number));
  const smoothed = scores.negatives.map((stream) => smoothScores(stream, set.settings.smoothing));
  for (const member of set.members) {
    const stream = smoothed[member.stream];
    if (!stream) continue;
    let best = 0;
    for (let i = member.firstStep; i <= member.lastStep && i < stream.length; i += 1) best = Math.max(best, stream[i] as number);
    byPath.set(member.path, best);
  }
  const files: ScoredFile[] = [];
  for (const file of manifestFiles) {
    const score = byPath.get(file.path);
    // Files that could not be read are not in any stream (the loader warned about them).
    if (score === undefined) continue;
    files.push({ path: file.path, category: file.category, label: file.label, durationSeconds: file.durationSeconds ?? 0, scores: [score] });
  }
  const steps = scores.negatives.reduce((n, s) => n + s.length, 0);
  return { files, streams: { settings: set.settings, scores: scores.negatives.map((s) => Array.from(s)), hours: streamHours(steps, set.settings) } };
}
