/**
 * The ONNX graph of a trained oww_dnn or oww_rnn model in openWakeWord's classifier format: input [1, 16, 96] float32
 * embeddings, output [1, 1] wake-word score. The softmax pair (other, wake word) becomes one sigmoid of the
 * logit difference, which is the same probability: softmax([a, b])[1] = sigmoid(b - a).
 */
import type * as tf from '@tensorflow/tfjs';
import { OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM } from '../../shared/core/oww/oww-constants';
import { OnnxGraphBuilder } from './onnx-graph';
import { lstmSpecOf, writeLstm } from './onnx-lstm';
import { ONNX_DATA_TYPE, encodeOnnxModel, type OnnxValueInfo } from './onnx-schema';

export const OWW_ONNX_INPUT = 'embeddings';
export const OWW_ONNX_OUTPUT = 'score';
const OPSET = 17;

interface DenseWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
}

function denseWeights(layer: tf.layers.Layer): DenseWeights {
  const [kernel, bias] = layer.getWeights();
  if (!kernel || !bias || kernel.shape.length !== 2) throw new Error(`oww export: layer "${layer.name}" is not a dense layer with a bias`);
  return { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, inputs: kernel.shape[0] as number, units: kernel.shape[1] as number };
}

function info(name: string, dims: readonly number[]): OnnxValueInfo {
  return { name, type: { tensorType: { elemType: ONNX_DATA_TYPE.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

/**
 * ONNX bytes for an oww_* TF.js model: oww_dnn (flatten; dense + layer norm + ReLU blocks) or oww_rnn
 * (bidirectional LSTMs over the 16 embeddings), each ending in the softmax classifier.
 */
export function owwModelToOnnx(model: tf.LayersModel, options: { readonly producerVersion: string; readonly metadata?: Readonly<Record<string, string>> }): Uint8Array {
  const g = new OnnxGraphBuilder(false);
  g.fresh(OWW_ONNX_INPUT);
  // The graph's input is already the [1, 16, 96] sequence the model's own Reshape makes of [16, 96, 1].
  let x = OWW_ONNX_INPUT;
  let sequence = true;
  let features = OWW_EMBEDDING_DIM;
  let classifier: DenseWeights | null = null;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer' || kind === 'Dropout' || (kind === 'Reshape' && sequence)) continue;
    if (classifier) throw new Error(`oww export: layer "${layer.name}" follows the classifier; this is not an oww model`);
    if (kind === 'Flatten') {
      if (sequence) {
        x = g.op('Flatten', [x], { axis: 1 }, layer.name);
        features *= OWW_CONTEXT_EMBEDDINGS;
        sequence = false;
      }
    } else if (kind === 'Bidirectional' || kind === 'LSTM') {
      if (!sequence) throw new Error(`oww export: layer "${layer.name}" reads a sequence, but its input is flat`);
      const spec = lstmSpecOf(layer);
      if (spec instanceof Error) throw new Error(`oww export: layer "${layer.name}" ${spec.message}`);
      x = writeLstm(g, spec, x, features);
      features = spec.directions.length * spec.units;
      sequence = spec.returnSequences;
    } else if (sequence) {
      throw new Error(`oww export: layer "${layer.name}" (${kind}) reads the embedding sequence; only Flatten or an LSTM can`);
    } else if (kind === 'Dense' && layer.name === 'classifier') {
      classifier = denseWeights(layer);
    } else if (kind === 'Dense') {
      const w = denseWeights(layer);
      if (w.inputs !== features) throw new Error(`oww export: layer "${layer.name}" takes ${w.inputs} inputs, expected ${features}`);
      x = g.op('Gemm', [x, g.floatConstant(`${layer.name}_weight`, [w.inputs, w.units], w.kernel), g.floatConstant(`${layer.name}_bias`, [w.units], w.bias)], {}, layer.name);
      features = w.units;
    } else if (kind === 'LayerNormalization') {
      const [gamma, beta] = layer.getWeights();
      const epsilon = (layer.getConfig() as { epsilon?: number }).epsilon ?? 1e-3;
      const scale = g.floatConstant(`${layer.name}_scale`, [features], (gamma?.dataSync() as Float32Array | undefined) ?? new Float32Array(features).fill(1));
      const bias = g.floatConstant(`${layer.name}_bias`, [features], (beta?.dataSync() as Float32Array | undefined) ?? new Float32Array(features));
      x = g.op('LayerNormalization', [x, scale, bias], { axis: -1, epsilon: { float: epsilon } }, layer.name);
    } else if (kind === 'ReLU' || (kind === 'Activation' && (layer.getConfig() as { activation?: string }).activation === 'relu')) {
      x = g.op('Relu', [x], {}, layer.name);
    } else {
      throw new Error(`oww export: layer "${layer.name}" (${kind}) is not part of an oww model`);
    }
  }
  if (!classifier || classifier.units !== 2 || classifier.inputs !== features) throw new Error('oww export: the model has no 2-class "classifier" layer at its end');
  const { kernel, bias, inputs } = classifier;
  const difference = Float32Array.from({ length: inputs }, (_, i) => (kernel[i * 2 + 1] as number) - (kernel[i * 2] as number));
  const logit = g.op('Gemm', [x, g.floatConstant('classifier_weight', [inputs, 1], difference), g.floatConstant('classifier_bias', [1], Float32Array.of((bias[1] as number) - (bias[0] as number)))], {}, 'classifier');
  g.fresh(OWW_ONNX_OUTPUT);
  g.nodes.push({ name: g.fresh('score_node'), opType: 'Sigmoid', input: [logit], output: [OWW_ONNX_OUTPUT], attribute: [] });
  return encodeOnnxModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'Wakeword Studio',
    producerVersion: options.producerVersion,
    docString: 'openWakeWord-compatible wake-word classifier: 16 speech embeddings x 96 in, wake-word score out.',
    graph: {
      name: model.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [info(OWW_ONNX_INPUT, [1, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM])],
      output: [info(OWW_ONNX_OUTPUT, [1, 1])],
    },
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
}
