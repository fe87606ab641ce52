/**
 * Tile for wasm, replacing the package's per-element loop (the batch-norm gradient tiles per-channel
 * statistics over whole activations): copy the input once, then replicate axis by axis with block copies.
 */
import type * as tf from '@tensorflow/tfjs';
import { alloc, asWasm, type Attrs, callKernel, type Info, WASM } from './wasm-backend';

/**
 * Tiles `src` (shape `shape`) into `dst` by `reps`. Works in place from the innermost axis outwards: after
 * axis k is done, the leading part of `dst` holds the input tiled along axes k.. in compact form.
 */
export function tileInto(src: ArrayLike<number> & { readonly length: number }, shape: readonly number[], reps: readonly number[], dst: { set(array: ArrayLike<number>, offset?: number): void; copyWithin(target: number, start: number, end?: number): unknown }): void {
  dst.set(src, 0);
  const current = [...shape];
  for (let axis = current.length - 1; axis >= 0; axis--) {
    const rep = reps[axis] ?? 1;
    if (rep === 1) continue;
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= current[i] as number;
    let inner = 1;
    for (let i = axis; i < current.length; i++) inner *= current[i] as number;
    const span = inner * rep;
    // Back to front, so no block is overwritten before it is copied. Each block is placed once, then doubled
    // (1, 2, 4, ... copies): log2(rep) calls instead of rep, which matters for a column tiled across a batch
    // (layer norm's mean and variance: one-value blocks).
    for (let o = outer - 1; o >= 0; o--) {
      const to = o * span;
      dst.copyWithin(to, o * inner, o * inner + inner);
      for (let filled = inner; filled < span; filled *= 2) dst.copyWithin(to + filled, to, to + Math.min(filled, span - filled));
    }
    current[axis] = (current[axis] as number) * rep;
  }
}

export function tile(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x } = args.inputs as { x: Info };
  const reps = (args.attrs as { reps: number[] }).reps;
  if (x.dtype === 'string') return callKernel('Tile', backend, args.inputs, args.attrs, true);
  const outShape = x.shape.map((size, i) => size * (reps[i] ?? 1));
  const out = alloc(backend, outShape, x.dtype);
  tileInto(backend.typedArrayFromHeap(x), x.shape, reps, backend.typedArrayFromHeap(out));
  return out;
}

export const tileConfig: tf.KernelConfig = { kernelName: 'Tile', backendName: WASM, kernelFunc: tile as unknown as tf.KernelFunc };
