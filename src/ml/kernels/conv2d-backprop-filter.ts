/**
 * Conv2DBackpropFilter for wasm (the package has none): dW = colsᵀ dy, where cols [positions, taps*inChannels]
 * holds each output position's input patch (for a 1x1 stride-1 convolution, x itself). With SIMD the product
 * runs in place over chunks of positions (cols built per chunk, in cache), the chunks' sums added in doubles;
 * XNNPACK would repack the whole of dy as its weights on every call. Without SIMD: one im2col, a transpose and
 * XNNPACK's matmul.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ConvAttrs, convInfo, type ConvInfo } from './conv-info';
import { address, chunkTotals, type SimdKernels, simdKernels } from './simd-kernels';
import { alloc, asWasm, type Attrs, type Backend, f32, free, type Info, matMul, transpose2d, view, WASM } from './wasm-backend';

interface Conv2DBackpropFilterAttrs extends ConvAttrs {
  readonly filterShape: [number, number, number, number];
}

/** Output positions per SIMD call, and rows per cache block inside it. */
const CHUNK = 2048;
const BLOCK_ROWS = 32;

export function conv2DBackpropFilter(args: { inputs: Record<string, Info>; backend: unknown; attrs?: Attrs }): Info {
  const backend = asWasm(args.backend);
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = convInfo('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs, false);
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  const positions = batchSize * outHeight * outWidth;
  const patch = filterHeight * filterWidth * inChannels;
  const pointwise = isPointwise(info);
  const simd = simdKernels(backend);
  if (simd) return bySimd(simd, backend, x, dy, info, attrs.filterShape);

  let cols = x;
  if (!pointwise) {
    cols = alloc(backend, [positions, patch]);
    im2col(f32(backend, x), f32(backend, cols), info, 0, positions);
  }
  const colsT = transpose2d(backend, view(cols, [positions, patch]));
  if (cols !== x) free(backend, cols);
  const product = matMul(backend, colsT, view(dy, [positions, outChannels]));
  free(backend, colsT);
  return view(product, attrs.filterShape);
}

function isPointwise(info: ConvInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, top, left, outHeight, outWidth, inHeight, inWidth } = info;
  return filterHeight === 1 && filterWidth === 1 && strideHeight === 1 && strideWidth === 1 && top === 0 && left === 0 && outHeight === inHeight && outWidth === inWidth;
}

function bySimd(simd: SimdKernels, backend: Backend, x: Info, dy: Info, info: ConvInfo, filterShape: readonly number[]): Info {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  const positions = batchSize * outHeight * outWidth;
  const patch = filterHeight * filterWidth * inChannels;
  const cols = isPointwise(info) ? null : alloc(backend, [Math.min(CHUNK, positions), patch]);
  const [xAt, dyAt] = [address(backend, x), address(backend, dy)];
  const total = chunkTotals(backend, positions, CHUNK, patch * outChannels, (p0, count, partial) => {
    let colsAt = xAt + p0 * patch * 4;
    if (cols) {
      im2col(f32(backend, x), f32(backend, cols), info, p0, count);
      colsAt = address(backend, cols);
    }
    simd.matMulTN(colsAt, dyAt + p0 * outChannels * 4, partial, count, patch, outChannels, BLOCK_ROWS);
  });
  if (cols) free(backend, cols);
  const out = alloc(backend, filterShape);
  f32(backend, out).set(total);
  return out;
}

/** Rows p0 .. p0+count of the patch matrix [positions, taps*inChannels] (zeros where a tap falls in the padding). */
function im2col(src: Float32Array, dst: Float32Array, info: ConvInfo, p0: number, count: number): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, top, left } = info;
  const patch = filterHeight * filterWidth * inChannels;
  const perItem = outHeight * outWidth;
  dst.fill(0, 0, count * patch);
  for (let q = 0; q < count; q++) {
    const p = p0 + q;
    const n = Math.floor(p / perItem);
    const oh = Math.floor((p - n * perItem) / outWidth);
    const ow = p - n * perItem - oh * outWidth;
    for (let kh = 0; kh < filterHeight; kh++) {
      const ih = oh * strideHeight - top + kh;
      if (ih < 0 || ih >= inHeight) continue;
      for (let kw = 0; kw < filterWidth; kw++) {
        const iw = ow * strideWidth - left + kw;
        if (iw < 0 || iw >= inWidth) continue;
        const from = ((n * inHeight + ih) * inWidth + iw) * inChannels;
        const to = q * patch + (kh * filterWidth + kw) * inChannels;
        for (let c = 0; c < inChannels; c++) dst[to + c] = src[from + c] as number;
      }
    }
  }
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: WASM,
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
