/**
 * openWakeWord's RNN head (its train.py: a 2-layer bidirectional LSTM of 64 units over the 16 x 96 embeddings,
 * then a linear layer on the last step): `layers` bidirectional LSTMs of `width` units per direction, the last
 * one giving the concatenated final states of both directions; dropout; dense softmax. Gates use the logistic
 * sigmoid (not tfjs's hard-sigmoid default), which is what ONNX's LSTM computes.
 */
import * as tf from '@tensorflow/tfjs';
import { LayerKit, type Sym } from './layer-kit';
import type { ResolvedModelOptions } from './model-options';

export function buildOwwRnn(options: ResolvedModelOptions): tf.LayersModel {
  const { layers, width: units } = options.oww;
  const kit = new LayerKit(options.seed);
  // Trained on [16, 96] embeddings (frames = 16, nMels = 96); other sizes only serve the generic builder tests.
  const input = tf.input({ name: 'embeddings', shape: [options.frames, options.nMels, 1] });
  let x = tf.layers.reshape({ name: 'to_sequence', targetShape: [options.frames, options.nMels] }).apply(input) as Sym;
  const recurrent: tf.layers.Layer[] = [];
  for (let l = 1; l <= layers; l += 1) {
    const lstm = tf.layers.lstm({
      name: `lstm${l}`,
      units,
      returnSequences: l < layers,
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      kernelInitializer: kit.glorot(),
      recurrentInitializer: kit.orthogonal(),
    });
    const layer = tf.layers.bidirectional({ name: `bilstm${l}`, layer: lstm, mergeMode: 'concat' });
    x = layer.apply(x) as Sym;
    recurrent.push(layer);
  }
  const model = tf.model({ name: 'oww_rnn', inputs: input, outputs: kit.classifier(x, options.dropout, options.numClasses) });
  // Bidirectional copies the wrapped layer's config, seeded initializers included, so both directions would start
  // identical: draw the backward direction's kernels afresh.
  for (const layer of recurrent) {
    const [fk, frk, fb, bk, brk, bb] = layer.getWeights();
    if (!fk || !frk || !fb || !bk || !brk || !bb) throw new Error(`${layer.name}: expected kernel, recurrent kernel and bias per direction`);
    const fresh = [kit.glorot().apply(bk.shape), kit.orthogonal().apply(brk.shape)];
    layer.setWeights([fk, frk, fb, ...fresh, bb]);
    tf.dispose(fresh);
  }
  return model;
}
