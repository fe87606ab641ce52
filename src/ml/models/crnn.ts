/**
 * CRNN: a convolutional front end (conv C [5,5] stride 2 + BN + ReLU) whose frequency bins and channels become
 * features of a time sequence, L stacked GRUs of H units (the last one returns its final state), dropout, dense
 * softmax. TF.js GRUs are reset_after=false; the gates use the logistic sigmoid (not tfjs's hard-sigmoid default).
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

export function buildCrnn(options: ResolvedModelOptions): tf.LayersModel {
  const { conv_channels: channels, gru_units: units, gru_layers: layers } = options.crnn;
  const kit = new LayerKit(options.seed);
  const input = tf.input({ name: 'features', shape: [options.frames, options.nMels, 1] });
  let x = tf.layers
    .conv2d({ name: 'conv0', filters: channels, kernelSize: [5, 5], strides: 2, padding: 'same', useBias: false, kernelInitializer: kit.heNormal() })
    .apply(input) as Sym;
  x = kit.relu('conv0_relu', kit.batchNorm('conv0_bn', x));
  const [steps, bins] = [Math.ceil(options.frames / 2), Math.ceil(options.nMels / 2)];
  x = tf.layers.reshape({ name: 'to_sequence', targetShape: [steps, bins * channels] }).apply(x) as Sym;
  for (let l = 1; l <= layers; l++) {
    x = tf.layers
      .gru({
        name: `gru${l}`,
        units,
        returnSequences: l < layers,
        recurrentActivation: 'sigmoid',
        kernelInitializer: kit.glorot(),
        recurrentInitializer: kit.orthogonal(),
      })
      .apply(x) as Sym;
  }
  return tf.model({ name: 'crnn', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
}
