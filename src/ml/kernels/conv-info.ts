/**
 * The geometry every convolution gradient kernel starts from: tfjs's own Conv2DInfo (shapes, strides,
 * dilations, padding) from a kernel's attributes, plus the padding that turns an input gradient into a plain
 * stride-1 convolution of dy.
 */
import * as tf from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

export interface ConvAttrs {
  readonly strides: number | [number, number];
  /** Conv2D gradients have none (always 1). */
  readonly dilations?: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat?: string;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export interface ConvInfo extends tf.backend_util.Conv2DInfo {
  /** Padding before the first row and column. */
  readonly top: number;
  readonly left: number;
}

/** Shapes of a channels-last convolution of x by filter; `kernel` names the caller in errors. */
export function convInfo(kernel: string, xShape: readonly number[], filterShape: readonly number[], attrs: ConvAttrs, depthwise: boolean): ConvInfo {
  const { dataFormat } = attrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only channels-last (NHWC) data, got ${String(dataFormat)}`);
  }
  const info = tf.backend_util.computeConv2DInfo([...xShape] as Shape4, [...filterShape] as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, depthwise, 'channelsLast');
  return { ...info, top: info.padInfo.top, left: info.padInfo.left };
}

/**
 * With stride 1, dx is a convolution of dy (zero-padded as returned) with the flipped filter. Null when the
 * stride is larger, or the forward padding was so large that dx would need negative (cropping) padding.
 */
export function inputGradientPadding(info: ConvInfo): tf.backend_util.ExplicitPadding | null {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, top, left } = info;
  const padTop = effectiveFilterHeight - 1 - top;
  const padLeft = effectiveFilterWidth - 1 - left;
  const padBottom = inHeight - outHeight + top;
  const padRight = inWidth - outWidth + left;
  if (strideHeight !== 1 || strideWidth !== 1 || Math.min(padTop, padLeft, padBottom, padRight) < 0) return null;
  return [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]];
}
