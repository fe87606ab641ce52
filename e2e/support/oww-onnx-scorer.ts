/**
 * openWakeWord's clip scoring written out with onnxruntime-node and nothing of the app's own inference code:
 * openWakeWord's shipped feature models (resources/oww) turn audio into 96-dimensional speech embeddings, and an
 * exported wake-word model scores every run of 16 consecutive embeddings, as openWakeWord's predict_clip does
 * (1 s of silence on each side, int16-scale samples, mel `x / 10 + 2`, 76-frame windows every 8 frames).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ROOT } from './serve';

const MEL_BINS = 32;
const WINDOW_FRAMES = 76;
const STEP_FRAMES = 8;
const EMBEDDING_DIM = 96;
const CONTEXT = 16;
const PAD_SAMPLES = 16000;

export interface OwwOnnxScorer {
  /** The highest score of the exported model over a 16 kHz mono clip. */
  maxScore(clip: Float32Array): Promise<number>;
  release(): Promise<void>;
}

async function session(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(await readFile(file), { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

async function runOne(model: ort.InferenceSession, data: Float32Array, dims: readonly number[]): Promise<Float32Array> {
  const result = await model.run({ [model.inputNames[0] as string]: new ort.Tensor('float32', data, dims) });
  return result[model.outputNames[0] as string]?.data as Float32Array;
}

/** Loads an exported openWakeWord model file (e.g. hey_nova.onnx) with openWakeWord's feature models. */
export async function loadOwwOnnxScorer(modelFile: string): Promise<OwwOnnxScorer> {
  const backbone = path.join(ROOT, 'resources', 'oww');
  const mel = await session(path.join(backbone, 'melspectrogram.onnx'));
  const embedding = await session(path.join(backbone, 'embedding_model.onnx'));
  const wakeword = await session(modelFile);
  return {
    async maxScore(clip) {
      const padded = new Float32Array(clip.length + 2 * PAD_SAMPLES);
      clip.forEach((x, i) => (padded[PAD_SAMPLES + i] = Math.max(-32768, Math.min(32767, Math.round(x * 32768)))));
      const spec = (await runOne(mel, padded, [1, padded.length])).map((x) => x / 10 + 2);
      const frames = spec.length / MEL_BINS;
      const embeddings: Float32Array[] = [];
      for (let start = 0; start + WINDOW_FRAMES <= frames; start += STEP_FRAMES) {
        embeddings.push(await runOne(embedding, spec.slice(start * MEL_BINS, (start + WINDOW_FRAMES) * MEL_BINS), [1, WINDOW_FRAMES, MEL_BINS, 1]));
      }
      if (embeddings.length < CONTEXT) throw new Error(`clip too short for openWakeWord: ${embeddings.length} embeddings, ${CONTEXT} needed`);
      let best = 0;
      for (let end = CONTEXT; end <= embeddings.length; end += 1) {
        const input = new Float32Array(CONTEXT * EMBEDDING_DIM);
        embeddings.slice(end - CONTEXT, end).forEach((e, k) => input.set(e, k * EMBEDDING_DIM));
        best = Math.max(best, (await runOne(wakeword, input, [1, CONTEXT, EMBEDDING_DIM]))[0] as number);
      }
      return best;
    },
    async release() {
      await Promise.all([mel.release(), embedding.release(), wakeword.release()]);
    },
  };
}
