/**
 * openWakeWord's DNN head: 16 speech embeddings x 96, flattened; `layers` x {dense `width` + layer norm + ReLU};
 * dropout; dense softmax. Class 1's probability is the score the exported openWakeWord model outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

/** TF.js's default (1e-3) differs from PyTorch's; the exported ONNX LayerNormalization uses the same value. */
export const OWW_LAYER_NORM_EPSILON = 1e-5;

export function buildOwwDnn(options: ResolvedModelOptions): tf.LayersModel {
  const { layers, width } = options.oww;
  const kit = new LayerKit(options.seed);
  // Trained on [16, 96] embeddings (frames = 16, nMels = 96); other sizes only serve the generic builder tests.
  const input = tf.input({ name: 'embeddings', shape: [options.frames, options.nMels, 1] });
  let x = tf.layers.flatten({ name: 'flatten' }).apply(input) as Sym;
  for (let l = 1; l <= layers; l += 1) {
    x = tf.layers.dense({ name: `dense${l}`, units: width, kernelInitializer: kit.glorot() }).apply(x) as Sym;
    x = tf.layers.layerNormalization({ name: `dense${l}_ln`, epsilon: OWW_LAYER_NORM_EPSILON }).apply(x) as Sym;
    x = kit.relu(`dense${l}_relu`, x);
  }
  return tf.model({ name: 'oww_dnn', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
}
