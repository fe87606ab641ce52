// Writes the openWakeWord reference embeddings the parity test compares against:
//   node scripts/oww-reference.mjs tests/fixtures/oww/speech-16k.wav
// It follows openWakeWord's AudioFeatures._get_embeddings line by line (int16 samples straight from the WAV,
// melspectrogram.onnx, x/10 + 2, 76-frame windows every 8 frames, embedding_model.onnx) and shares no code
// with src/ml/oww, so the test checks the app against an independent reading of the algorithm.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const wavFile = process.argv[2];
if (!wavFile) throw new Error('usage: node scripts/oww-reference.mjs FILE.wav');
const models = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'resources', 'oww');

const bytes = readFileSync(wavFile);
const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
let offset = 12;
let samples = null;
while (offset + 8 <= bytes.length) {
  const id = bytes.toString('ascii', offset, offset + 4);
  const size = view.getUint32(offset + 4, true);
  if (id === 'fmt ') {
    const channels = view.getUint16(offset + 10, true);
    const rate = view.getUint32(offset + 12, true);
    const bits = view.getUint16(offset + 22, true);
    if (channels !== 1 || rate !== 16000 || bits !== 16) throw new Error(`${wavFile}: need 16 kHz mono 16-bit PCM`);
  } else if (id === 'data') {
    samples = new Float32Array(size / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(offset + 8 + i * 2, true);
  }
  offset += 8 + size + (size % 2);
}
if (!samples) throw new Error(`${wavFile}: no data chunk`);

const mel = await ort.InferenceSession.create(path.join(models, 'melspectrogram.onnx'));
const embedding = await ort.InferenceSession.create(path.join(models, 'embedding_model.onnx'));
const melOut = await mel.run({ input: new ort.Tensor('float32', samples, [1, samples.length]) });
const spec = Array.from(melOut.output.data, (x) => x / 10 + 2);
const frames = spec.length / 32;
const windows = [];
for (let i = 0; i < frames; i += 8) if (i + 76 <= frames) windows.push(spec.slice(i * 32, (i + 76) * 32));
const batch = new Float32Array(windows.length * 76 * 32);
windows.forEach((w, k) => batch.set(w, k * 76 * 32));
const embOut = await embedding.run({ input_1: new ort.Tensor('float32', batch, [windows.length, 76, 32, 1]) });
const data = embOut[embedding.outputNames[0]].data;

const base = wavFile.replace(/\.wav$/, '');
writeFileSync(`${base}.embeddings.f32`, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
writeFileSync(`${base}.embeddings.json`, `${JSON.stringify({ source: path.basename(wavFile), samples: samples.length, melFrames: frames, embeddings: windows.length, dim: 96, dtype: 'float32-le' }, null, 2)}\n`);
console.log(`${windows.length} embeddings of 96 from ${frames} mel frames -> ${base}.embeddings.f32`);
