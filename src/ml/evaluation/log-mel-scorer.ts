/**
 * A log-mel run's model with its exact front end: audio in, wake-word probability out. Features are built
 * as training's validation built them (crop/pad without augmentation, log-mel, the run's CMVN), so a score
 * here equals the score the trainer saw for the same clip. Long recordings are scored in clip-length windows
 * every hop; split evaluation runs the detector over the same streams training's validation builds
 * (log-mel-validation-streams.ts), so FA/h counts streaming detections in both.
 */
import * as tf from '@tensorflow/tfjs';
import { toFrontEndConfig } from '../../shared/config/front-end';
import { makeExample, type ExampleContext } from '../../shared/core/audio/augment/pipeline';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { createRng } from '../../shared/core/audio/rng';
import { AudioWindower } from '../../shared/core/detection/audio-windower';
import { windowAt, windowStarts } from '../../shared/core/detection/streaming-detector';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { RunArtifacts } from '../../node/evaluation/run-artifacts';
import { type LoadedBackend, loadBackend } from '../backend-loader';
import { loadModelFolder } from '../checkpoint';
import type { ClipToScore, RunScorer, StepGeometry } from './scorer-types';
import path from 'node:path';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { buildLogMelStreams, logMelStreamSettings, type DecodedSplitFile, type LogMelFrontEnd } from '../log-mel-validation-streams';
import { scoreStreamingSet, type StepPredictor } from '../streaming-validation';
import { streamedSplit } from './streamed-split';

const PREDICT_BATCH = 64;
const WINDOW_GROUP = 256;

export async function openLogMelScorer(artifacts: RunArtifacts, backendChoice: BackendChoice, loaded?: LoadedBackend): Promise<RunScorer> {
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

  const scoreClips = (clips: readonly ClipToScore[]): Float32Array => {
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
  };
  // The classifier over window features laid out back to back, as training's validation calls the model.
  const predict: StepPredictor = (inputs, count) =>
    tf.tidy(() => {
      const probabilities = model.predict(tf.tensor4d(inputs.subarray(0, count * perClip), [count, frames, nMels, 1])) as tf.Tensor2D;
      return probabilities.slice([0, 1], [count, 1]).reshape([count]).dataSync() as Float32Array;
    });
  const frontEnd: LogMelFrontEnd = { sampleRate, clipSamples, extractor, cmvn, inputSize: perClip, context: { sampleRate, clipSamples, config: config.augmentation, backgrounds: [], rirs: [], rng } };
  const hopSamples = (hopSeconds: number): number => Math.max(1, Math.round(hopSeconds * sampleRate));
  const geometry = (hop: number): StepGeometry => ({ windowSamples: clipSamples, hopSamples: hop });

  return {
    family: 'log-mel',
    artifacts,
    backend,
    sampleRate,
    clipSamples,
    hopSamples,
    scoreClipInStream(audio, smoothing) {
      const settings = logMelStreamSettings(frontEnd, { ...DEFAULT_DETECTION_SETTINGS, smoothing });
      const set = buildLogMelStreams([{ file: { path: '', category: 'positive', label: 1, durationSeconds: audio.length / sampleRate }, audio }], frontEnd, settings);
      return Promise.resolve(scoreStreamingSet(set, predict).clipScores[0] ?? 0);
    },
    async scoreSplitStreams(workspace, files, onProgress) {
      const warnings: string[] = [];
      const decoded: DecodedSplitFile[] = [];
      for (const [index, file] of files.entries()) {
        try {
          decoded.push({ file, audio: await loadMonoClip(path.join(workspace, 'data', 'raw', file.path), sampleRate, { displayName: file.path }) });
        } catch (error) {
          warnings.push(`Skipped ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
        }
        if ((index + 1) % 25 === 0 || index + 1 === files.length) onProgress(index + 1, files.length, `Decoding (${String(index + 1)}/${String(files.length)})`);
      }
      const set = buildLogMelStreams(decoded, frontEnd, logMelStreamSettings(frontEnd, DEFAULT_DETECTION_SETTINGS));
      onProgress(0, 1, 'Scoring the streams');
      return { ...streamedSplit(files, set, scoreStreamingSet(set, predict)), warnings };
    },
    scoreRecording(audio, hopSeconds, onProgress = () => undefined) {
      const hop = hopSamples(hopSeconds);
      const starts = windowStarts(audio.length, clipSamples, hop);
      const scores = new Float32Array(starts.length);
      for (let first = 0; first < starts.length; first += WINDOW_GROUP) {
        const group = starts.slice(first, first + WINDOW_GROUP).map((start) => ({ audio: windowAt(audio, start, clipSamples), positive: false }));
        scores.set(scoreClips(group), first);
        onProgress(Math.min(starts.length, first + WINDOW_GROUP), starts.length);
      }
      return Promise.resolve({ geometry: geometry(hop), scores });
    },
    openStream(hopSeconds) {
      const hop = hopSamples(hopSeconds);
      const windower = new AudioWindower(clipSamples, hop);
      return Promise.resolve({
        geometry: geometry(hop),
        push(samples) {
          const windows = windower.push(samples);
          return Promise.resolve(windows.length > 0 ? scoreClips(windows.map((audio) => ({ audio, positive: false }))) : new Float32Array(0));
        },
      });
    },
    dispose() {
      model.dispose();
      return Promise.resolve();
    },
  };
}
