/**
 * Sum and Mean for wasm when the reduced axes lead (batch-norm statistics and their gradients on channels-last
 * tensors reduce every axis but the channels). The package transposes first; one pass over the heap adding rows
 * into accumulators is several times faster (SIMD where available; a ones-row matmul is not: XNNPACK repacks
 * the big operand).
 * Other reductions go to the package.
 */
import type * as tf from '@tensorflow/tfjs';
import { address, columnTotals, simdKernels } from './simd-kernels';
import { alloc, asWasm, type Attrs, type Backend, callKernel, f32, type Info, WASM } from './wasm-backend';

/** How many leading axes `axis` reduces, or 0 when it is not a proper leading prefix. */
export function leadingAxes(axis: number | number[] | undefined, rank: number): number {
  if (axis === undefined) return 0;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  const prefix = axes.every((a, i) => a === i);
  return prefix && axes.length > 0 && axes.length < rank ? axes.length : 0;
}

/** Column sums of x seen as [rows, cols], in doubles. */
export function sumLeading(backend: Backend, x: Info, rows: number, cols: number): Float64Array {
  const simd = simdKernels(backend);
  if (simd) {
    const from = address(backend, x);
    const [sums] = columnTotals(backend, rows, cols, 1, (first, count, partial) => simd.sumRows(from + first * cols * 4, count, cols, partial));
    return sums as Float64Array;
  }
  const acc = new Float64Array(cols);
  const src = f32(backend, x);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) + (src[o + c] as number);
  }
  return acc;
}

function reduceLeading(kernel: 'Sum' | 'Mean', args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x } = args.inputs as { x: Info };
  const { axis, keepDims } = (args.attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
  const lead = x.dtype === 'float32' ? leadingAxes(axis, x.shape.length) : 0;
  if (lead === 0) return callKernel(kernel, backend, args.inputs, args.attrs, true);
  const rows = x.shape.slice(0, lead).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(lead);
  const cols = rest.reduce((a, b) => a * b, 1);
  const out = alloc(backend, keepDims ? [...x.shape.slice(0, lead).map(() => 1), ...rest] : rest);
  const acc = sumLeading(backend, x, rows, cols);
  const dst = f32(backend, out);
  const scale = kernel === 'Mean' ? 1 / rows : 1;
  for (let c = 0; c < cols; c++) dst[c] = (acc[c] as number) * scale;
  return out;
}

export const sumConfig: tf.KernelConfig = {
  kernelName: 'Sum',
  backendName: WASM,
  kernelFunc: ((args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }) => reduceLeading('Sum', args)) as unknown as tf.KernelFunc,
};

export const meanConfig: tf.KernelConfig = {
  kernelName: 'Mean',
  backendName: WASM,
  kernelFunc: ((args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }) => reduceLeading('Mean', args)) as unknown as tf.KernelFunc,
};
