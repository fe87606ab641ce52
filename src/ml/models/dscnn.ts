/**
 * DS-CNN-S (Zhang et al. 2017, "Hello Edge"): conv C [10,4] stride 2 + BN + ReLU; B x {depthwise 3x3 + BN + ReLU;
 * pointwise C + BN + ReLU}; global average pool; dropout; dense softmax. Convolutions feeding BN have no bias.
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

export function buildDscnn(options: ResolvedModelOptions): tf.LayersModel {
  const { channels, blocks } = options.dscnn;
  const kit = new LayerKit(options.seed);
  const input = tf.input({ name: 'features', shape: [options.frames, options.nMels, 1] });
  let x = tf.layers
    .conv2d({ name: 'conv0', filters: channels, kernelSize: [10, 4], strides: 2, padding: 'same', useBias: false, kernelInitializer: kit.heNormal() })
    .apply(input) as Sym;
  x = kit.relu('conv0_relu', kit.batchNorm('conv0_bn', x));
  for (let b = 1; b <= blocks; b++) {
    x = tf.layers
      .depthwiseConv2d({ name: `dw${b}`, kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: kit.heNormal() })
      .apply(x) as Sym;
    x = kit.relu(`dw${b}_relu`, kit.batchNorm(`dw${b}_bn`, x));
    x = tf.layers.conv2d({ name: `pw${b}`, filters: channels, kernelSize: 1, useBias: false, kernelInitializer: kit.heNormal() }).apply(x) as Sym;
    x = kit.relu(`pw${b}_relu`, kit.batchNorm(`pw${b}_bn`, x));
  }
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Sym;
  return tf.model({ name: 'dscnn', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
}
