// @ts-check
// Scores a WAV with the exported TF.js model:  npm install @tensorflow/tfjs && node example-node.mjs clip.wav
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { decodeWav, featuresForClip, toMono } from './wakeword-features.mjs';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const file = process.argv[2];
if (!file) {
  console.error('usage: node example-node.mjs FILE.wav');
  process.exit(2);
}
const manifest = JSON.parse(await readFile(here('wakeword.json'), 'utf8'));
const { sampleRate, channels } = decodeWav(await readFile(file));
if (sampleRate !== manifest.frontEnd.sampleRate) throw new Error(file + ': ' + sampleRate + ' Hz; resample to ' + manifest.frontEnd.sampleRate + ' Hz first');
const features = featuresForClip(toMono(channels), manifest);
const modelJson = JSON.parse(await readFile(here(manifest.model.file), 'utf8'));
const weights = await readFile(here('weights.bin'));
const model = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }),
);
const [, frames, nMels] = manifest.model.inputShape;
const probabilities = /** @type {tf.Tensor} */ (model.predict(tf.tensor4d(features, [1, frames, nMels, 1])));
const score = (await probabilities.data())[manifest.model.wakewordIndex];
const { threshold } = manifest.detection;
console.log(JSON.stringify({ file, score, threshold, detected: score >= threshold }));
