/**
 * An embedding worker, as plain CommonJS source run with `new Worker(source, { eval: true })` (like the scan's
 * I/O worker: no bundler entry of its own, so it runs the same under electron-vite's bundles, the CLI, tsx and
 * vitest). It only runs the two ONNX models, with the same session options and batch size as the in-process
 * backbone; all window building and transforms stay in backbone.ts, so both paths give the same numbers.
 *
 * Messages in: { id, type: 'mel', input, lengths } (inputs joined, one model call each) or
 * { id, type: 'embed', windows, count, batch }. Out: { id, output, sizes? } or { id, error }.
 */
export const BACKBONE_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
const { windowFrames, melBins } = workerData;
let mel = null;
let embedding = null;
const ready = (async () => {
  mel = await ort.InferenceSession.create(workerData.melBytes, workerData.sessionOptions);
  embedding = await ort.InferenceSession.create(workerData.embeddingBytes, workerData.sessionOptions);
})();
ready.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'failed', message: error && error.message ? error.message : String(error) }),
);

async function runMel(job) {
  const outputs = [];
  const sizes = new Int32Array(job.lengths.length);
  let at = 0;
  let total = 0;
  for (let i = 0; i < job.lengths.length; i += 1) {
    const length = job.lengths[i];
    const input = job.input.slice(at, at + length);
    at += length;
    const result = await mel.run({ [mel.inputNames[0]]: new ort.Tensor('float32', input, [1, length]) });
    const data = result[mel.outputNames[0]].data;
    outputs.push(data);
    sizes[i] = data.length;
    total += data.length;
  }
  const output = new Float32Array(total);
  let offset = 0;
  for (const data of outputs) {
    output.set(data, offset);
    offset += data.length;
  }
  return { output, sizes };
}

async function runEmbed(job) {
  const perWindow = windowFrames * melBins;
  const output = new Float32Array(job.count * job.dim);
  const inputName = embedding.inputNames[0];
  const outputName = embedding.outputNames[0];
  for (let start = 0; start < job.count; start += job.batch) {
    const size = Math.min(job.batch, job.count - start);
    const input = new ort.Tensor('float32', job.windows.slice(start * perWindow, (start + size) * perWindow), [size, windowFrames, melBins, 1]);
    const result = await embedding.run({ [inputName]: input });
    output.set(result[outputName].data, start * job.dim);
  }
  return { output };
}

parentPort.on('message', async (job) => {
  try {
    await ready;
    const result = job.type === 'mel' ? await runMel(job) : await runEmbed(job);
    const transfer = [result.output.buffer];
    if (result.sizes) transfer.push(result.sizes.buffer);
    parentPort.postMessage({ id: job.id, ...result }, transfer);
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: error && error.message ? error.message : String(error) });
  }
});
`;
