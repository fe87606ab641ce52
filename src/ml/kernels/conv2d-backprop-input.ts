/**
 * Conv2DBackpropInput for wasm, replacing the package's scalar loop. Stride 1: dx is a plain convolution of dy
 * with the flipped, in/out-swapped filter, run by XNNPACK. Larger strides: one matmul dy x filterᵀ gives every
 * patch's gradient, which col2im adds back into place.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ConvAttrs, convInfo, type ConvInfo, inputGradientPadding } from './conv-info';
import { alloc, asWasm, type Attrs, type Backend, callKernel, f32, free, type Info, matMul, transpose2d, view, WASM } from './wasm-backend';

interface Conv2DBackpropInputAttrs extends ConvAttrs {
  readonly inputShape: [number, number, number, number];
}

export function conv2DBackpropInput(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const info = convInfo('Conv2DBackpropInput', attrs.inputShape, filter.shape, attrs, false);
  const pad = inputGradientPadding(info);
  if (pad) {
    const flipped = flippedSwapped(backend, filter);
    const dx = callKernel('Conv2D', backend, { x: dy, filter: flipped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    free(backend, flipped);
    return dx;
  }
  return byCol2Im(backend, dy, filter, info);
}

/** filter[kh, kw, in, out] -> out[KH-1-kh, KW-1-kw, out, in]. */
function flippedSwapped(backend: Backend, filter: Info): Info {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const out = alloc(backend, [kh, kw, cout, cin]);
  const dst = f32(backend, out);
  const src = f32(backend, filter);
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      const from = (h * kw + w) * cin * cout;
      const to = ((kh - 1 - h) * kw + (kw - 1 - w)) * cout * cin;
      for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) dst[to + o * cin + i] = src[from + i * cout + o] as number;
    }
  }
  return out;
}

function byCol2Im(backend: Backend, dy: Info, filter: Info, info: ConvInfo): Info {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, top, left } = info;
  const positions = batchSize * outHeight * outWidth;
  const patch = filterHeight * filterWidth * inChannels;
  const filterT = transpose2d(backend, view(filter, [patch, outChannels]));
  const cols = matMul(backend, view(dy, [positions, outChannels]), filterT);
  free(backend, filterT);
  const dx = alloc(backend, [batchSize, inHeight, inWidth, inChannels]);
  const dst = f32(backend, dx);
  const src = f32(backend, cols);
  dst.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * strideHeight - top + kh;
        if (ih < 0 || ih >= inHeight) continue;
        const rowBase = (n * inHeight + ih) * inWidth;
        for (let ow = 0; ow < outWidth; ow++) {
          const p = (n * outHeight + oh) * outWidth + ow;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - left + kw;
            if (iw < 0 || iw >= inWidth) continue;
            const xo = (rowBase + iw) * inChannels;
            const so = p * patch + (kh * filterWidth + kw) * inChannels;
            for (let c = 0; c < inChannels; c++) dst[xo + c] = (dst[xo + c] as number) + (src[so + c] as number);
          }
        }
      }
    }
  }
  free(backend, cols);
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: WASM,
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};
