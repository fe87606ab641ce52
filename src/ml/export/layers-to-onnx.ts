/**
 * Writes an ONNX model (opset 17) from a trained TF.js layers model, layer by layer, from its real weights.
 * TF.js is channels-last and ONNX's Conv/BatchNormalization/pooling are channels-first, so each tensor carries
 * its layout and a Transpose is inserted only where an op needs the other one. The ONNX model takes the same
 * input as the TF.js one ([batch, frames, n_mels, 1] log-mel features) and gives the same softmax output.
 */
import type * as tf from '@tensorflow/tfjs';
import { OnnxGraphBuilder, type AttributeValue } from './onnx-graph';
import { lstmSpecOf, writeLstm } from './onnx-lstm';
import { ONNX_DATA_TYPE, encodeOnnxModel, type OnnxValueInfo } from './onnx-schema';

export const ONNX_OPSET = 17;
export const ONNX_INPUT_NAME = 'features';
export const ONNX_OUTPUT_NAME = 'probabilities';

export interface OnnxExportOptions {
  /** Store Conv/Gemm/GRU/LSTM weights as per-channel INT8 (DequantizeLinear in the graph). */
  readonly quantize?: boolean;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface OnnxConversion {
  readonly bytes: Uint8Array;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly quantizedTensors: number;
  readonly weightBytes: { readonly float: number; readonly stored: number };
}

/** A tensor of the graph under construction: its ONNX name, its TF.js shape (batch omitted) and its layout. */
interface Value {
  readonly name: string;
  readonly shape: readonly number[];
  /** 'last' = as TF.js holds it; 'first' = channel axis moved to position 1 (ONNX's conv layout). */
  readonly layout: 'last' | 'first';
}

type Config = Record<string, unknown>;

class UnsupportedLayerError extends Error {}

function fail(layer: tf.layers.Layer, why: string): never {
  throw new UnsupportedLayerError(`ONNX export: layer "${layer.name}" (${layer.getClassName()}) ${why}`);
}

function numbers(value: unknown, rank: number): number[] {
  const list = Array.isArray(value) ? (value as number[]) : [value as number];
  return list.length === rank ? list : Array.from({ length: rank }, () => list[0] as number);
}

/** TF's 'same' padding: total = max((ceil(in/s) - 1) * s + k - in, 0), the smaller half before. */
function samePads(input: readonly number[], kernel: readonly number[], strides: readonly number[]): number[] {
  const before: number[] = [];
  const after: number[] = [];
  input.forEach((size, i) => {
    const k = kernel[i] as number;
    const s = strides[i] as number;
    const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
  });
  return [...before, ...after];
}

/** Permutes a row-major tensor of `dims` by `perm` (out dim i = in dim perm[i]). */
function permute(values: Float32Array, dims: readonly number[], perm: readonly number[]): Float32Array {
  const outDims = perm.map((p) => dims[p] as number);
  const inStrides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < out.length; o += 1) {
    let source = 0;
    for (let i = 0; i < perm.length; i += 1) source += (index[i] as number) * (inStrides[perm[i] as number] as number);
    out[o] = values[source] as number;
    for (let i = outDims.length - 1; i >= 0; i -= 1) {
      index[i] = (index[i] as number) + 1;
      if ((index[i] as number) < (outDims[i] as number)) break;
      index[i] = 0;
    }
  }
  return out;
}

function weightsByName(layer: tf.layers.Layer): Map<string, { values: Float32Array; dims: number[] }> {
  const map = new Map<string, { values: Float32Array; dims: number[] }>();
  layer.weights.forEach((variable) => {
    const full = variable.originalName ?? variable.name;
    const key = full.slice(full.lastIndexOf('/') + 1).replace(/_\d+$/, '');
    const tensor = variable.read();
    map.set(key, { values: tensor.dataSync() as Float32Array, dims: [...tensor.shape] });
  });
  return map;
}

class Converter {
  private readonly g: OnnxGraphBuilder;
  private readonly values = new Map<string, Value>();

  constructor(quantize: boolean) {
    this.g = new OnnxGraphBuilder(quantize);
  }

  get graph(): OnnxGraphBuilder {
    return this.g;
  }

  toFirst(v: Value): Value {
    if (v.layout === 'first' || v.shape.length < 2) return v;
    const rank = v.shape.length + 1;
    const perm = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
    return { ...v, name: this.g.op('Transpose', [v.name], { perm }, 'to_channels_first'), layout: 'first' };
  }

  toLast(v: Value): Value {
    if (v.layout === 'last' || v.shape.length < 2) return { ...v, layout: 'last' };
    const rank = v.shape.length + 1;
    const perm = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
    return { ...v, name: this.g.op('Transpose', [v.name], { perm }, 'to_channels_last'), layout: 'last' };
  }

  activation(layer: tf.layers.Layer, v: Value, name: unknown): Value {
    switch (name) {
      case undefined:
      case null:
      case 'linear':
        return v;
      case 'relu':
        return { ...v, name: this.g.op('Relu', [v.name], {}, `${layer.name}_relu`) };
      case 'sigmoid':
        return { ...v, name: this.g.op('Sigmoid', [v.name], {}, `${layer.name}_sigmoid`) };
      case 'tanh':
        return { ...v, name: this.g.op('Tanh', [v.name], {}, `${layer.name}_tanh`) };
      case 'softmax': {
        if (v.layout !== 'last' && v.shape.length > 1) fail(layer, 'applies softmax to a channels-first tensor');
        return { ...v, name: this.g.op('Softmax', [v.name], { axis: -1 }, `${layer.name}_softmax`) };
      }
      default:
        return fail(layer, `uses the activation "${String(name)}", which the exporter does not write`);
    }
  }

  private conv(layer: tf.layers.Layer, input: Value, config: Config, kind: 'conv2d' | 'depthwise' | 'conv1d'): Value {
    const spatial = kind === 'conv1d' ? 1 : 2;
    if (config['dataFormat'] !== undefined && config['dataFormat'] !== 'channelsLast') fail(layer, 'is not channels-last');
    const dilation = numbers(config['dilationRate'] ?? 1, spatial);
    if (dilation.some((d) => d !== 1)) fail(layer, 'uses dilation, which the exporter does not write');
    const kernelSize = numbers(config['kernelSize'], spatial);
    const strides = numbers(config['strides'] ?? 1, spatial);
    const x = this.toFirst(input);
    const inSpatial = input.shape.slice(0, spatial);
    const inChannels = input.shape[spatial] as number;
    const pads = config['padding'] === 'same' ? samePads(inSpatial, kernelSize, strides) : config['padding'] === 'valid' ? new Array<number>(spatial * 2).fill(0) : fail(layer, `uses padding "${String(config['padding'])}"`);
    const w = weightsByName(layer);
    let kernel: Float32Array;
    let dims: number[];
    let group = 1;
    if (kind === 'depthwise') {
      const source = w.get('depthwise_kernel') ?? fail(layer, 'has no depthwise kernel');
      const multiplier = source.dims[3] as number;
      // [kh, kw, in, mult] -> [in * mult, 1, kh, kw]: output channel c * mult + m, as TF.js orders them.
      kernel = permute(source.values, source.dims, [2, 3, 0, 1]);
      dims = [inChannels * multiplier, 1, ...kernelSize];
      group = inChannels;
    } else {
      const source = w.get('kernel') ?? fail(layer, 'has no kernel');
      // [k..., in, out] -> [out, in, k...]
      const perm = spatial === 2 ? [3, 2, 0, 1] : [2, 1, 0];
      kernel = permute(source.values, source.dims, perm);
      dims = perm.map((p) => source.dims[p] as number);
    }
    const inputs = [x.name, this.g.weight(`${layer.name}_weight`, dims, kernel, 0)];
    const bias = w.get('bias');
    if (bias) inputs.push(this.g.floatConstant(`${layer.name}_bias`, bias.dims, bias.values));
    const attributes: Record<string, AttributeValue> = { kernel_shape: kernelSize, strides, pads, dilations: dilation, group };
    const outShape = layer.outputShape as (number | null)[];
    const out: Value = { name: this.g.op('Conv', inputs, attributes, layer.name), shape: outShape.slice(1) as number[], layout: 'first' };
    return this.activation(layer, out, config['activation']);
  }

  private batchNorm(layer: tf.layers.Layer, input: Value, config: Config): Value {
    const axis = config['axis'] as number | number[];
    const lastAxis = Array.isArray(axis) ? axis.length === 1 && (axis[0] === -1 || axis[0] === input.shape.length) : axis === -1 || axis === input.shape.length;
    if (!lastAxis) fail(layer, 'normalises an axis other than the last');
    const w = weightsByName(layer);
    const mean = w.get('moving_mean') ?? fail(layer, 'has no moving mean');
    const variance = w.get('moving_variance') ?? fail(layer, 'has no moving variance');
    const channels = mean.values.length;
    const gamma = w.get('gamma')?.values ?? new Float32Array(channels).fill(1);
    const beta = w.get('beta')?.values ?? new Float32Array(channels);
    const x = this.toFirst(input);
    const inputs = [
      x.name,
      this.g.floatConstant(`${layer.name}_scale`, [channels], gamma),
      this.g.floatConstant(`${layer.name}_bias`, [channels], beta),
      this.g.floatConstant(`${layer.name}_mean`, [channels], mean.values),
      this.g.floatConstant(`${layer.name}_var`, [channels], variance.values),
    ];
    return { ...x, name: this.g.op('BatchNormalization', inputs, { epsilon: { float: config['epsilon'] as number } }, layer.name) };
  }

  private layerNorm(layer: tf.layers.Layer, input: Value, config: Config): Value {
    const axis = config['axis'] as number | number[];
    const axes = Array.isArray(axis) ? axis : [axis];
    if (axes.length !== 1 || !(axes[0] === -1 || axes[0] === input.shape.length)) fail(layer, 'normalises an axis other than the last');
    const x = this.toLast(input);
    const channels = input.shape[input.shape.length - 1] as number;
    const w = weightsByName(layer);
    const gamma = w.get('gamma')?.values ?? new Float32Array(channels).fill(1);
    const beta = w.get('beta')?.values ?? new Float32Array(channels);
    const inputs = [x.name, this.g.floatConstant(`${layer.name}_scale`, [channels], gamma), this.g.floatConstant(`${layer.name}_bias`, [channels], beta)];
    return { ...x, name: this.g.op('LayerNormalization', inputs, { axis: -1, epsilon: { float: config['epsilon'] as number } }, layer.name) };
  }

  private dense(layer: tf.layers.Layer, input: Value, config: Config): Value {
    if (input.shape.length !== 1) fail(layer, `takes a rank-${input.shape.length + 1} input; only [batch, features] is written`);
    const w = weightsByName(layer);
    const kernel = w.get('kernel') ?? fail(layer, 'has no kernel');
    const inputs = [input.name, this.g.weight(`${layer.name}_weight`, kernel.dims, kernel.values, 1)];
    const bias = w.get('bias');
    if (bias) inputs.push(this.g.floatConstant(`${layer.name}_bias`, bias.dims, bias.values));
    const out: Value = { name: this.g.op('Gemm', inputs, {}, layer.name), shape: [kernel.dims[1] as number], layout: 'last' };
    return this.activation(layer, out, config['activation']);
  }

  private gru(layer: tf.layers.Layer, input: Value, config: Config): Value {
    if (config['goBackwards'] === true || config['stateful'] === true || config['returnState'] === true) fail(layer, 'is reversed, stateful or returns its state');
    if (config['resetAfter'] === true) fail(layer, 'uses reset_after');
    const activations: Record<string, string> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' };
    const gate = activations[String(config['recurrentActivation'])] ?? fail(layer, `uses the gate activation "${String(config['recurrentActivation'])}"`);
    const cell = activations[String(config['activation'])] ?? fail(layer, `uses the activation "${String(config['activation'])}"`);
    const units = config['units'] as number;
    const w = weightsByName(layer);
    const kernel = w.get('kernel') ?? fail(layer, 'has no kernel');
    const recurrent = w.get('recurrent_kernel') ?? fail(layer, 'has no recurrent kernel');
    const features = kernel.dims[0] as number;
    // Keras and ONNX both order the gates z, r, h; ONNX wants [gates * units, in] per direction.
    const W = this.g.weight(`${layer.name}_W`, [1, 3 * units, features], permute(kernel.values, kernel.dims, [1, 0]), 1);
    const R = this.g.weight(`${layer.name}_R`, [1, 3 * units, units], permute(recurrent.values, recurrent.dims, [1, 0]), 1);
    const biasValues = new Float32Array(6 * units);
    const bias = w.get('bias');
    if (bias) biasValues.set(bias.values, 0);
    const B = this.g.floatConstant(`${layer.name}_B`, [1, 6 * units], biasValues);
    const x = this.toLast(input);
    const timeMajor = this.g.op('Transpose', [x.name], { perm: [1, 0, 2] }, `${layer.name}_time_major`);
    // Activations named explicitly, so a runtime with other defaults computes the same function.
    const attributes = { hidden_size: units, activations: { strings: [gate, cell] }, linear_before_reset: 0 };
    const [sequence, last] = this.g.node('GRU', [timeMajor, W, R, B], attributes, 2, layer.name) as [string, string];
    const steps = input.shape[0] as number;
    if (config['returnSequences'] === true) {
      const squeezed = this.g.op('Squeeze', [sequence, this.g.int64Constant(`${layer.name}_axis`, [1])], {}, `${layer.name}_squeeze`);
      return { name: this.g.op('Transpose', [squeezed], { perm: [1, 0, 2] }, `${layer.name}_batch_major`), shape: [steps, units], layout: 'last' };
    }
    return { name: this.g.op('Squeeze', [last, this.g.int64Constant(`${layer.name}_axis`, [0])], {}, `${layer.name}_last`), shape: [units], layout: 'last' };
  }

  private lstm(layer: tf.layers.Layer, input: Value): Value {
    const spec = lstmSpecOf(layer);
    if (spec instanceof Error) fail(layer, spec.message);
    if (input.shape.length !== 2) fail(layer, `takes a rank-${input.shape.length + 1} input; only [batch, steps, features] is written`);
    const [steps, features] = input.shape as [number, number];
    const name = writeLstm(this.g, spec, this.toLast(input).name, features);
    const width = spec.directions.length * spec.units;
    return { name, shape: spec.returnSequences ? [steps, width] : [width], layout: 'last' };
  }

  private layer(layer: tf.layers.Layer, inputs: readonly Value[]): Value {
    const config = layer.getConfig() as Config;
    const input = inputs[0] as Value;
    const outShape = (layer.outputShape as (number | null)[]).slice(1) as number[];
    switch (layer.getClassName()) {
      case 'Conv2D':
        return this.conv(layer, input, config, 'conv2d');
      case 'DepthwiseConv2D':
        return this.conv(layer, input, config, 'depthwise');
      case 'Conv1D':
        return this.conv(layer, input, config, 'conv1d');
      case 'BatchNormalization':
        return this.batchNorm(layer, input, config);
      case 'ReLU': {
        if (config['maxValue'] !== undefined && config['maxValue'] !== null) {
          return { ...input, name: this.g.op('Clip', [input.name, this.g.floatConstant(`${layer.name}_min`, [], new Float32Array([0])), this.g.floatConstant(`${layer.name}_max`, [], new Float32Array([config['maxValue'] as number]))], {}, layer.name) };
        }
        return { ...input, name: this.g.op('Relu', [input.name], {}, layer.name) };
      }
      case 'Activation':
        return this.activation(layer, input.layout === 'first' && config['activation'] === 'softmax' ? this.toLast(input) : input, config['activation']);
      case 'Dropout':
        return input;
      case 'Dense':
        return this.dense(layer, input, config);
      case 'GlobalAveragePooling2D':
      case 'GlobalAveragePooling1D': {
        const pooled = this.g.op('GlobalAveragePool', [this.toFirst(input).name], {}, layer.name);
        return { name: this.g.op('Flatten', [pooled], { axis: 1 }, `${layer.name}_flat`), shape: outShape, layout: 'last' };
      }
      case 'AveragePooling2D':
      case 'MaxPooling2D': {
        const poolSize = numbers(config['poolSize'], 2);
        const strides = numbers(config['strides'] ?? poolSize, 2);
        const same = config['padding'] === 'same';
        const pads = same ? samePads(input.shape.slice(0, 2), poolSize, strides) : [0, 0, 0, 0];
        const average = layer.getClassName() === 'AveragePooling2D';
        const attributes: Record<string, AttributeValue> = { kernel_shape: poolSize, strides, pads, ...(average ? { count_include_pad: 0 } : {}) };
        return { name: this.g.op(average ? 'AveragePool' : 'MaxPool', [this.toFirst(input).name], attributes, layer.name), shape: outShape, layout: 'first' };
      }
      case 'Add': {
        const layout = inputs.every((v) => v.layout === input.layout) ? input.layout : 'first';
        const aligned = inputs.map((v) => (layout === 'first' ? this.toFirst(v) : v));
        let sum = (aligned[0] as Value).name;
        for (const next of aligned.slice(1)) sum = this.g.op('Add', [sum, next.name], {}, layer.name);
        return { name: sum, shape: outShape, layout };
      }
      case 'Reshape':
      case 'Flatten': {
        const x = this.toLast(input);
        const target = this.g.int64Constant(`${layer.name}_shape`, [0, ...outShape]);
        return { name: this.g.op('Reshape', [x.name, target], {}, layer.name), shape: outShape, layout: 'last' };
      }
      case 'GRU':
        return this.gru(layer, input, config);
      case 'LSTM':
      case 'Bidirectional':
        return this.lstm(layer, input);
      case 'LayerNormalization':
        return this.layerNorm(layer, input, config);
      default:
        return fail(layer, 'is not supported by the ONNX exporter');
    }
  }

  convert(model: tf.LayersModel): { input: OnnxValueInfo; output: OnnxValueInfo; inputShape: (number | null)[]; outputShape: (number | null)[] } {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('ONNX export: the model must have exactly one input and one output');
    const inputShape = [...(model.inputs[0]?.shape ?? [])];
    const outputShape = [...(model.outputs[0]?.shape ?? [])];
    const inputLayerName = model.inputLayers[0]?.name as string;
    this.g.fresh(ONNX_INPUT_NAME);
    this.values.set(inputLayerName, { name: ONNX_INPUT_NAME, shape: inputShape.slice(1) as number[], layout: 'last' });
    for (const layer of model.layers) {
      if (this.values.has(layer.name)) continue;
      const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
      const inputs = inbound.map((l) => this.values.get(l.name) ?? fail(layer, `reads "${l.name}" before it is computed`));
      if (inputs.length === 0) fail(layer, 'has no inputs');
      this.values.set(layer.name, this.layer(layer, inputs));
    }
    const last = this.values.get(model.outputLayers[0]?.name as string) as Value;
    const final = this.toLast(last);
    this.g.fresh(ONNX_OUTPUT_NAME);
    this.g.nodes.push({ name: this.g.fresh('output_node'), opType: 'Identity', input: [final.name], output: [ONNX_OUTPUT_NAME], attribute: [] });
    const info = (name: string, shape: readonly (number | null)[]): OnnxValueInfo => ({
      name,
      type: { tensorType: { elemType: ONNX_DATA_TYPE.FLOAT, shape: { dim: shape.map((d) => (d === null ? { dimParam: 'batch' } : { dimValue: d })) } } },
    });
    return { input: info(ONNX_INPUT_NAME, inputShape), output: info(ONNX_OUTPUT_NAME, outputShape), inputShape, outputShape };
  }
}

export function isUnsupportedLayerError(error: unknown): boolean {
  return error instanceof UnsupportedLayerError;
}

export function layersModelToOnnx(model: tf.LayersModel, options: OnnxExportOptions): OnnxConversion {
  const converter = new Converter(options.quantize === true);
  const { input, output, inputShape, outputShape } = converter.convert(model);
  const g = converter.graph;
  const bytes = encodeOnnxModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Wakeword Studio',
    producerVersion: options.producerVersion,
    ...(options.docString ? { docString: options.docString } : {}),
    graph: { name: model.name, node: g.nodes, initializer: g.initializers, input: [input], output: [output] },
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return { bytes, inputShape, outputShape, quantizedTensors: g.quantizedTensors, weightBytes: { ...g.weightBytes } };
}
