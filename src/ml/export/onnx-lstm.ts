/**
 * A TF.js LSTM, plain or inside Bidirectional (merge mode concat), as one ONNX LSTM node. Shared by the generic
 * exporter and the openWakeWord classifier export (oww_rnn).
 *
 * TF.js keeps one kernel [in, 4H], one recurrent kernel [H, 4H] and one bias [4H] per direction, gates in the
 * order i, f, c, o; ONNX wants W [dirs, 4H, in], R [dirs, 4H, H], B [dirs, 8H] (input and recurrent biases),
 * gates in the order i, o, f, c. Both align the backward direction's outputs with the input's time steps and
 * concatenate forward then backward, so the outputs map one to one.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraphBuilder } from './onnx-graph';

/** For each ONNX gate block (i, o, f, c), the TF.js block (i, f, c, o) it comes from. */
const TF_BLOCK_OF_ONNX = [0, 3, 1, 2] as const;

const ACTIVATIONS: Readonly<Record<string, string>> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' };

export interface LstmDirectionWeights {
  readonly kernel: tf.Tensor;
  readonly recurrentKernel: tf.Tensor;
  /** Absent when the layer has useBias false. */
  readonly bias?: tf.Tensor;
}

export interface LstmSpec {
  readonly name: string;
  readonly units: number;
  /** Keras names: `recurrentActivation` drives the gates, `activation` the cell input and the output. */
  readonly recurrentActivation: string;
  readonly activation: string;
  readonly returnSequences: boolean;
  /** One entry for a plain LSTM, two (forward, backward) for Bidirectional. */
  readonly directions: readonly LstmDirectionWeights[];
}

/** Rows of a TF.js [rows, 4H] kernel, transposed to ONNX's [4H, rows] with the gate blocks reordered. */
function onnxGateMatrix(kernel: tf.Tensor, units: number): Float32Array {
  const [rows, cols] = kernel.shape as [number, number];
  if (cols !== 4 * units) throw new Error(`LSTM kernel has ${cols} columns, expected 4 x ${units}`);
  const values = kernel.dataSync() as Float32Array;
  const out = new Float32Array(rows * cols);
  for (let gate = 0; gate < 4; gate += 1) {
    const from = (TF_BLOCK_OF_ONNX[gate] as number) * units;
    for (let h = 0; h < units; h += 1) {
      const outRow = (gate * units + h) * rows;
      for (let r = 0; r < rows; r += 1) out[outRow + r] = values[r * cols + from + h] as number;
    }
  }
  return out;
}

/**
 * Writes the LSTM reading `input` ([batch, steps, features]) and returns the output's name: [batch, steps,
 * dirs x H] with returnSequences, else [batch, dirs x H] (the final states).
 */
export function writeLstm(g: OnnxGraphBuilder, spec: LstmSpec, input: string, features: number): string {
  const { name, units, directions } = spec;
  const dirs = directions.length;
  if (dirs !== 1 && dirs !== 2) throw new Error(`LSTM "${name}": expected 1 or 2 directions, got ${dirs}`);
  const gate = ACTIVATIONS[spec.recurrentActivation];
  const cell = ACTIVATIONS[spec.activation];
  if (!gate || !cell) throw new Error(`LSTM "${name}": activations "${spec.recurrentActivation}"/"${spec.activation}" have no ONNX equivalent`);
  const W = new Float32Array(dirs * 4 * units * features);
  const R = new Float32Array(dirs * 4 * units * units);
  const B = new Float32Array(dirs * 8 * units);
  directions.forEach((direction, d) => {
    if (direction.kernel.shape[0] !== features) throw new Error(`LSTM "${name}": kernel reads ${direction.kernel.shape[0]} features, the input has ${features}`);
    W.set(onnxGateMatrix(direction.kernel, units), d * 4 * units * features);
    R.set(onnxGateMatrix(direction.recurrentKernel, units), d * 4 * units * units);
    if (direction.bias) {
      const bias = direction.bias.dataSync() as Float32Array;
      // Input bias reordered like the kernels; the recurrent bias stays zero (TF.js has only one).
      for (let k = 0; k < 4; k += 1) B.set(bias.subarray((TF_BLOCK_OF_ONNX[k] as number) * units, ((TF_BLOCK_OF_ONNX[k] as number) + 1) * units), d * 8 * units + k * units);
    }
  });
  const timeMajor = g.op('Transpose', [input], { perm: [1, 0, 2] }, `${name}_time_major`);
  const inputs = [
    timeMajor,
    g.weight(`${name}_W`, [dirs, 4 * units, features], W, 1),
    g.weight(`${name}_R`, [dirs, 4 * units, units], R, 1),
    g.floatConstant(`${name}_B`, [dirs, 8 * units], B),
  ];
  // Activations named explicitly (f, g, h per direction), so a runtime with other defaults computes the same.
  const attributes = {
    hidden_size: units,
    direction: dirs === 2 ? 'bidirectional' : 'forward',
    activations: { strings: Array.from({ length: dirs }, () => [gate, cell, cell]).flat() },
  };
  const [sequence, last] = g.node('LSTM', inputs, attributes, 2, name) as [string, string];
  if (spec.returnSequences) {
    // Y is [steps, dirs, batch, H]: to [batch, steps, dirs, H], then merge the last two.
    const batchMajor = g.op('Transpose', [sequence], { perm: [2, 0, 1, 3] }, `${name}_batch_major`);
    return g.op('Reshape', [batchMajor, g.int64Constant(`${name}_shape`, [0, 0, dirs * units])], {}, `${name}_sequence`);
  }
  // Y_h is [dirs, batch, H]: to [batch, dirs, H], then [batch, dirs x H].
  const perBatch = g.op('Transpose', [last], { perm: [1, 0, 2] }, `${name}_per_batch`);
  return g.op('Reshape', [perBatch, g.int64Constant(`${name}_shape`, [0, dirs * units])], {}, `${name}_last`);
}

type Config = Record<string, unknown>;

/**
 * The LstmSpec of a TF.js LSTM or Bidirectional(LSTM) layer, or an Error saying why it cannot be written
 * (the caller wraps it with its own error type).
 */
export function lstmSpecOf(layer: tf.layers.Layer): LstmSpec | Error {
  const config = layer.getConfig() as Config;
  const className = layer.getClassName();
  let inner: Config;
  if (className === 'Bidirectional') {
    const wrapped = config['layer'] as { className?: string; config?: Config } | undefined;
    if (wrapped?.className !== 'LSTM' || !wrapped.config) return new Error(`wraps ${wrapped?.className ?? 'an unknown layer'}; only LSTM is written`);
    if (config['mergeMode'] !== 'concat') return new Error(`merges directions by "${String(config['mergeMode'])}"; only concat is written`);
    inner = wrapped.config;
  } else if (className === 'LSTM') {
    inner = config;
  } else {
    return new Error('is not an LSTM');
  }
  if (inner['goBackwards'] === true || inner['stateful'] === true || inner['returnState'] === true) return new Error('is reversed, stateful or returns its state');
  for (const [key, what] of [['recurrentActivation', 'gate activation'], ['activation', 'activation']] as const) {
    if (!ACTIVATIONS[String(inner[key])]) return new Error(`uses the ${what} "${String(inner[key])}"; ONNX's LSTM takes sigmoid, tanh or relu`);
  }
  const weights = layer.getWeights();
  const perDirection = inner['useBias'] === false ? 2 : 3;
  const dirs = className === 'Bidirectional' ? 2 : 1;
  if (weights.length !== dirs * perDirection) return new Error(`has ${weights.length} weights, expected ${dirs * perDirection}`);
  const directions = Array.from({ length: dirs }, (_, d): LstmDirectionWeights => {
    const [kernel, recurrentKernel, bias] = weights.slice(d * perDirection, (d + 1) * perDirection) as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    return bias ? { kernel, recurrentKernel, bias } : { kernel, recurrentKernel };
  });
  return {
    name: layer.name,
    units: inner['units'] as number,
    recurrentActivation: String(inner['recurrentActivation']),
    activation: String(inner['activation']),
    returnSequences: inner['returnSequences'] === true,
    directions,
  };
}
