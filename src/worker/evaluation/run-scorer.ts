/**
 * A trained run's model with its exact front end: audio in, wake-word probability out. Features are built
 * as training's validation built them (crop/pad without augmentation, log-mel, the run's CMVN), so a score
 * here equals the score the trainer saw for the same clip.
 */
import * as tf from '@tensorflow/tfjs';
import { toFrontEndConfig } from '../../shared/config/front-end';
import { makeExample, type ExampleContext } from '../../shared/core/audio/augment/pipeline';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { createRng } from '../../shared/core/audio/rng';
import type { BackendChoice } from '../../shared/api';
import { type RunArtifacts, readRunArtifacts } from '../../main/services/evaluation/run-artifacts';
import { type LoadedBackend, loadBackend } from '../backend-loader';
import { loadModelFolder } from '../checkpoint';

const PREDICT_BATCH = 64;

export interface ClipToScore {
  readonly audio: Float32Array;
  /** Positives are cropped around their loudest stretch, everything else at the centre (as in validation). */
  readonly positive: boolean;
}

export interface RunScorer {
  readonly artifacts: RunArtifacts;
  readonly backend: LoadedBackend;
  readonly sampleRate: number;
  readonly clipSamples: number;
  readonly frames: number;
  readonly nMels: number;
  features(clip: ClipToScore): Float32Array;
  /** Probability of the wake word for each clip, predicted in batches. */
  scoreClips(clips: readonly ClipToScore[]): Float32Array;
  dispose(): void;
}

export async function openRunScorer(runDir: string, backendChoice: BackendChoice, loaded?: LoadedBackend): Promise<RunScorer> {
  const artifacts = await readRunArtifacts(runDir);
  const backend = loaded ?? (await loadBackend(backendChoice));
  const { config, cmvn } = artifacts;
  const sampleRate = config.data.sample_rate;
  const clipSamples = Math.round(config.data.clip_duration * sampleRate);
  const extractor = new LogMelExtractor(toFrontEndConfig(config));
  const frames = extractor.frameCount(clipSamples);
  const nMels = config.features.n_mels;
  const model = await loadModelFolder(artifacts.modelDir);
  const inputShape = model.inputs[0]?.shape ?? [];
  if (inputShape[1] !== frames || inputShape[2] !== nMels) {
    model.dispose();
    throw new Error(`${artifacts.modelDir}: the model expects [${String(inputShape[1])} frames x ${String(inputShape[2])} mels] but the run's config gives [${String(frames)} x ${String(nMels)}]`);
  }
  const rng = createRng(0);
  const context = (positive: boolean): ExampleContext => ({ sampleRate, clipSamples, positive, augment: false, config: config.augmentation, backgrounds: [], rirs: [], rng });
  const perClip = frames * nMels;
  const features = (clip: ClipToScore): Float32Array => makeExample(clip.audio, context(clip.positive), extractor, cmvn);
  return {
    artifacts,
    backend,
    sampleRate,
    clipSamples,
    frames,
    nMels,
    features,
    scoreClips(clips) {
      const scores = new Float32Array(clips.length);
      for (let start = 0; start < clips.length; start += PREDICT_BATCH) {
        const size = Math.min(PREDICT_BATCH, clips.length - start);
        const batch = new Float32Array(size * perClip);
        for (let k = 0; k < size; k++) batch.set(features(clips[start + k] as ClipToScore), k * perClip);
        tf.tidy(() => {
          const probabilities = model.predict(tf.tensor4d(batch, [size, frames, nMels, 1])) as tf.Tensor2D;
          scores.set(probabilities.slice([0, 1], [size, 1]).reshape([size]).dataSync() as Float32Array, start);
        });
      }
      return scores;
    },
    dispose: () => model.dispose(),
  };
}
