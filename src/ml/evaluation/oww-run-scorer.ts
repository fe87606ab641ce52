/**
 * An openWakeWord-family run (oww_*) as a RunScorer. Split evaluation scores the same streams the oww
 * trainer's validation builds (oww/validation-streams.ts: general negatives as continuous streams, each clip in
 * a short stream of its own); long recordings and the microphone use openWakeWord's streaming scheme (80 ms
 * steps, each scoring the last 16 embeddings).
 */
import type { BackendChoice } from '../../shared/contract/backend-choices';
import { OWW_CHUNK_SAMPLES, OWW_CLIP_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import type { RunArtifacts } from '../../node/evaluation/run-artifacts';
import { type LoadedBackend, loadBackend } from '../backend-loader';
import { OwwBackbone } from '../oww/backbone';
import { createOwwStreamScorer } from '../oww/stream-scorer';
import { embedRecordingSteps } from '../oww/step-embeddings';
import { OWW_STEP_GEOMETRY } from '../oww/step-geometry';
import { CLIP_FIRST_STEP, asStepStream, loadOwwSplitStreams, placeClipInStream } from '../oww/validation-streams';
import { scoreStreamingSet, type StepPredictor } from '../streaming-validation';
import type { RunScorer } from './scorer-types';
import { streamedSplit } from './streamed-split';

/** Audio pushed through the streaming features at once when scoring a recording (5 s, as the stream scorer does). */
const RECORDING_BLOCK = 62 * OWW_CHUNK_SAMPLES;
const PER_INPUT = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;


export async function openOwwRunScorer(artifacts: RunArtifacts, backendChoice: BackendChoice, loaded?: LoadedBackend): Promise<RunScorer> {
  if (artifacts.config.data.sample_rate !== OWW_SAMPLE_RATE) throw new Error(`${artifacts.runDir}: data.sample_rate must be ${String(OWW_SAMPLE_RATE)} for an openWakeWord model (got ${String(artifacts.config.data.sample_rate)})`);
  const backend = loaded ?? (await loadBackend(backendChoice));
  const backbone = await OwwBackbone.load();
  let scorer;
  try {
    scorer = await createOwwStreamScorer(artifacts.runDir, { backbone, backend: backend.id });
  } catch (error) {
    await backbone.release();
    throw error;
  }
  const stream = scorer;

  // The classifier over inputs laid out back to back, as training's validation calls the model.
  const predict: StepPredictor = (inputs, count) => stream.scoreWindows(Array.from({ length: count }, (_, k) => inputs.subarray(k * PER_INPUT, (k + 1) * PER_INPUT)));

  return {
    family: 'oww',
    async scoreClipInStream(audio, smoothing) {
      const embedded = await embedRecordingSteps(backbone, placeClipInStream(audio));
      const stream = asStepStream(embedded);
      const set = { negatives: [], members: [], clips: [{ path: '', kind: 'positive' as const, stream, firstStep: CLIP_FIRST_STEP, lastStep: embedded.steps - 1 }], settings: { sampleRate: OWW_SAMPLE_RATE, ...OWW_STEP_GEOMETRY, smoothing, refractorySeconds: 0 }, inputSize: PER_INPUT };
      return scoreStreamingSet(set, predict).clipScores[0] ?? 0;
    },
    async scoreSplitStreams(workspace, files, onProgress) {
      const set = await loadOwwSplitStreams(workspace, files, backbone, { onProgress });
      onProgress(0, 1, 'Scoring the streams');
      return { ...streamedSplit(files, set, scoreStreamingSet(set, predict)), warnings: set.warnings };
    },
    artifacts,
    backend,
    sampleRate: OWW_SAMPLE_RATE,
    clipSamples: OWW_CLIP_SAMPLES,
    hopSamples: () => OWW_CHUNK_SAMPLES,
    async scoreRecording(audio, _hopSeconds, onProgress = () => undefined) {
      const live = await stream.openStream();
      const scores = new Float32Array(Math.floor(audio.length / OWW_CHUNK_SAMPLES));
      const steps = scores.length;
      let at = 0;
      for (let start = 0; start < audio.length; start += RECORDING_BLOCK) {
        const part = await live.push(audio.subarray(start, Math.min(audio.length, start + RECORDING_BLOCK)));
        scores.set(part, at);
        at += part.length;
        onProgress(at, steps);
      }
      return { geometry: OWW_STEP_GEOMETRY, scores };
    },
    async openStream() {
      const live = await stream.openStream();
      return { geometry: OWW_STEP_GEOMETRY, push: (samples) => live.push(samples) };
    },
    async dispose() {
      await stream.dispose();
      await backbone.release();
    },
  };
}
