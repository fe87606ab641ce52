/**
 * DepthwiseConv2dNativeBackpropInput for wasm (the package has none). Stride 1: a depthwise convolution of dy
 * with the flipped filter (XNNPACK), summed over the channel multiplier. Larger strides: dy scattered back
 * through the filter in one pass.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ConvAttrs, convInfo, type ConvInfo, inputGradientPadding } from './conv-info';
import { alloc, asWasm, type Attrs, type Backend, callKernel, f32, free, type Info, view, WASM } from './wasm-backend';

interface DepthwiseBackpropInputAttrs extends ConvAttrs {
  readonly inputShape: [number, number, number, number];
}

export function depthwiseConv2dNativeBackpropInput(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const attrs = args.attrs as unknown as DepthwiseBackpropInputAttrs;
  const info = convInfo('DepthwiseConv2dNativeBackpropInput', attrs.inputShape, filter.shape, attrs, true);
  const pad = inputGradientPadding(info);
  if (pad) return byConvolution(backend, dy, filter, info, pad);
  return byScatter(backend, dy, filter, info);
}

function byConvolution(backend: Backend, dy: Info, filter: Info, info: ConvInfo, pad: tf.backend_util.ExplicitPadding): Info {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  // Every dy channel (c, m) gets its own flipped tap set: a depthwise filter [KH, KW, C*M, 1].
  const flipped = alloc(backend, [filterHeight, filterWidth, outChannels, 1]);
  const dst = f32(backend, flipped);
  const src = f32(backend, filter);
  for (let h = 0; h < filterHeight; h++) {
    for (let w = 0; w < filterWidth; w++) {
      const from = (h * filterWidth + w) * outChannels;
      const to = ((filterHeight - 1 - h) * filterWidth + (filterWidth - 1 - w)) * outChannels;
      dst.set(src.subarray(from, from + outChannels), to);
    }
  }
  const perChannel = callKernel('DepthwiseConv2dNative', backend, { x: dy, filter: flipped }, {
    strides: [1, 1],
    pad,
    dilations: [dilationHeight, dilationWidth],
    dataFormat: 'NHWC',
  });
  free(backend, flipped);
  const multiplier = outChannels / inChannels;
  if (multiplier === 1) return perChannel;
  const summed = callKernel('Sum', backend, { x: view(perChannel, [batchSize, inHeight, inWidth, inChannels, multiplier]) }, { axis: [4], keepDims: false });
  free(backend, perChannel);
  return summed;
}

function byScatter(backend: Backend, dy: Info, filter: Info, info: ConvInfo): Info {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, top, left } = info;
  const multiplier = outChannels / inChannels;
  const dx = alloc(backend, [batchSize, inHeight, inWidth, inChannels]);
  const out = f32(backend, dx);
  const dys = f32(backend, dy);
  const ws = f32(backend, filter);
  out.fill(0);
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
            const fo = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              let sum = 0;
              for (let m = 0; m < multiplier; m++) sum += (dys[yo + c * multiplier + m] as number) * (ws[fo + c * multiplier + m] as number);
              out[xo + c] = (out[xo + c] as number) + sum;
            }
          }
        }
      }
    }
  }
  return dx;
}

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: WASM,
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
};
