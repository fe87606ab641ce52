import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../../shared/config/model-shapes';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { Architecture } from '../../shared/config/schema';
import { loadBackend } from '../backend-loader';
import { TrainableBatchNormalization } from './batch-norm';
import { buildModel, buildModelFromConfig, MODEL_ARCHITECTURES } from './build-model';

const trainable = (model: tf.LayersModel): number => model.trainableWeights.reduce((total, w) => total + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

/**
 * Parameter counts worked out by hand from each architecture's layer list (BN = 2 trainable + 2 moving
 * statistics per channel, no conv bias before BN, 2 classes), so a builder that drifts from its definition fails.
 */
const EXPECTED = {
  // conv C [10,4]: 40C; BN: 4C; per block: depthwise 9C + BN 4C + pointwise C^2 + BN 4C; dense: 2C + 2.
  dscnn: (C: number, B: number) => ({ total: 40 * C + 4 * C + B * (9 * C + 4 * C + C * C + 4 * C) + 2 * C + 2, trainable: 40 * C + 2 * C + B * (9 * C + 2 * C + C * C + 2 * C) + 2 * C + 2 }),
  // conv0 3x3 from 1 channel: 9C; six 3x3 convs C->C: 9C^2 each; six BN without affine: 2C non-trainable each; dense 2C + 2.
  res8: (C: number) => ({ total: 9 * C + 6 * 9 * C * C + 6 * 2 * C + 2 * C + 2, trainable: 9 * C + 6 * 9 * C * C + 2 * C + 2 }),
  // conv0 3 taps from F mel channels to c0 + BN; per block in->c: 9*in*c + 9*c*c + in*c (shortcut) + 3 BN; dense.
  tc_resnet8: (F: number, [c0, c1, c2, c3]: number[]) => {
    const block = (i: number, c: number) => 9 * i * c + 9 * c * c + i * c;
    const convs = 3 * F * c0! + block(c0!, c1!) + block(c1!, c2!) + block(c2!, c3!);
    const bnChannels = c0! + 3 * (c1! + c2! + c3!);
    return { total: convs + 4 * bnChannels + 2 * c3! + 2, trainable: convs + 2 * bnChannels + 2 * c3! + 2 };
  },
  // conv C [5,5] + BN; GRU H over ceil(F/2)*C features: 3(in*H + H^2 + H) (reset_after=false); dense 2H + 2.
  crnn: (F: number, C: number, H: number) => {
    const gru = 3 * (Math.ceil(F / 2) * C * H + H * H + H);
    return { total: 25 * C + 4 * C + gru + 2 * H + 2, trainable: 25 * C + 2 * C + gru + 2 * H + 2 };
  },
};

describe('model builders: parameter counts and shapes', () => {
  beforeAll(async () => {
    // wasm builds the GRU's orthogonal initialiser several times faster than cpu.
    await loadBackend('wasm');
  });

  it('DS-CNN-S on 101 x 40 has the hand-counted 23,682 parameters', () => {
    const model = buildModel('dscnn', { frames: 101, nMels: 40 });
    expect(EXPECTED.dscnn(64, 4)).toEqual({ total: 23682, trainable: 22530 });
    expect(model.countParams()).toBe(23682);
    expect(trainable(model)).toBe(22530);
    expect(model.inputs[0]?.shape).toEqual([null, 101, 40, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    expect(model.getLayer('conv0').outputShape).toEqual([null, 51, 20, 64]);
  });

  it.each([
    { architecture: 'dscnn', options: { dscnn: { channels: 32, blocks: 2 } }, expected: EXPECTED.dscnn(32, 2) },
    { architecture: 'res8', options: {}, expected: EXPECTED.res8(45) },
    { architecture: 'res8', options: { res8: { channels: 19 } }, expected: EXPECTED.res8(19) },
    { architecture: 'tc_resnet8', options: {}, expected: EXPECTED.tc_resnet8(40, [16, 24, 32, 48]) },
    { architecture: 'tc_resnet8', options: { tc_resnet8: { width_multiplier: 1.5 } }, expected: EXPECTED.tc_resnet8(40, [24, 36, 48, 72]) },
    { architecture: 'crnn', options: {}, expected: EXPECTED.crnn(40, 16, 64) },
    { architecture: 'crnn', options: { crnn: { conv_channels: 8, gru_units: 32, gru_layers: 2 } }, expected: { total: EXPECTED.crnn(40, 8, 32).total + 3 * (32 * 32 + 32 * 32 + 32), trainable: EXPECTED.crnn(40, 8, 32).trainable + 3 * (32 * 32 + 32 * 32 + 32) } },
  ] as const)('$architecture $options: parameters and output shape', ({ architecture, options, expected }) => {
    const model = buildModel(architecture, { frames: 101, nMels: 40, ...options });
    expect(model.countParams()).toBe(expected.total);
    expect(trainable(model)).toBe(expected.trainable);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
  });

  it("res8 has the paper's 110K parameters and tc_resnet8 65K (the paper reports 66K)", () => {
    expect(Math.round(buildModel('res8', { frames: 101, nMels: 40 }).countParams() / 1000)).toBe(110);
    expect(Math.round(buildModel('tc_resnet8', { frames: 101, nMels: 40 }).countParams() / 1000)).toBe(65);
  });

  it.each(MODEL_ARCHITECTURES)('%s agrees with the analytic estimate in src/shared/config/model-shapes.ts', (architecture) => {
    const model = buildModelFromConfig({ ...DEFAULT_CONFIG.model, architecture }, { frames: 101, nMels: 40 });
    const shape = describeModel({ model: { ...DEFAULT_CONFIG.model, architecture } }, 101, 40);
    expect(model.countParams()).toBe(shape.totalParams);
    expect(trainable(model)).toBe(shape.trainableParams);
  });

  it.each(MODEL_ARCHITECTURES)('%s gives a probability pair per example on a non-default input size', (architecture) => {
    const model = buildModel(architecture, { frames: 49, nMels: 10, seed: 3 });
    const probabilities = tf.tidy(() => model.predict(tf.randomNormal([3, 49, 10, 1], 0, 1, 'float32', 1)) as tf.Tensor);
    expect(probabilities.shape).toEqual([3, 2]);
    const rows = tf.tidy(() => Array.from(tf.sum(probabilities, 1).dataSync()));
    for (const sum of rows) expect(sum).toBeCloseTo(1, 5);
    probabilities.dispose();
  });

  it('a seed rebuilds the same weights; no seed does not', () => {
    const weights = (model: tf.LayersModel) => Array.from(model.getLayer('conv0').getWeights()[0]!.dataSync().slice(0, 8));
    expect(weights(buildModel('dscnn', { frames: 101, nMels: 40, seed: 7 }))).toEqual(weights(buildModel('dscnn', { frames: 101, nMels: 40, seed: 7 })));
    expect(weights(buildModel('dscnn', { frames: 101, nMels: 40, seed: 7 }))).not.toEqual(weights(buildModel('dscnn', { frames: 101, nMels: 40, seed: 8 })));
  });

  it('dropout is configurable and 0 removes the layer', () => {
    const rate = (model: tf.LayersModel) => (model.layers.find((layer) => layer.name === 'dropout')?.getConfig() as { rate?: number } | undefined)?.rate;
    expect(rate(buildModel('dscnn', { frames: 101, nMels: 40, dropout: 0.35 }))).toBe(0.35);
    expect(rate(buildModel('res8', { frames: 101, nMels: 40, dropout: 0 }))).toBeUndefined();
  });

  it('rejects bad options with the field name and the allowed values', () => {
    expect(() => buildModel('resnet50' as Architecture, { frames: 101, nMels: 40 })).toThrow('model.architecture: unknown architecture "resnet50" (choose one of dscnn, res8, tc_resnet8, crnn, oww_dnn, oww_rnn)');
    expect(() => buildModel('dscnn', { frames: 101, nMels: 40, dropout: 1 })).toThrow('model.dropout must be at least 0 and below 1 (got 1)');
    expect(() => buildModel('dscnn', { frames: 101, nMels: 40, dscnn: { channels: 0 } })).toThrow('model.dscnn.channels must be a whole number of at least 1 (got 0)');
    expect(() => buildModel('crnn', { frames: 101.5, nMels: 40 })).toThrow('frames must be a whole number of at least 1 (got 101.5)');
  });
});

describe('fused batch normalisation', () => {
  beforeAll(async () => {
    await loadBackend('cpu');
  });

  it('matches tfjs batch norm in training: output, input and weight gradients, moving statistics', () => {
    const x = tf.randomNormal([4, 5, 3, 6], 0.5, 2, 'float32', 11);
    const stock = tf.layers.batchNormalization({ axis: -1, momentum: 0.9 });
    const fused = new TrainableBatchNormalization({ axis: -1, momentum: 0.9 });
    stock.build(x.shape);
    fused.build(x.shape);
    const gamma = tf.randomUniform([6], 0.5, 1.5, 'float32', 12);
    const beta = tf.randomUniform([6], -1, 1, 'float32', 13);
    for (const layer of [stock, fused]) layer.setWeights([gamma, beta, tf.zeros([6]), tf.ones([6])]);
    const weightsOf = (layer: tf.layers.Layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const run = (layer: tf.layers.Layer) =>
      tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, tf.linspace(-1, 1, 6))), weightsOf(layer));
    const gradOfX = (layer: tf.layers.Layer) => tf.grad((input: tf.Tensor) => tf.sum(tf.square(layer.apply(input, { training: true }) as tf.Tensor)))(x);
    const expected = run(stock);
    const actual = run(fused);
    expect(actual.value.dataSync()[0]).toBeCloseTo(expected.value.dataSync()[0] as number, 4);
    const names = Object.keys(expected.grads);
    expect(names).toHaveLength(2);
    Object.values(actual.grads).forEach((grad, i) => {
      const reference = Object.values(expected.grads)[i] as tf.Tensor;
      expect(tf.max(tf.abs(tf.sub(grad, reference))).dataSync()[0]).toBeLessThan(1e-4);
    });
    const dxStock = gradOfX(stock);
    const dxFused = gradOfX(fused);
    expect(tf.max(tf.abs(tf.sub(dxStock, dxFused))).dataSync()[0]).toBeLessThan(1e-4);
    // Both layers ran two training passes: the moving statistics moved the same way.
    stock.getWeights().slice(2).forEach((stat, i) => {
      const mine = fused.getWeights()[i + 2] as tf.Tensor;
      expect(tf.max(tf.abs(tf.sub(stat, mine))).dataSync()[0]).toBeLessThan(1e-5);
    });
    expect(tf.max(tf.abs(fused.getWeights()[2] as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0.01);
  });

  it('trains without scale and centre (tfjs crashes there) and saves as a plain BatchNormalization', () => {
    const layer = new TrainableBatchNormalization({ axis: -1, center: false, scale: false });
    const x = tf.randomNormal([8, 4], 3, 2, 'float32', 14);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const { mean, variance } = tf.moments(y, 0);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-5);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 2);
    expect(layer.getClassName()).toBe('BatchNormalization');
    expect(tf.layers.batchNormalization({}).getClassName()).toBe('BatchNormalization');
  });
});

describe('one training step on each backend', () => {
  const step = (architecture: Architecture): number => {
    const model = buildModel(architecture, { frames: 24, nMels: 12, seed: 5, dscnn: { channels: 8, blocks: 2 }, res8: { channels: 6 }, tc_resnet8: { width_multiplier: 0.5 }, crnn: { conv_channels: 4, gru_units: 8 } });
    const optimizer = tf.train.adam(0.01);
    const before = model.getWeights().map((w) => w.clone());
    const loss = tf.tidy(() => {
      const xs = tf.randomNormal([4, 24, 12, 1], 0, 1, 'float32', 15);
      const ys = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true) as tf.Scalar;
    });
    const value = loss.dataSync()[0] as number;
    const changed = model.getWeights().filter((w, i) => tf.tidy(() => tf.any(tf.notEqual(w, before[i] as tf.Tensor)).dataSync()[0] === 1)).length;
    expect(changed).toBeGreaterThan(model.trainableWeights.length / 2);
    tf.dispose([loss, ...before]);
    optimizer.dispose();
    model.dispose();
    return value;
  };

  it.each(MODEL_ARCHITECTURES)('%s trains on wasm and cpu with a finite loss', async (architecture) => {
    for (const backend of ['wasm', 'cpu'] as const) {
      const loaded = await loadBackend(backend);
      expect(loaded.id).toBe(backend);
      const loss = step(architecture);
      expect(Number.isFinite(loss)).toBe(true);
      expect(loss).toBeGreaterThan(0);
    }
  });
});

describe('models reloaded from a saved topology (checkpoint resume)', () => {
  it('res8 loaded with tf.loadLayersModel trains, using the fused batch norm', async () => {
    await loadBackend('wasm');
    const original = buildModel('res8', { frames: 16, nMels: 9, seed: 4, res8: { channels: 4 } });
    let saved: tf.io.ModelArtifacts | undefined;
    await original.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.stringify(saved?.modelTopology)).toContain('"class_name":"BatchNormalization"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expect(loaded.getLayer('bn1')).toBeInstanceOf(TrainableBatchNormalization);
    const xs = tf.randomNormal([2, 16, 9, 1], 0, 1, 'float32', 30);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(loaded.predict(xs) as tf.Tensor, original.predict(xs) as tf.Tensor))).dataSync()[0])).toBeLessThan(1e-6);
    const optimizer = tf.train.sgd(0.1);
    const loss = tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2), loaded.apply(xs, { training: true }) as tf.Tensor), true)?.dataSync()[0]);
    expect(Number.isFinite(loss)).toBe(true);
  });
});

describe('oww_dnn (openWakeWord head)', () => {
  it('on 16 x 96 embeddings has the hand-counted parameters and a probability pair output', async () => {
    await loadBackend('wasm');
    // Per layer: dense in*W + W, layer norm 2W; classifier 2W + 2.
    const W = 128;
    const expected = 16 * 96 * W + 3 * W + (W * W + 3 * W) + 2 * W + 2;
    expect(expected).toBe(214018);
    const model = buildModelFromConfig({ ...DEFAULT_CONFIG.model, architecture: 'oww_dnn', oww: { layers: 2, width: W, augment_copies: 0 } }, { frames: 16, nMels: 96 }, 1);
    expect(model.countParams()).toBe(expected);
    expect(describeModel({ model: { ...DEFAULT_CONFIG.model, architecture: 'oww_dnn' } }, 16, 96).totalParams).toBe(expected);
    expect(model.inputs[0]?.shape).toEqual([null, 16, 96, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    const small = buildModel('oww_dnn', { frames: 16, nMels: 96, oww: { layers: 3, width: 16 } });
    expect(small.countParams()).toBe(16 * 96 * 16 + 3 * 16 + 2 * (16 * 16 + 3 * 16) + 2 * 16 + 2);
    expect(() => buildModel('oww_dnn', { frames: 16, nMels: 96, oww: { width: 0 } })).toThrow('model.oww.width must be a whole number of at least 1 (got 0)');
    model.dispose();
    small.dispose();
  });
});

describe('oww_rnn (openWakeWord RNN head)', () => {
  it("has openWakeWord's hand-counted size at 2 x 64, and the two directions start from different weights", async () => {
    await loadBackend('wasm');
    // Per bidirectional LSTM: 2 directions x 4 gates x (in*H + H*H + H); classifier 2*2H + 2.
    const H = 64;
    const expected = 2 * 4 * (96 * H + H * H + H) + 2 * 4 * (2 * H * H + H * H + H) + 4 * H + 2;
    expect(expected).toBe(181506);
    const model = buildModelFromConfig({ ...DEFAULT_CONFIG.model, architecture: 'oww_rnn', oww: { layers: 2, width: H, augment_copies: 0 } }, { frames: 16, nMels: 96 }, 1);
    expect(model.countParams()).toBe(expected);
    expect(describeModel({ model: { ...DEFAULT_CONFIG.model, architecture: 'oww_rnn', oww: { layers: 2, width: H, augment_copies: 0 } } }, 16, 96).totalParams).toBe(expected);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    const [forwardKernel, forwardRecurrent, , backwardKernel, backwardRecurrent] = model.getLayer('bilstm1').getWeights();
    const differs = (a: tf.Tensor | undefined, b: tf.Tensor | undefined): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a as tf.Tensor, b as tf.Tensor))).dataSync()[0] as number);
    expect(differs(forwardKernel, backwardKernel)).toBeGreaterThan(0.01);
    expect(differs(forwardRecurrent, backwardRecurrent)).toBeGreaterThan(0.01);
    model.dispose();
  });
});
