/**
 * Scores audio with a trained oww_* run the way openWakeWord does at run time: 80 ms steps, each scoring the
 * last 16 embeddings (openWakeWord's streaming features, see streaming-features.ts). For `wakeword detect`
 * (whole recordings) and the microphone test (audio pushed as it arrives).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import { ARCHITECTURE_FAMILY } from '../../shared/config/schema';
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { type RunArtifacts, readRunArtifacts } from '../../node/evaluation/run-artifacts';
import { loadBackend } from '../backend-loader';
import { loadModelFolder } from '../checkpoint';
import { OwwBackbone } from './backbone';
import { OwwStreamingFeatures } from './streaming-features';

/** Steps pushed through the feature models at once when scoring a recording (5 s). */
const FILE_BLOCK_SAMPLES = 62 * OWW_CHUNK_SAMPLES;

export interface OwwLiveStream {
  /** Adds audio (float, 16 kHz); returns one score per completed 80 ms step. */
  push(audio: Float32Array): Promise<Float32Array>;
  /** Forgets everything heard so far (a new recording). */
  reset(): void;
}

export interface OwwStreamScorer {
  readonly artifacts: RunArtifacts;
  readonly sampleRate: number;
  /** Samples per step (1280 = 80 ms): score i covers the audio up to (i + 1) * hopSamples. */
  readonly hopSamples: number;
  /** Embeddings the classifier reads (16); the first 16 steps of a recording still include the noise-seeded history. */
  readonly contextSteps: number;
  /** Scores of every step of a recording (16 kHz float audio), from a fresh stream. */
  scoreAudio(audio: Float32Array): Promise<Float32Array>;
  /** Classifier scores for [n x 16 x 96] embedding windows. */
  scoreWindows(windows: readonly Float32Array[]): Float32Array;
  openStream(): Promise<OwwLiveStream>;
  dispose(): Promise<void>;
}

export interface OwwScorerOptions {
  /** A loaded backbone to share (it is then not released by dispose). */
  readonly backbone?: OwwBackbone;
  /** TF.js backend for the classifier; default wasm. */
  readonly backend?: BackendChoice;
}

export async function createOwwStreamScorer(runDir: string, options: OwwScorerOptions = {}): Promise<OwwStreamScorer> {
  const artifacts = await readRunArtifacts(runDir);
  const architecture = artifacts.config.model.architecture;
  if (ARCHITECTURE_FAMILY[architecture] !== 'oww') throw new Error(`${artifacts.runDir} trained a ${architecture} model, not an openWakeWord (oww_*) one`);
  await loadBackend(options.backend ?? 'wasm');
  const model = await loadModelFolder(artifacts.modelDir);
  const shape = model.inputs[0]?.shape ?? [];
  if (shape[1] !== OWW_CONTEXT_EMBEDDINGS || shape[2] !== OWW_EMBEDDING_DIM) {
    model.dispose();
    throw new Error(`${artifacts.modelDir}: the model takes [${String(shape[1])} x ${String(shape[2])}] inputs, not openWakeWord's [16 x 96] embeddings`);
  }
  let backbone: OwwBackbone;
  try {
    backbone = options.backbone ?? (await OwwBackbone.load());
  } catch (error) {
    model.dispose();
    throw error;
  }

  const scoreWindows = (windows: readonly Float32Array[]): Float32Array => {
    if (windows.length === 0) return new Float32Array(0);
    const per = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;
    const batch = new Float32Array(windows.length * per);
    windows.forEach((w, i) => batch.set(w, i * per));
    return tf.tidy(() => {
      const probabilities = model.predict(tf.tensor4d(batch, [windows.length, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, 1])) as tf.Tensor2D;
      return probabilities.slice([0, 1], [windows.length, 1]).reshape([windows.length]).dataSync() as Float32Array;
    });
  };

  const openStream = async (): Promise<OwwLiveStream> => {
    const features = await OwwStreamingFeatures.create(backbone);
    return {
      push: async (audio) => scoreWindows(await features.push(audio)),
      reset: () => features.reset(),
    };
  };

  return {
    artifacts,
    sampleRate: OWW_SAMPLE_RATE,
    hopSamples: OWW_CHUNK_SAMPLES,
    contextSteps: OWW_CONTEXT_EMBEDDINGS,
    scoreWindows,
    openStream,
    async scoreAudio(audio) {
      const stream = await openStream();
      const scores = new Float32Array(Math.floor(audio.length / OWW_CHUNK_SAMPLES));
      let at = 0;
      for (let start = 0; start < audio.length; start += FILE_BLOCK_SAMPLES) {
        const part = await stream.push(audio.subarray(start, Math.min(audio.length, start + FILE_BLOCK_SAMPLES)));
        scores.set(part, at);
        at += part.length;
      }
      return scores;
    },
    async dispose() {
      model.dispose();
      if (!options.backbone) await backbone.release();
    },
  };
}
