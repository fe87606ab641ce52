/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (the package has none). Each filter tap is a per-channel dot
 * product over all output positions, which no matmul expresses. With channel multiplier 1 (every model here)
 * a SIMD loop runs over the NHWC memory in place, 16 channels at a time, one batch item per call; the items'
 * sums are added in doubles. Otherwise, or without SIMD, one JavaScript pass over dy accumulates every tap.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ConvAttrs, convInfo, type ConvInfo } from './conv-info';
import { address, chunkTotals, simdKernels } from './simd-kernels';
import { alloc, asWasm, type Attrs, type Backend, f32, type Info, WASM } from './wasm-backend';

interface DepthwiseBackpropFilterAttrs extends ConvAttrs {
  readonly filterShape: [number, number, number, number];
}

export function depthwiseConv2dNativeBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as DepthwiseBackpropFilterAttrs;
  const info = convInfo('DepthwiseConv2dNativeBackpropFilter', x.shape, attrs.filterShape, attrs, true);
  const acc = info.outChannels === info.inChannels ? bySimd(backend, x, dy, info) : null;
  const out = alloc(backend, attrs.filterShape);
  f32(backend, out).set(acc ?? byLoop(f32(backend, x), f32(backend, dy), info));
  return out;
}

function bySimd(backend: Backend, x: Info, dy: Info, info: ConvInfo): Float64Array | null {
  const simd = simdKernels(backend);
  if (!simd) return null;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, top, left } = info;
  const xItem = inHeight * inWidth * inChannels * 4;
  const dyItem = outHeight * outWidth * inChannels * 4;
  const [xAt, dyAt] = [address(backend, x), address(backend, dy)];
  // One batch item per call.
  return chunkTotals(backend, batchSize, 1, filterHeight * filterWidth * inChannels, (n, _count, acc) =>
    simd.depthwiseFilter(xAt + n * xItem, dyAt + n * dyItem, acc, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, top, left),
  );
}

function byLoop(xs: Float32Array, dys: Float32Array, info: ConvInfo): Float64Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, top, left } = info;
  const multiplier = outChannels / inChannels;
  const acc = new Float64Array(filterHeight * filterWidth * outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * strideHeight - top + kh * dilationHeight;
        if (ih < 0 || ih >= inHeight) continue;
        const rowBase = (n * inHeight + ih) * inWidth;
        for (let ow = 0; ow < outWidth; ow++) {
          const yo = ((n * outHeight + oh) * outWidth + ow) * outChannels;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - left + kw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const xo = (rowBase + iw) * inChannels;
            const ao = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const xv = xs[xo + c] as number;
              const base = c * multiplier;
              for (let m = 0; m < multiplier; m++) acc[ao + base + m] = (acc[ao + base + m] as number) + xv * (dys[yo + base + m] as number);
            }
          }
        }
      }
    }
  }
  return acc;
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: WASM,
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
};
