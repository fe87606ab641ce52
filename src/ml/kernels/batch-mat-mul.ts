/**
 * BatchMatMul for wasm: the package takes XNNPACK's fast path only without transposes (a transposed operand is
 * ~10x slower), and every matmul gradient transposes one side. Transposing the operand first is far cheaper.
 */
import type * as tf from '@tensorflow/tfjs';
import { asWasm, type Attrs, type Backend, callKernel, free, type Info, view, WASM } from './wasm-backend';

function transposeLastTwo(backend: Backend, info: Info): Info {
  const rank = info.shape.length;
  const rows = info.shape[rank - 2] as number;
  const cols = info.shape[rank - 1] as number;
  const batch = info.shape.slice(0, -2);
  const batchSize = batch.reduce((a, b) => a * b, 1);
  const swapped = callKernel('Transpose', backend, { x: view(info, [batchSize, rows, cols]) }, { perm: [0, 2, 1] });
  return view(swapped, [...batch, cols, rows]);
}

export function batchMatMul(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { a, b } = args.inputs as { a: Info; b: Info };
  const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return callKernel('BatchMatMul', backend, args.inputs, args.attrs, true);
  }
  const left = transposeA ? transposeLastTwo(backend, a) : a;
  const right = transposeB ? transposeLastTwo(backend, b) : b;
  const out = callKernel('BatchMatMul', backend, { a: left, b: right }, { transposeA: false, transposeB: false }, true);
  if (transposeA) free(backend, left);
  if (transposeB) free(backend, right);
  return out;
}

export const batchMatMulConfig: tf.KernelConfig = { kernelName: 'BatchMatMul', backendName: WASM, kernelFunc: batchMatMul as unknown as tf.KernelFunc };
