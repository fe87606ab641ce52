/**
 * TC-ResNet8 (Choi et al. 2019): the mel bins are channels and every convolution is 1-D over time. conv round(16k)
 * 3-tap + BN + ReLU; three residual blocks of round(24k), round(32k), round(48k) channels, each {9-tap stride 2 +
 * BN + ReLU; 9-tap + BN} plus a 1-tap stride-2 shortcut + BN + ReLU, added, then ReLU; global average pool;
 * dropout; dense softmax.
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

export function tcResnet8Channels(widthMultiplier: number): readonly [number, number, number, number] {
  const scale = (base: number): number => Math.max(1, Math.round(base * widthMultiplier));
  return [scale(16), scale(24), scale(32), scale(48)];
}

export function buildTcResnet8(options: ResolvedModelOptions): tf.LayersModel {
  const [first, ...blockChannels] = tcResnet8Channels(options.tc_resnet8.width_multiplier);
  const kit = new LayerKit(options.seed);
  const conv = (name: string, x: Sym, filters: number, kernelSize: number, strides = 1): Sym =>
    tf.layers.conv1d({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: kit.heNormal() }).apply(x) as Sym;
  const input = tf.input({ name: 'features', shape: [options.frames, options.nMels, 1] });
  const sequence = tf.layers.reshape({ name: 'mels_as_channels', targetShape: [options.frames, options.nMels] }).apply(input) as Sym;
  let x = kit.relu('conv0_relu', kit.batchNorm('conv0_bn', conv('conv0', sequence, first, 3)));
  blockChannels.forEach((channels, index) => {
    const b = `block${index + 1}`;
    let y = kit.relu(`${b}_conv1_relu`, kit.batchNorm(`${b}_conv1_bn`, conv(`${b}_conv1`, x, channels, 9, 2)));
    y = kit.batchNorm(`${b}_conv2_bn`, conv(`${b}_conv2`, y, channels, 9));
    const shortcut = kit.relu(`${b}_shortcut_relu`, kit.batchNorm(`${b}_shortcut_bn`, conv(`${b}_shortcut`, x, channels, 1, 2)));
    x = kit.relu(`${b}_relu`, tf.layers.add({ name: `${b}_add` }).apply([y, shortcut]) as Sym);
  });
  x = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as Sym;
  return tf.model({ name: 'tc_resnet8', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
}
