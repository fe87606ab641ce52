import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../shared/config/schema';
import { loadBackend } from '../backend-loader';
import { buildModel, MODEL_ARCHITECTURES } from '../models/build-model';
import { layersModelToOnnx, ONNX_INPUT_NAME, ONNX_OPSET, ONNX_OUTPUT_NAME } from './layers-to-onnx';
import { quantizePerChannel } from './onnx-graph';
import { decodeOnnxModel } from './onnx-schema';
import { maxAbsDiff } from '../../shared/core/max-abs-diff';

const FRAMES = 21;
const MELS = 10;
const SMALL = { dscnn: { channels: 8, blocks: 2 }, res8: { channels: 6 }, tc_resnet8: { width_multiplier: 0.5 }, crnn: { conv_channels: 4, gru_units: 8, gru_layers: 2 } } as const;

/** Random weights everywhere, including batch-norm statistics (fresh models have mean 0 / variance 1). */
function randomise(model: tf.LayersModel, seed: number): void {
  model.setWeights(
    model.weights.map((w, i) => {
      const name = w.originalName ?? w.name;
      const shape = w.shape as number[];
      if (name.endsWith('moving_variance')) return tf.randomUniform(shape, 0.5, 2, 'float32', seed + i);
      if (name.endsWith('gamma')) return tf.randomUniform(shape, 0.5, 1.5, 'float32', seed + i);
      // A positive shift keeps ReLUs after batch norm alive, so the output depends on the input.
      if (name.endsWith('beta')) return tf.randomNormal(shape, 0.3, 0.3, 'float32', seed + i);
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.randomNormal(shape, 0, name.endsWith('kernel') ? 1.5 / Math.sqrt(fanIn) : 0.3, 'float32', seed + i);
    }),
  );
}

async function runOnnx(bytes: Uint8Array, input: Float32Array, batch: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', input, [batch, FRAMES, MELS, 1]) });
  const output = result[ONNX_OUTPUT_NAME];
  if (!output) throw new Error('no output');
  return output.data as Float32Array;
}

describe('TF.js layers model -> ONNX', () => {
  beforeAll(async () => {
    await loadBackend('cpu');
  });

  it.each(MODEL_ARCHITECTURES)('%s: onnxruntime gives the TF.js probabilities within 1e-5 on random weights', async (architecture: Architecture) => {
    const model = buildModel(architecture, { frames: FRAMES, nMels: MELS, seed: 2, ...SMALL });
    randomise(model, 40);
    const batch = 3;
    const input = tf.randomNormal([batch, FRAMES, MELS, 1], 0, 1, 'float32', 41);
    const expected = tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync() as Float32Array);
    const { bytes, inputShape, outputShape, quantizedTensors } = layersModelToOnnx(model, { producerVersion: 'test' });
    expect(inputShape).toEqual([null, FRAMES, MELS, 1]);
    expect(outputShape).toEqual([null, 2]);
    expect(quantizedTensors).toBe(0);
    const actual = await runOnnx(bytes, input.dataSync() as Float32Array, batch);
    // Non-trivial outputs: the comparison means something only if the classes are not saturated at 0/1.
    expect(expected.some((p) => p > 0.01 && p < 0.99)).toBe(true);
    expect(new Set(Array.from(expected, (p) => p.toFixed(4))).size).toBeGreaterThan(2);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
    model.dispose();
    input.dispose();
  });

  it.each(MODEL_ARCHITECTURES)('%s: INT8 weights shrink the file and stay close to float', async (architecture: Architecture) => {
    const model = buildModel(architecture, { frames: FRAMES, nMels: MELS, seed: 3, ...SMALL });
    randomise(model, 50);
    const input = tf.randomNormal([2, FRAMES, MELS, 1], 0, 1, 'float32', 51);
    const float = layersModelToOnnx(model, { producerVersion: 'test' });
    const int8 = layersModelToOnnx(model, { producerVersion: 'test', quantize: true });
    expect(int8.quantizedTensors).toBeGreaterThan(0);
    expect(int8.weightBytes.stored).toBeLessThan(float.weightBytes.stored / 2);
    expect(int8.bytes.length).toBeLessThan(float.bytes.length);
    const a = await runOnnx(float.bytes, input.dataSync() as Float32Array, 2);
    const b = await runOnnx(int8.bytes, input.dataSync() as Float32Array, 2);
    const diff = maxAbsDiff(a, b);
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.1);
    model.dispose();
    input.dispose();
  });

  it('writes plain LSTMs (sequence and final state) like TF.js computes them', async () => {
    const input = tf.input({ shape: [FRAMES, MELS, 1] });
    let x = tf.layers.reshape({ targetShape: [FRAMES, MELS] }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.lstm({ name: 'seq', units: 6, returnSequences: true, recurrentActivation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.lstm({ name: 'last', units: 5, recurrentActivation: 'sigmoid', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(x) as tf.SymbolicTensor });
    randomise(model, 60);
    const batch = 2;
    const features = tf.randomNormal([batch, FRAMES, MELS, 1], 0, 1, 'float32', 61);
    const expected = tf.tidy(() => (model.predict(features) as tf.Tensor).dataSync() as Float32Array);
    const actual = await runOnnx(layersModelToOnnx(model, { producerVersion: 'test' }).bytes, features.dataSync() as Float32Array, batch);
    expect(expected.some((p) => p > 0.01 && p < 0.99)).toBe(true);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
    model.dispose();
    features.dispose();
  });

  it('writes a standard model: opset, named input/output with a free batch dimension, metadata', () => {
    const model = buildModel('dscnn', { frames: FRAMES, nMels: MELS, seed: 4, ...SMALL });
    const { bytes } = layersModelToOnnx(model, { producerVersion: '9.9.9', metadata: { run: 'abc' } });
    const decoded = decodeOnnxModel(bytes);
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImport).toEqual([{ version: ONNX_OPSET }]);
    expect(decoded.producerVersion).toBe('9.9.9');
    expect(decoded.metadataProps).toEqual([{ key: 'run', value: 'abc' }]);
    expect(decoded.graph.input[0]?.name).toBe(ONNX_INPUT_NAME);
    expect(decoded.graph.input[0]?.type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: FRAMES }, { dimValue: MELS }, { dimValue: 1 }]);
    expect(decoded.graph.output[0]?.name).toBe(ONNX_OUTPUT_NAME);
    const ops = new Set(decoded.graph.node.map((n) => n.opType));
    for (const op of ['Conv', 'BatchNormalization', 'Relu', 'GlobalAveragePool', 'Gemm', 'Softmax']) expect(ops).toContain(op);
    // Dropout is an identity at inference: nothing of it is written.
    expect(decoded.graph.node.some((n) => n.name.includes('dropout'))).toBe(false);
  });

  it('refuses a layer it cannot write, naming it', () => {
    const input = tf.input({ shape: [4, 3, 1] });
    const output = tf.layers.conv2d({ name: 'dilated', filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.flatten().apply(output) as tf.SymbolicTensor });
    expect(() => layersModelToOnnx(model, { producerVersion: 'x' })).toThrow('ONNX export: layer "dilated" (Conv2D) uses dilation');
    const sequence = tf.input({ shape: [5, 3] });
    const rnn = tf.model({ inputs: sequence, outputs: tf.layers.simpleRNN({ name: 'memory', units: 2 }).apply(sequence) as tf.SymbolicTensor });
    expect(() => layersModelToOnnx(rnn, { producerVersion: 'x' })).toThrow('ONNX export: layer "memory" (SimpleRNN) is not supported by the ONNX exporter');
    // TF.js's LSTM default gate activation (hard sigmoid) has no ONNX LSTM equivalent.
    const lstm = tf.model({ inputs: sequence, outputs: tf.layers.lstm({ name: 'hard', units: 2 }).apply(sequence) as tf.SymbolicTensor });
    expect(() => layersModelToOnnx(lstm, { producerVersion: 'x' })).toThrow('ONNX export: layer "hard" (LSTM) uses the gate activation "hardSigmoid"');
  });
});

describe('per-channel INT8 quantisation', () => {
  it('scales each channel by its own largest magnitude and round-trips within half a step', () => {
    const values = new Float32Array([1, -2, 0.5, 0, 0.015, -0.02, 0, 0]);
    const { values: q, scales } = quantizePerChannel(values, [4, 2], 0);
    expect(Array.from(scales).map((s) => s * 127)).toEqual([expect.closeTo(2, 6), expect.closeTo(0.5, 6), expect.closeTo(0.02, 6), 127]);
    expect(Array.from(q)).toEqual([64, -127, 127, 0, 95, -127, 0, 0]);
    values.forEach((v, i) => expect(Math.abs((q[i] as number) * (scales[Math.floor(i / 2)] as number) - v)).toBeLessThanOrEqual((scales[Math.floor(i / 2)] as number) / 2 + 1e-9));
  });

  it('quantises along an inner axis (dense kernels are [in, out])', () => {
    const { scales } = quantizePerChannel(new Float32Array([1, 10, -2, 5]), [2, 2], 1);
    expect(Array.from(scales).map((s) => s * 127)).toEqual([expect.closeTo(2, 5), expect.closeTo(10, 5)]);
  });
});
