/**
 * Conv2DBackpropFilter for wasm (the package has none): im2col written straight into the transposed layout
 * [taps*inChannels, positions], then one XNNPACK matmul with dy [positions, outChannels].
 */
import * as tf from '@tensorflow/tfjs';
import { alloc, asWasm, assertChannelsLast, type Attrs, f32, free, type Info, matMul, transpose2d, view, WASM } from './wasm-backend';

interface Conv2DBackpropFilterAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly filterShape: [number, number, number, number];
}

export function conv2DBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  assertChannelsLast('Conv2DBackpropFilter', attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const positions = batchSize * outHeight * outWidth;
  const rows = filterHeight * filterWidth * inChannels;
  const { top, left } = info.padInfo;
  const pointwise = filterHeight === 1 && filterWidth === 1 && strideHeight === 1 && strideWidth === 1 && top === 0 && left === 0 && outHeight === inHeight && outWidth === inWidth;

  let colsT: Info;
  if (pointwise) {
    colsT = transpose2d(backend, view(x, [positions, inChannels]));
  } else {
    colsT = alloc(backend, [rows, positions]);
    const dst = f32(backend, colsT);
    const src = f32(backend, x);
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
              let d = (kh * filterWidth + kw) * inChannels * positions + p;
              for (let c = 0; c < inChannels; c++, d += positions) dst[d] = src[xo + c] as number;
            }
          }
        }
      }
    }
  }
  const product = matMul(backend, colsT, view(dy, [positions, outChannels]));
  free(backend, colsT);
  return view(product, attrs.filterShape);
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: WASM,
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
