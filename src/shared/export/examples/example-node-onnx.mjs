// @ts-check
// Scores a WAV with the exported ONNX model:  npm install onnxruntime-node && node example-node.mjs clip.wav
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
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
const session = await ort.InferenceSession.create(here(manifest.model.file));
const [, frames, nMels] = manifest.model.inputShape;
const outputs = await session.run({ [manifest.model.inputName]: new ort.Tensor('float32', features, [1, frames, nMels, 1]) });
const score = outputs[manifest.model.outputName].data[manifest.model.wakewordIndex];
const { threshold } = manifest.detection;
console.log(JSON.stringify({ file, score, threshold, detected: score >= threshold }));
