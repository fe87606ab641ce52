/**
 * res8 (Tang & Lin 2018), as in their Honk code: conv C 3x3 + ReLU, average pool [4,3]; six conv C 3x3 + ReLU
 * layers, each followed by batch norm without scale/centre, with an identity shortcut added before every second
 * one's norm; global average pool; dropout; dense softmax. No biases anywhere but the classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

const LAYERS = 6;

export function buildRes8(options: ResolvedModelOptions): tf.LayersModel {
  const { channels } = options.res8;
  const kit = new LayerKit(options.seed);
  const conv = (name: string, x: Sym): Sym =>
    kit.relu(`${name}_relu`, tf.layers.conv2d({ name, filters: channels, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: kit.heNormal() }).apply(x) as Sym);
  const input = tf.input({ name: 'features', shape: [options.frames, options.nMels, 1] });
  let x = tf.layers.averagePooling2d({ name: 'pool0', poolSize: [4, 3], strides: [4, 3], padding: 'valid' }).apply(conv('conv0', input)) as Sym;
  let shortcut = x;
  for (let i = 1; i <= LAYERS; i++) {
    let y = conv(`conv${i}`, x);
    if (i % 2 === 0) {
      y = tf.layers.add({ name: `add${i}` }).apply([y, shortcut]) as Sym;
      shortcut = y;
    }
    x = kit.batchNorm(`bn${i}`, y, false);
  }
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Sym;
  return tf.model({ name: 'res8', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
}
