/**
 * A small ONNX graph builder: named initializers (little-endian raw data), nodes with typed attributes, and
 * fresh tensor names. Weights can be stored as per-channel symmetric INT8 and expanded by DequantizeLinear at
 * load time, which shrinks the file about 4x while every op still computes in float.
 */
import { ONNX_ATTRIBUTE_TYPE, ONNX_DATA_TYPE, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx-schema';

export type AttributeValue = number | readonly number[] | string | { readonly float: number } | { readonly strings: readonly string[] };

function attribute(name: string, value: AttributeValue): OnnxAttribute {
  if (typeof value === 'string') return { name, type: ONNX_ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: ONNX_ATTRIBUTE_TYPE.INT, i: value };
  if ('float' in value) return { name, type: ONNX_ATTRIBUTE_TYPE.FLOAT, f: value.float };
  if ('strings' in value) return { name, type: ONNX_ATTRIBUTE_TYPE.STRINGS, strings: value.strings.map((text) => new TextEncoder().encode(text)) };
  return { name, type: ONNX_ATTRIBUTE_TYPE.INTS, ints: [...value] };
}

function floatBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return bytes;
}

export interface QuantizedWeights {
  readonly values: Int8Array;
  readonly scales: Float32Array;
}

/** Symmetric per-channel INT8 along `axis`: scale = max|w| / 127 per channel, zero point 0. */
export function quantizePerChannel(values: Float32Array, dims: readonly number[], axis: number): QuantizedWeights {
  const channels = dims[axis] as number;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const maxAbs = new Float32Array(channels);
  const channelOf = (i: number): number => Math.floor(i / inner) % channels;
  values.forEach((v, i) => {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c] as number, Math.abs(v));
  });
  const scales = Float32Array.from(maxAbs, (m) => (m > 0 ? m / 127 : 1));
  const quantized = Int8Array.from(values, (v, i) => Math.max(-127, Math.min(127, Math.round(v / (scales[channelOf(i)] as number)))));
  return { values: quantized, scales };
}

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  /** Bytes of float weights stored, and of the same weights as stored (INT8 or float). */
  weightBytes = { float: 0, stored: 0 };
  quantizedTensors = 0;

  constructor(private readonly quantize: boolean) {}

  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k += 1) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, outputs = 1, base = opType.toLowerCase()): string[] {
    const output = Array.from({ length: outputs }, (_, k) => this.fresh(outputs === 1 ? base : `${base}_out${k}`));
    this.nodes.push({
      name: this.fresh(`${base}_node`),
      opType,
      input: [...inputs],
      output,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  /** Like node(), for ops with one output. */
  op(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, base?: string): string {
    return this.node(opType, inputs, attributes, 1, base)[0] as string;
  }

  floatConstant(base: string, dims: readonly number[], values: Float32Array): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [...dims], dataType: ONNX_DATA_TYPE.FLOAT, rawData: floatBytes(values) });
    return name;
  }

  int64Constant(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], dataType: ONNX_DATA_TYPE.INT64, rawData: int64Bytes(values) });
    return name;
  }

  /**
   * A weight tensor the graph reads as float: stored as float, or (when quantising) as INT8 with per-channel
   * scales along `channelAxis` and a DequantizeLinear node in front.
   */
  weight(base: string, dims: readonly number[], values: Float32Array, channelAxis: number): string {
    this.weightBytes.float += values.length * 4;
    if (!this.quantize) {
      this.weightBytes.stored += values.length * 4;
      return this.floatConstant(base, dims, values);
    }
    const { values: q, scales } = quantizePerChannel(values, dims, channelAxis);
    const quantized = this.fresh(`${base}_int8`);
    this.initializers.push({ name: quantized, dims: [...dims], dataType: ONNX_DATA_TYPE.INT8, rawData: new Uint8Array(q.buffer, q.byteOffset, q.byteLength) });
    const scale = this.floatConstant(`${base}_scale`, [scales.length], scales);
    const zero = this.fresh(`${base}_zero_point`);
    this.initializers.push({ name: zero, dims: [scales.length], dataType: ONNX_DATA_TYPE.INT8, rawData: new Uint8Array(scales.length) });
    this.weightBytes.stored += q.length + scales.length * 5;
    this.quantizedTensors += 1;
    return this.op('DequantizeLinear', [quantized, scale, zero], { axis: channelAxis }, base);
  }
}
