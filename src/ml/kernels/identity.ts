/**
 * Identity, and Cast to the same dtype, for wasm without copying: the package copies the whole tensor (gradient
 * bookkeeping and tf.moments call these on every activation of a training step). The output shares the
 * input's memory, counted once more, as the package's own Reshape does. Casts to bool give 0/1 (the package
 * keeps the number); other casts go to the package.
 */
import type * as tf from '@tensorflow/tfjs';
import { alloc, asWasm, type Attrs, type Backend, callKernel, type Info, WASM } from './wasm-backend';

type Args = { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs };

function shared(backend: Backend, x: Info): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function identity(args: Args): Info {
  const backend = asWasm(args.backend);
  const { x } = args.inputs as { x: Info };
  if (x.dtype === 'string') return callKernel('Identity', backend, args.inputs, args.attrs, true);
  return shared(backend, x);
}

export function cast(args: Args): Info {
  const backend = asWasm(args.backend);
  const { x } = args.inputs as { x: Info };
  const { dtype } = (args.attrs ?? {}) as { dtype?: tf.DataType };
  if (dtype === 'bool' && x.dtype !== 'bool' && x.dtype !== 'string') {
    // The package copies the numbers as they are (2 stays 2); a bool is 1 for any non-zero, as on cpu.
    const out = alloc(backend, x.shape, 'bool');
    const [from, to] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out)];
    for (let i = 0; i < from.length; i++) to[i] = from[i] === 0 ? 0 : 1;
    return out;
  }
  if (x.dtype === 'string' || dtype !== x.dtype) return callKernel('Cast', backend, args.inputs, args.attrs, true);
  return shared(backend, x);
}

export const identityConfig: tf.KernelConfig = { kernelName: 'Identity', backendName: WASM, kernelFunc: identity as unknown as tf.KernelFunc };
export const castConfig: tf.KernelConfig = { kernelName: 'Cast', backendName: WASM, kernelFunc: cast as unknown as tf.KernelFunc };
