/**
 * Analytic layer-by-layer description of each architecture: output shapes, parameter counts and
 * multiply-accumulates, for the estimates and the budget check. The TF.js builders in src/ml/models/
 * should produce the same `model.countParams()` (= trainable + nonTrainable below).
 *
 * Conventions (shared by all four, so counts are comparable):
 * - Input is [frames, n_mels] (frames = floor(samples / hop) + 1), 2 output classes, dense layers have a bias.
 * - A convolution followed by batch norm has NO bias (BN's beta replaces it).
 * - Batch norm with scale+center: 2 trainable (gamma, beta) + 2 non-trainable (moving mean, variance)
 *   per channel; res8 uses BN without scale/center (Tang & Lin's affine=False): 2 non-trainable only.
 * - 'same' padding; a stride-s layer maps n -> ceil(n / s); pooling maps n -> floor(n / p).
 *
 * dscnn (DS-CNN-S, Zhang et al. 2017), C = model.dscnn.channels, B = blocks, F = n_mels:
 *   conv C [10,4] stride 2 + BN + ReLU            trainable 40C + 2C            non-trainable 2C
 *   B x { depthwise 3x3 + BN + ReLU                trainable 9C + 2C             non-trainable 2C
 *         pointwise C + BN + ReLU }                trainable C^2 + 2C            non-trainable 2C
 *   global average pool, dropout, dense 2         trainable 2C + 2
 *   C=64, B=4: 22,530 trainable + 1,152 non-trainable = 23,682.
 * res8 (Tang & Lin 2018), C = model.res8.channels (45):
 *   conv C 3x3 + ReLU, average pool [4,3]         trainable 9C
 *   6 x { conv C 3x3 + ReLU + BN(no affine) }, identity shortcut every 2 convs
 *                                                 trainable 9C^2 each           non-trainable 2C each
 *   global average pool, dense 2                  trainable 2C + 2
 *   C=45: 109,847 trainable + 540 non-trainable = 110,387 (the paper's 110K with 12 classes).
 * tc_resnet8 (Choi et al. 2019), k = width multiplier, mel bins are channels, 1-D convs over time:
 *   c0 = round(16k); blocks c = round(24k), round(32k), round(48k)
 *   conv c0 3-tap + BN + ReLU                      trainable 3*F*c0 + 2c0        non-trainable 2c0
 *   3 x { conv c 9-tap stride 2 + BN + ReLU; conv c 9-tap + BN; shortcut conv c 1-tap stride 2 + BN + ReLU;
 *         add; ReLU }                             trainable 9*in*c + 9c^2 + in*c + 6c   non-trainable 6c
 *   global average pool, dropout, dense 2         trainable 2c + 2
 *   k=1, F=40: 64,690 trainable + 656 non-trainable = 65,346 (the paper's 66K, with 12 classes).
 * crnn, C = conv_channels, H = gru_units, L = gru_layers:
 *   conv C [5,5] stride 2 + BN + ReLU             trainable 25C + 2C            non-trainable 2C
 *   reshape to [ceil(T/2), ceil(F/2) * C]
 *   L x GRU H (TF.js GRU, reset_after=false)       trainable 3 * (in*H + H^2 + H)
 *   last state, dropout, dense 2                  trainable 2H + 2
 *   C=16, H=64, L=1, F=40: 74,482 trainable + 32 non-trainable = 74,514.
 * oww_dnn (openWakeWord's DNN head), W = model.oww.width, L = layers; input 16 embeddings x 96 (see modelInput):
 *   flatten, L x { dense W + layer norm + ReLU }   trainable in*W + W + 2W each
 *   dropout, dense 2                              trainable 2W + 2
 *   W=128, L=2: 214,018 trainable.
 * oww_rnn (openWakeWord's RNN head), H = model.oww.width (units per direction), L = layers; input 16 x 96:
 *   L x bidirectional LSTM H (TF.js LSTM: one bias, gates i f c o), the last one gives both final states
 *                                                 trainable 2 * 4 * (in*H + H^2 + H) each; in = 96, then 2H
 *   dropout, dense 2                              trainable 4H + 2
 *   H=64, L=2 (openWakeWord's size): 181,506 trainable; H=128, L=2: 625,154.
 */
import { OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM } from '../core/oww/oww-constants';
import { type Architecture, isOwwArchitecture, type TrainingConfig } from './schema';

export const NUM_CLASSES = 2;

export interface LayerShape {
  readonly name: string;
  /** Per-example output shape (no batch dimension). */
  readonly output: readonly number[];
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Multiply-accumulates per example, forward. */
  readonly macs: number;
  /** Per-example elements kept for back-propagation (conv + BN + ReLU keep three tensors of the output's size). */
  readonly activations: number;
}

export interface ModelShape {
  readonly architecture: Architecture;
  readonly input: readonly [frames: number, mels: number];
  readonly layers: readonly LayerShape[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** What TF.js `model.countParams()` reports. */
  readonly totalParams: number;
  readonly macs: number;
  readonly activations: number;
}

/** The smallest input each architecture is meaningful on: its first kernel's span in time and frequency. */
export const MIN_INPUT: Readonly<Record<Architecture, { readonly frames: number; readonly mels: number }>> = {
  dscnn: { frames: 10, mels: 4 },
  res8: { frames: 4, mels: 3 },
  tc_resnet8: { frames: 9, mels: 1 },
  crnn: { frames: 5, mels: 5 },
  // Reads openWakeWord embeddings, not the log-mel front end: any clip length works.
  oww_dnn: { frames: 1, mels: 1 },
  oww_rnn: { frames: 1, mels: 1 },
};

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const down = (n: number, stride: number): number => Math.ceil(n / stride);

function bn(channels: number, affine = true): { trainable: number; nonTrainable: number } {
  return { trainable: affine ? 2 * channels : 0, nonTrainable: 2 * channels };
}

function dense(inputs: number, dropoutFirst: boolean): LayerShape {
  return {
    name: dropoutFirst ? 'dropout + dense 2' : 'dense 2',
    output: [NUM_CLASSES],
    trainable: inputs * NUM_CLASSES + NUM_CLASSES,
    nonTrainable: 0,
    macs: inputs * NUM_CLASSES,
    activations: NUM_CLASSES,
  };
}

function dscnn(frames: number, mels: number, channels: number, blocks: number): LayerShape[] {
  const t = down(frames, 2);
  const f = down(mels, 2);
  const out = [t, f, channels];
  const norm = bn(channels);
  const layers: LayerShape[] = [
    {
      name: `conv ${channels} [10,4] stride 2 + BN + ReLU`,
      output: out,
      trainable: 40 * channels + norm.trainable,
      nonTrainable: norm.nonTrainable,
      macs: size(out) * 40,
      activations: 3 * size(out),
    },
  ];
  for (let b = 0; b < blocks; b += 1) {
    layers.push(
      {
        name: `block ${b + 1}: depthwise 3x3 + BN + ReLU`,
        output: out,
        trainable: 9 * channels + norm.trainable,
        nonTrainable: norm.nonTrainable,
        macs: size(out) * 9,
        activations: 3 * size(out),
      },
      {
        name: `block ${b + 1}: pointwise ${channels} + BN + ReLU`,
        output: out,
        trainable: channels * channels + norm.trainable,
        nonTrainable: norm.nonTrainable,
        macs: size(out) * channels,
        activations: 3 * size(out),
      },
    );
  }
  layers.push({ name: 'global average pool', output: [channels], trainable: 0, nonTrainable: 0, macs: size(out), activations: channels });
  layers.push(dense(channels, true));
  return layers;
}

function res8(frames: number, mels: number, channels: number): LayerShape[] {
  const full = [frames, mels, channels];
  const pooled = [Math.floor(frames / 4), Math.floor(mels / 3), channels];
  const layers: LayerShape[] = [
    { name: `conv ${channels} 3x3 + ReLU`, output: full, trainable: 9 * channels, nonTrainable: 0, macs: size(full) * 9, activations: 2 * size(full) },
    { name: 'average pool [4,3]', output: pooled, trainable: 0, nonTrainable: 0, macs: size(full), activations: size(pooled) },
  ];
  const norm = bn(channels, false);
  for (let i = 1; i <= 6; i += 1) {
    layers.push({
      name: `conv ${channels} 3x3 + ReLU + BN${i % 2 === 0 ? ' + shortcut' : ''}`,
      output: pooled,
      trainable: 9 * channels * channels + norm.trainable,
      nonTrainable: norm.nonTrainable,
      macs: size(pooled) * 9 * channels,
      activations: (i % 2 === 0 ? 4 : 3) * size(pooled),
    });
  }
  layers.push({ name: 'global average pool', output: [channels], trainable: 0, nonTrainable: 0, macs: size(pooled), activations: channels });
  layers.push(dense(channels, false));
  return layers;
}

function tcResnet8(frames: number, mels: number, multiplier: number): LayerShape[] {
  const c0 = Math.max(1, Math.round(16 * multiplier));
  let t = frames;
  let inChannels = c0;
  const first = [t, c0];
  const norm0 = bn(c0);
  const layers: LayerShape[] = [
    {
      name: `conv ${c0} 3-tap + BN + ReLU`,
      output: first,
      trainable: 3 * mels * c0 + norm0.trainable,
      nonTrainable: norm0.nonTrainable,
      macs: size(first) * 3 * mels,
      activations: 3 * size(first),
    },
  ];
  for (const base of [24, 32, 48]) {
    const c = Math.max(1, Math.round(base * multiplier));
    t = down(t, 2);
    const out = [t, c];
    const norm = bn(c);
    layers.push({
      name: `residual block ${c} (9-tap stride 2, 9-tap, 1-tap shortcut)`,
      output: out,
      trainable: 9 * inChannels * c + 9 * c * c + inChannels * c + 3 * norm.trainable,
      nonTrainable: 3 * norm.nonTrainable,
      macs: size(out) * (9 * inChannels + 9 * c + inChannels),
      activations: 9 * size(out),
    });
    inChannels = c;
  }
  layers.push({ name: 'global average pool', output: [inChannels], trainable: 0, nonTrainable: 0, macs: t * inChannels, activations: inChannels });
  layers.push(dense(inChannels, true));
  return layers;
}

function crnn(frames: number, mels: number, channels: number, units: number, gruLayers: number): LayerShape[] {
  const t = down(frames, 2);
  const f = down(mels, 2);
  const conv = [t, f, channels];
  const norm = bn(channels);
  const layers: LayerShape[] = [
    {
      name: `conv ${channels} [5,5] stride 2 + BN + ReLU`,
      output: conv,
      trainable: 25 * channels + norm.trainable,
      nonTrainable: norm.nonTrainable,
      macs: size(conv) * 25,
      activations: 3 * size(conv),
    },
  ];
  let inputs = f * channels;
  for (let l = 0; l < gruLayers; l += 1) {
    const last = l === gruLayers - 1;
    layers.push({
      name: `GRU ${units}${last ? ' (last state)' : ' (sequence)'}`,
      output: last ? [units] : [t, units],
      trainable: 3 * (inputs * units + units * units + units),
      nonTrainable: 0,
      macs: t * 3 * (inputs * units + units * units),
      // Gates (3) and the new state are kept per step.
      activations: t * 4 * units,
    });
    inputs = units;
  }
  layers.push(dense(units, true));
  return layers;
}

function owwDnn(frames: number, mels: number, width: number, depth: number): LayerShape[] {
  const layers: LayerShape[] = [];
  let inputs = frames * mels;
  for (let l = 1; l <= depth; l += 1) {
    layers.push({ name: `dense ${width} + layer norm + ReLU`, output: [width], trainable: inputs * width + 3 * width, nonTrainable: 0, macs: inputs * width, activations: 3 * width });
    inputs = width;
  }
  layers.push(dense(width, true));
  return layers;
}

function owwRnn(frames: number, mels: number, units: number, depth: number): LayerShape[] {
  const layers: LayerShape[] = [];
  let inputs = mels;
  for (let l = 1; l <= depth; l += 1) {
    const last = l === depth;
    layers.push({
      name: `bidirectional LSTM ${units}${last ? ' (final states)' : ' (sequence)'}`,
      output: last ? [2 * units] : [frames, 2 * units],
      trainable: 2 * 4 * (inputs * units + units * units + units),
      nonTrainable: 0,
      macs: frames * 2 * 4 * (inputs * units + units * units),
      // Per step and direction: the 4 gates, the cell state, its tanh and the new state are kept.
      activations: frames * 2 * 7 * units,
    });
    inputs = 2 * units;
  }
  layers.push(dense(2 * units, true));
  return layers;
}

/** [frames, mels] the model reads: the front end's log-mel size, or 16 x 96 embeddings for oww_* models. */
export function modelInput(config: Pick<TrainingConfig, 'model'>, frames: number, mels: number): readonly [number, number] {
  return isOwwArchitecture(config.model.architecture) ? [OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM] : [frames, mels];
}

/** The model the config describes, on an input of frames x mels (see modelInput). */
export function describeModel(config: Pick<TrainingConfig, 'model'>, frames: number, mels: number): ModelShape {
  const { model } = config;
  const layers =
    model.architecture === 'oww_dnn'
      ? owwDnn(frames, mels, model.oww.width, model.oww.layers)
      : model.architecture === 'oww_rnn'
      ? owwRnn(frames, mels, model.oww.width, model.oww.layers)
      : model.architecture === 'dscnn'
      ? dscnn(frames, mels, model.dscnn.channels, model.dscnn.blocks)
      : model.architecture === 'res8'
        ? res8(frames, mels, model.res8.channels)
        : model.architecture === 'tc_resnet8'
          ? tcResnet8(frames, mels, model.tc_resnet8.width_multiplier)
          : crnn(frames, mels, model.crnn.conv_channels, model.crnn.gru_units, model.crnn.gru_layers);
  const sum = (pick: (layer: LayerShape) => number): number => layers.reduce((total, layer) => total + pick(layer), 0);
  const trainableParams = sum((l) => l.trainable);
  const nonTrainableParams = sum((l) => l.nonTrainable);
  return {
    architecture: model.architecture,
    input: [frames, mels],
    layers,
    trainableParams,
    nonTrainableParams,
    totalParams: trainableParams + nonTrainableParams,
    macs: sum((l) => l.macs),
    activations: sum((l) => l.activations),
  };
}
