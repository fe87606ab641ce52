/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (the package has none). Each filter tap is a per-channel dot
 * product over all output positions, which no matmul expresses; one pass over dy accumulates every tap in doubles.
 */
import * as tf from '@tensorflow/tfjs';
import { alloc, asWasm, type Attrs, f32, type Info, WASM } from './wasm-backend';

interface DepthwiseBackpropFilterAttrs {
  readonly strides: number | [number, number];
  readonly dilations: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly filterShape: [number, number, number, number];
}

export function depthwiseConv2dNativeBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as DepthwiseBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const multiplier = outChannels / inChannels;
  const { top, left } = info.padInfo;
  const acc = new Float64Array(filterHeight * filterWidth * outChannels);
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
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
            if (multiplier === 1) {
              for (let c = 0; c < inChannels; c++) acc[ao + c] = (acc[ao + c] as number) + (xs[xo + c] as number) * (dys[yo + c] as number);
            } else {
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
  }
  const out = alloc(backend, attrs.filterShape);
  f32(backend, out).set(acc);
  return out;
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: WASM,
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
};
