/**
 * The few parts of the tfjs WebAssembly backend our kernels use: tensors live on the wasm heap, so a kernel
 * can allocate an output, read and write it as a typed array, and call the backend's own kernels directly
 * (no engine, no tape, no tracking) for the heavy lifting (XNNPACK matmul and convolutions).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const WASM = 'wasm';

export type Info = tf.TensorInfo;
export type Attrs = tf.NamedAttrMap;

/** The kernels the wasm package registered before we replaced some of them (shared across bundled copies). */
const ORIGINALS_KEY = Symbol.for('wakeword.wasm.originalKernels');

export function originalKernels(): Map<string, tf.KernelConfig> {
  const holder = globalThis as { [ORIGINALS_KEY]?: Map<string, tf.KernelConfig> };
  holder[ORIGINALS_KEY] ??= new Map();
  return holder[ORIGINALS_KEY];
}

/** The wasm backend, as kernels receive it. */
export type Backend = BackendWasm;

export function asWasm(backend: unknown): BackendWasm {
  return backend as BackendWasm;
}

/** A new float32 (or given dtype) tensor on the heap; its contents are whatever the allocator left there. */
export function alloc(backend: BackendWasm, shape: readonly number[], dtype: tf.DataType = 'float32'): Info {
  return backend.makeOutput([...shape], dtype);
}

/** A view of the tensor's heap memory; fetch it after the last allocation, which may grow (and detach) the heap. */
export function f32(backend: BackendWasm, info: Info): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function free(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The same memory seen with another shape (same element count); never dispose a view. */
export function view(info: Info, shape: readonly number[]): Info {
  return { dataId: info.dataId, shape: [...shape], dtype: info.dtype };
}

/** Runs the wasm kernel registered under `name` now; `original` bypasses our replacements. */
export function callKernel(name: string, backend: BackendWasm, inputs: Record<string, Info>, attrs: Attrs = {}, original = false): Info {
  const config = (original ? originalKernels().get(name) : undefined) ?? tf.getKernel(name, WASM);
  if (!config) throw new Error(`the wasm backend has no ${name} kernel`);
  const result = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(result)) throw new Error(`${name} returned several tensors where one was expected`);
  return result as Info;
}

/** [rows, cols] -> [cols, rows] with the backend's Transpose kernel. */
export function transpose2d(backend: BackendWasm, info: Info): Info {
  const [rows, cols] = info.shape as [number, number];
  return callKernel('Transpose', backend, { x: view(info, [rows, cols]) }, { perm: [1, 0] });
}

/** a [m, k] x b [k, n] without transposes: the layout XNNPACK's fast path takes. */
export function matMul(backend: BackendWasm, a: Info, b: Info): Info {
  return callKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false }, true);
}
