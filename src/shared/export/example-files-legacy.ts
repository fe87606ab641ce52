/**
 * The files written beside an export so it can be used without the app: a dependency-free JavaScript front end
 * (wakeword-features.mjs, the log-mel of wakeword.json), a Node script and a browser page that score a WAV.
 * The front end here is a second, independent implementation of the app's; tests check the two agree.
 */
import type { ExportFormat } from './wakeword-manifest';

export const FEATURES_MODULE = `// Wakeword Studio front end, written by the export: log-mel features exactly as wakeword.json defines them
// (torchaudio MelSpectrogram: centre/reflect padding, periodic Hann, power 2, HTK mel, no norm; 10*log10(max(p, 1e-10))).
// No dependencies: runs in Node and in browsers.

/** WAV bytes (PCM 8/16/24/32-bit or IEEE float) -> { sampleRate, channels: Float32Array[] }. */
export function decodeWav(bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (at) => String.fromCharCode(data[at], data[at + 1], data[at + 2], data[at + 3]);
  if (data.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file (RIFF/WAVE header missing)');
  let format = null;
  for (let at = 12; at + 8 <= data.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      let code = view.getUint16(body, true);
      if (code === 0xfffe && size >= 26) code = view.getUint16(body + 24, true);
      format = { code, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      const { code, channels, sampleRate, bits } = format;
      const width = bits / 8;
      const frames = Math.floor(Math.min(size, data.length - body) / (width * channels));
      const out = Array.from({ length: channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < channels; c++) {
          const p = body + (i * channels + c) * width;
          let v;
          if (code === 3) v = bits === 64 ? view.getFloat64(p, true) : view.getFloat32(p, true);
          else if (code !== 1) throw new Error('unsupported WAV encoding ' + code + ' (PCM or float expected)');
          else if (bits === 8) v = (data[p] - 128) / 128;
          else if (bits === 16) v = view.getInt16(p, true) / 32768;
          else if (bits === 24) v = (((data[p + 2] << 24) | (data[p + 1] << 16) | (data[p] << 8)) >> 8) / 8388608;
          else if (bits === 32) v = view.getInt32(p, true) / 2147483648;
          else throw new Error('unsupported WAV sample size ' + bits);
          out[c][i] = v;
        }
      }
      return { sampleRate, channels: out };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

export function toMono(channels) {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i] += channel[i] / channels.length;
  return out;
}

/** Centre crop or zero-pad to exactly clipSamples, as the app does for evaluation. */
export function fitClip(signal, clipSamples) {
  const out = new Float32Array(clipSamples);
  if (signal.length >= clipSamples) {
    const start = Math.floor((signal.length - clipSamples) / 2);
    out.set(signal.subarray(start, start + clipSamples));
  } else {
    out.set(signal, Math.floor((clipSamples - signal.length) / 2));
  }
  return out;
}

const hzToMel = (hz) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel) => 700 * (10 ** (mel / 2595) - 1);

/** Row-major [frames, nMels] log-mel features of a mono signal at frontEnd.sampleRate. */
export function logMel(signal, frontEnd) {
  const { sampleRate, nFft, winLength, hopLength, nMels, fMin, fMax, logFloor } = frontEnd;
  const pad = Math.floor(nFft / 2);
  if (signal.length <= pad) throw new Error('audio too short: ' + signal.length + ' samples');
  const window = new Float64Array(nFft);
  const left = Math.floor((nFft - winLength) / 2);
  for (let i = 0; i < winLength; i++) window[left + i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / winLength);
  const bins = Math.floor(nFft / 2) + 1;
  const cos = new Float64Array(nFft);
  const sin = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / nFft);
    sin[i] = Math.sin((2 * Math.PI * i) / nFft);
  }
  const nyquist = Math.floor(sampleRate / 2);
  const mMin = hzToMel(fMin);
  const mMax = hzToMel(fMax);
  const points = Array.from({ length: nMels + 2 }, (_, i) => melToHz(mMin + ((mMax - mMin) * i) / (nMels + 1)));
  const filters = Array.from({ length: nMels }, (_, m) =>
    Float64Array.from({ length: bins }, (_, k) => {
      const freq = (nyquist * k) / (bins - 1);
      const down = (freq - points[m]) / (points[m + 1] - points[m]);
      const up = (points[m + 2] - freq) / (points[m + 2] - points[m + 1]);
      return Math.max(0, Math.min(down, up));
    }),
  );
  const n = signal.length;
  const reflect = (i) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  const frames = 1 + Math.floor((n + 2 * pad - nFft) / hopLength);
  const out = new Float32Array(frames * nMels);
  const frame = new Float64Array(nFft);
  const power = new Float64Array(bins);
  for (let t = 0; t < frames; t++) {
    for (let i = 0; i < nFft; i++) frame[i] = signal[reflect(t * hopLength - pad + i)] * window[i];
    for (let k = 0; k < bins; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0, j = 0; i < nFft; i++, j = (j + k) % nFft) {
        re += frame[i] * cos[j];
        im -= frame[i] * sin[j];
      }
      power[k] = re * re + im * im;
    }
    for (let m = 0; m < nMels; m++) {
      let acc = 0;
      const filter = filters[m];
      for (let k = 0; k < bins; k++) acc += filter[k] * power[k];
      out[t * nMels + m] = 10 * Math.log10(Math.max(acc, logFloor));
    }
  }
  return out;
}

export function applyCmvn(features, cmvn, nMels) {
  for (let i = 0; i < features.length; i++) {
    const m = i % nMels;
    features[i] = (features[i] - cmvn.mean[m]) / Math.max(cmvn.std[m], cmvn.minStd);
  }
  return features;
}

/** The model's input for one clip of mono audio at the manifest's sample rate. */
export function featuresForClip(signal, manifest) {
  const { frontEnd, cmvn } = manifest;
  const features = logMel(fitClip(signal, frontEnd.clipSamples), frontEnd);
  return cmvn ? applyCmvn(features, cmvn, frontEnd.nMels) : features;
}
`;

const NODE_ONNX = `// Scores a WAV with the exported ONNX model:  npm install onnxruntime-node && node example-node.mjs clip.wav
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
`;

const NODE_TFJS = `// Scores a WAV with the exported TF.js model:  npm install @tensorflow/tfjs && node example-node.mjs clip.wav
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
const probabilities = model.predict(tf.tensor4d(features, [1, frames, nMels, 1]));
const score = (await probabilities.data())[manifest.model.wakewordIndex];
const { threshold } = manifest.detection;
console.log(JSON.stringify({ file, score, threshold, detected: score >= threshold }));
`;

const BROWSER_HTML = (format: ExportFormat): string => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Wake-word test</title>
  <!-- Serve this folder over HTTP (e.g. npx http-server) after: npm install ${format === 'onnx' ? 'onnxruntime-web' : '@tensorflow/tfjs'} -->
  <script src="${format === 'onnx' ? './node_modules/onnxruntime-web/dist/ort.min.js' : './node_modules/@tensorflow/tfjs/dist/tf.min.js'}"></script>
</head>
<body>
  <label>Audio clip <input id="file" type="file" accept="audio/*"></label>
  <p id="result" role="status">Loading the model…</p>
  <script type="module" src="./example-browser.js"></script>
</body>
</html>
`;

const BROWSER_JS = (format: ExportFormat): string => `// Scores an audio file picked in the page with the exported ${format === 'onnx' ? 'ONNX (onnxruntime-web)' : 'TF.js'} model.
import { featuresForClip } from './wakeword-features.mjs';

const result = document.getElementById('result');
// Listen before loading: a clip picked while the model loads is scored once it is ready, not dropped.
const ready = (async () => {
  const manifest = await (await fetch('./wakeword.json')).json();
${
  format === 'onnx'
    ? `  const session = await ort.InferenceSession.create('./' + manifest.model.file);
  async function score(features) {
    const [, frames, nMels] = manifest.model.inputShape;
    const outputs = await session.run({ [manifest.model.inputName]: new ort.Tensor('float32', features, [1, frames, nMels, 1]) });
    return outputs[manifest.model.outputName].data[manifest.model.wakewordIndex];
  }`
    : `  const model = await tf.loadLayersModel('./' + manifest.model.file);
  async function score(features) {
    const [, frames, nMels] = manifest.model.inputShape;
    const probabilities = model.predict(tf.tensor4d(features, [1, frames, nMels, 1]));
    const values = await probabilities.data();
    probabilities.dispose();
    return values[manifest.model.wakewordIndex];
  }`
}
  return { manifest, score };
})();
ready.then(
  () => { if (result.dataset.state !== 'scored') result.textContent = 'Model loaded. Choose a clip to score.'; },
  (error) => { result.textContent = 'Could not load the model: ' + error.message; },
);

document.getElementById('file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    result.textContent = 'Scoring ' + file.name + '…';
    const { manifest, score } = await ready;
    // The browser decodes and resamples to the model's rate; the app itself uses a band-limited resampler.
    const context = new OfflineAudioContext(1, 1, manifest.frontEnd.sampleRate);
    const audio = await context.decodeAudioData(await file.arrayBuffer());
    const mono = new Float32Array(audio.length);
    for (let c = 0; c < audio.numberOfChannels; c++) audio.getChannelData(c).forEach((v, i) => (mono[i] += v / audio.numberOfChannels));
    const value = await score(featuresForClip(mono, manifest));
    const { threshold } = manifest.detection;
    result.dataset.state = 'scored';
    result.textContent = file.name + ': score ' + value.toFixed(3) + (value >= threshold ? ' - wake word detected' : ' - not detected') + ' (threshold ' + threshold.toFixed(3) + ')';
  } catch (error) {
    result.textContent = file.name + ': ' + error.message;
  }
});
`;

/** The npm package example-node.mjs imports for an export of `format` (its only dependency besides Node). */
export function exampleNodePackage(format: ExportFormat): string {
  return format === 'onnx' ? 'onnxruntime-node' : '@tensorflow/tfjs';
}

/** File name -> contents of the example files for an export of `format`. */
export function exampleFiles(format: ExportFormat): Readonly<Record<string, string>> {
  return {
    'wakeword-features.mjs': FEATURES_MODULE,
    'example-node.mjs': format === 'onnx' ? NODE_ONNX : NODE_TFJS,
    'example-browser.html': BROWSER_HTML(format),
    'example-browser.js': BROWSER_JS(format),
  };
}

/** The openWakeWord snippets as oww-export.ts assembled them before the examples became files. */
export function legacyOwwExampleFiles(modelFile: string, threshold: number): { readonly python: string; readonly browser: string } {
  const python = [
    'from openwakeword.model import Model',
    `model = Model(wakeword_models=["${modelFile}"], inference_framework="onnx")`,
    `# feed 16 kHz int16 audio in 80 ms frames (1280 samples); detect when the score >= ${threshold.toFixed(4)}`,
    'scores = model.predict(frame)',
    '',
  ].join('\n');
  const browser = [
    "import { Model } from 'openwakeword-js';",
    `const model = new Model({ wakewordModels: ['${modelFile}'], melspectrogramModelPath: 'melspectrogram.onnx', embeddingModelPath: 'embedding_model.onnx', inferenceFramework: 'onnx' });`,
    'await model.init();',
    `const scores = await model.predict(int16Frame); // 1280 samples; detect when scores['${modelFile.replace(/\.onnx$/, '')}'] >= ${threshold.toFixed(4)}`,
    '',
  ].join('\n');
  return { python, browser };
}
