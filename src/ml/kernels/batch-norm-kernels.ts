/**
 * Batch normalisation over the last axis in training, fused for wasm: models/batch-norm.ts runs these two
 * kernels where the backend has them (the same maths as its composite ops, which it runs elsewhere). The
 * composite form makes ~16 passes over every activation per step (moments, normalise, scale and shift; then
 * the gradient's sums and products); here the forward pass makes three and the gradient two, all SIMD.
 * Column sums are added in doubles.
 */
import * as tf from '@tensorflow/tfjs';
import { sumLeading } from './reduce-leading-axes';
import { address, columnTotals, type SimdKernels, simdKernels } from './simd-kernels';
import { alloc, asWasm, type Attrs, type Backend, f32, free, type Info, WASM } from './wasm-backend';

/** x, scale, offset (attrs: epsilon) -> y, xhat, mean, variance (biased), invStd = 1 / sqrt(variance + epsilon). */
export const BATCH_NORM_TRAIN = 'WakewordBatchNormTrain';
/** dy, xhat, scale, invStd -> dx, dScale = sum(dy * xhat), dOffset = sum(dy). */
export const BATCH_NORM_GRAD = 'WakewordBatchNormGrad';

function vector(backend: Backend, values: ArrayLike<number>): Info {
  const out = alloc(backend, [values.length]);
  f32(backend, out).set(values);
  return out;
}

function required(backend: Backend, kernel: string): SimdKernels {
  const simd = simdKernels(backend);
  if (!simd) throw new Error(`${kernel} needs WebAssembly SIMD and the backend's memory (batch-norm.ts checks for it)`);
  return simd;
}

function layout(x: Info): { rows: number; cols: number } {
  const cols = x.shape[x.shape.length - 1] as number;
  return { rows: x.shape.reduce((a, b) => a * b, 1) / cols, cols };
}

export function batchNormTrain(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info[] {
  const backend = asWasm(args.backend);
  const simd = required(backend, BATCH_NORM_TRAIN);
  const { x, scale, offset } = args.inputs as { x: Info; scale: Info; offset: Info };
  const { epsilon } = args.attrs as { epsilon: number };
  const { rows, cols } = layout(x);
  const xAt = address(backend, x);
  const mean = vector(backend, sumLeading(backend, x, rows, cols).map((sum) => sum / rows));
  const meanAt = address(backend, mean);
  const [squares] = columnTotals(backend, rows, cols, 1, (first, count, partial) => simd.sumSquaredDeviations(xAt + first * cols * 4, count, cols, meanAt, partial));
  const variances = (squares as Float64Array).map((sum) => sum / rows);
  const variance = vector(backend, variances);
  const invStd = vector(backend, variances.map((v) => 1 / Math.sqrt(v + epsilon)));
  const xhat = alloc(backend, x.shape);
  const y = alloc(backend, x.shape);
  const at = (info: Info) => address(backend, info);
  simd.normalize(xAt, at(xhat), at(y), rows, cols, meanAt, at(invStd), at(scale), at(offset));
  return [y, xhat, mean, variance, invStd];
}

export function batchNormGrad(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info[] {
  const backend = asWasm(args.backend);
  const simd = required(backend, BATCH_NORM_GRAD);
  const { dy, xhat, scale, invStd } = args.inputs as { dy: Info; xhat: Info; scale: Info; invStd: Info };
  const { rows, cols } = layout(dy);
  const [dyAt, xhatAt] = [address(backend, dy), address(backend, xhat)];
  const [sumDy, sumDyXhat] = columnTotals(backend, rows, cols, 2, (first, count, partial) =>
    simd.sumProducts(dyAt + first * cols * 4, xhatAt + first * cols * 4, count, cols, partial, partial + cols * 4),
  ) as [Float64Array, Float64Array];
  const [scales, invStds] = [f32(backend, scale).slice(), f32(backend, invStd).slice()];
  const dSum = vector(backend, sumDy);
  const dSumXhat = vector(backend, sumDyXhat);
  const factor = vector(backend, scales.map((s, c) => (s * (invStds[c] as number)) / rows));
  const dx = alloc(backend, dy.shape);
  const at = (info: Info) => address(backend, info);
  simd.normalizeGradient(dyAt, xhatAt, at(dx), rows, cols, at(dSum), at(dSumXhat), at(factor), rows);
  free(backend, factor);
  return [dx, dSumXhat, dSum];
}

export const batchNormTrainConfig: tf.KernelConfig = { kernelName: BATCH_NORM_TRAIN, backendName: WASM, kernelFunc: batchNormTrain as unknown as tf.KernelFunc };
export const batchNormGradConfig: tf.KernelConfig = { kernelName: BATCH_NORM_GRAD, backendName: WASM, kernelFunc: batchNormGrad as unknown as tf.KernelFunc };

/** Whether the current backend runs the fused kernels: wasm, with them registered and SIMD at hand. */
export function fusedBatchNormAvailable(): boolean {
  return tf.getBackend() === WASM && tf.getKernel(BATCH_NORM_TRAIN, WASM) !== undefined && simdKernels(asWasm(tf.backend())) !== null;
}
