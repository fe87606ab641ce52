/**
 * A trained run as something that scores audio, whatever its model family (src/ml/families/): log-mel models
 * (one clip per score, see log-mel-scorer.ts) and openWakeWord-family models (16 speech embeddings per score,
 * see oww-run-scorer.ts). Each family builds a split's streams exactly as its trainer's validation did, and
 * streams long recordings its own way; the detector downstream is shared.
 */
import type { BackendChoice } from '../../shared/contract/backend-choices';
import { readRunArtifacts } from '../../node/evaluation/run-artifacts';
import type { LoadedBackend } from '../backend-loader';
import { modelFamilyFor } from '../families/model-families';
import type { RunScorer } from './scorer-types';

export type { ClipToScore, RecordingScores, RunScorer, ScoreStream, StepGeometry } from './scorer-types';

export async function openRunScorer(runDir: string, backendChoice: BackendChoice, loaded?: LoadedBackend): Promise<RunScorer> {
  const artifacts = await readRunArtifacts(runDir);
  return modelFamilyFor(artifacts.config).openScorer(artifacts, backendChoice, loaded);
}
