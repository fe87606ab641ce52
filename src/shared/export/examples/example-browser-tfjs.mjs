// @ts-check
/* global tf */
// Scores an audio file picked in the page with the exported TF.js model.
import { featuresForClip } from './wakeword-features.mjs';

const result = document.getElementById('result');
// Listen before loading: a clip picked while the model loads is scored once it is ready, not dropped.
const ready = (async () => {
  const manifest = await (await fetch('./wakeword.json')).json();
  const model = await tf.loadLayersModel('./' + manifest.model.file);
  async function score(features) {
    const [, frames, nMels] = manifest.model.inputShape;
    const probabilities = /** @type {import('@tensorflow/tfjs').Tensor} */ (model.predict(tf.tensor4d(features, [1, frames, nMels, 1])));
    const values = await probabilities.data();
    probabilities.dispose();
    return values[manifest.model.wakewordIndex];
  }
  return { manifest, score };
})();
ready.then(
  () => { if (result.dataset.state !== 'scored') result.textContent = 'Model loaded. Choose a clip to score.'; },
  (error) => { result.textContent = 'Could not load the model: ' + error.message; },
);

document.getElementById('file').addEventListener('change', async (event) => {
  const file = /** @type {HTMLInputElement} */ (event.target).files[0];
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
