import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend-loader';
import { batchNormTraining } from '../models/batch-norm';
import { fusedBatchNormAvailable } from './batch-norm-kernels';
import { ADDED_WASM_KERNELS, registerWasmKernels, REPLACED_WASM_KERNELS } from './register-wasm-kernels';
import { leadingAxes } from './reduce-leading-axes';
import { setSimdKernelsEnabled, simdKernels } from './simd-kernels';
import { tileInto } from './tile';
import { asWasm, originalKernels } from './wasm-backend';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

/** Deterministic inputs in [-1, 1] (mulberry32), so a failure reproduces. */
function random(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const result = tf.tidy(compute);
  const values = Float32Array.from(await result.data());
  const shape = result.shape;
  result.dispose();
  return { shape, values };
}

/** Largest error relative to max(1, |reference|): the 1e-4 parity the issue asks for. */
function worstError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    worst = Math.max(worst, Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

async function expectParity(compute: () => tf.Tensor, reference: () => tf.Tensor = compute): Promise<void> {
  const expected = await on('cpu', reference);
  const actual = await on('wasm', compute);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.values.length).toBeGreaterThan(0);
  expect(worstError(actual.values, expected.values)).toBeLessThanOrEqual(1e-4);
}

function conv(xShape: Shape4, filterShape: Shape4, strides: number | [number, number], pad: Pad, depthwise: boolean, dilations: number | [number, number] = 1): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, undefined, depthwise);
}

/** A dilated filter is the undilated one with zeros between taps: the cpu backend's kernels ignore dilations. */
function dilate(filter: Float32Array, shape: Shape4, [dh, dw]: [number, number]): { values: Float32Array; shape: Shape4 } {
  const [kh, kw, c, m] = shape;
  const out: Shape4 = [(kh - 1) * dh + 1, (kw - 1) * dw + 1, c, m];
  const values = new Float32Array(size(out));
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      const from = (h * kw + w) * c * m;
      values.set(filter.subarray(from, from + c * m), (h * dh * out[1] + w * dw) * c * m);
    }
  }
  return { values, shape: out };
}

function undilate(dFilter: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  return tf.stridedSlice(dFilter, [0, 0, 0, 0], dFilter.shape, [dh, dw, 1, 1]);
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown>): tf.Tensor =>
  tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

interface ConvCase {
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: number | [number, number];
  readonly pad: Pad;
}

const CONV_CASES: readonly ConvCase[] = [
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 11, 8, 1], filter: [5, 2, 1, 5], strides: 2, pad: 'same' },
  { x: [1, 8, 7, 2], filter: [3, 2, 2, 3], strides: [2, 1], pad: 'valid' },
  { x: [3, 5, 5, 4], filter: [1, 1, 4, 6], strides: 1, pad: 'valid' },
  { x: [2, 6, 6, 3], filter: [1, 1, 3, 2], strides: 2, pad: 'same' },
  { x: [2, 6, 5, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 9, 9, 2], filter: [4, 3, 2, 2], strides: 3, pad: 'same' },
  // SIMD tiles: 9 filter rows (4 + 4 + 1) by 21 columns (8 + 8 + 4 + 1); DS-CNN's first layer; > 2048 positions.
  { x: [2, 5, 4, 9], filter: [1, 1, 9, 21], strides: 1, pad: 'valid' },
  { x: [2, 21, 8, 1], filter: [10, 4, 1, 16], strides: 2, pad: 'same' },
  { x: [3, 40, 36, 4], filter: [1, 1, 4, 8], strides: 1, pad: 'valid' },
];

interface DepthwiseCase extends ConvCase {
  readonly dilations: [number, number];
}

const DEPTHWISE_CASES: readonly DepthwiseCase[] = [
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same', dilations: [1, 1] },
  { x: [2, 9, 8, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'valid', dilations: [1, 1] },
  { x: [1, 8, 7, 2], filter: [3, 2, 2, 3], strides: [1, 2], pad: 'same', dilations: [1, 1] },
  { x: [2, 6, 6, 3], filter: [2, 2, 3, 2], strides: 1, pad: 'valid', dilations: [1, 1] },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 1], strides: 1, pad: 'same', dilations: [2, 2] },
  { x: [1, 10, 8, 3], filter: [3, 2, 3, 2], strides: 1, pad: 'valid', dilations: [2, 3] },
  { x: [2, 6, 5, 2], filter: [3, 3, 2, 1], strides: 1, pad: [[0, 0], [2, 0], [1, 1], [0, 0]], dilations: [1, 1] },
  // Multiplier 1 with 16-, 4- and 1-channel SIMD steps: DS-CNN's layer, then strides, padding and dilations.
  { x: [2, 6, 5, 64], filter: [3, 3, 64, 1], strides: 1, pad: 'same', dilations: [1, 1] },
  { x: [2, 9, 8, 23], filter: [3, 3, 23, 1], strides: 2, pad: 'valid', dilations: [1, 1] },
  { x: [1, 8, 9, 20], filter: [3, 2, 20, 1], strides: [1, 2], pad: 'same', dilations: [1, 1] },
  { x: [2, 9, 9, 16], filter: [3, 3, 16, 1], strides: 1, pad: 'same', dilations: [2, 2] },
  { x: [2, 6, 5, 7], filter: [3, 3, 7, 1], strides: 1, pad: [[0, 0], [2, 0], [1, 1], [0, 0]], dilations: [1, 1] },
];

const named = <T extends ConvCase>(cases: readonly T[]): [string, T][] => cases.map((c) => [label(c), c]);

const label = (c: ConvCase | DepthwiseCase): string =>
  `x ${c.x.join('x')}, filter ${c.filter.join('x')}, strides ${String(c.strides)}, pad ${JSON.stringify(c.pad)}${'dilations' in c ? `, dilations ${c.dilations.join('x')}` : ''}`;

/** The kernels with a SIMD path also keep a plain-JavaScript one (runtimes without SIMD): both are checked. */
const MODES = ['SIMD', 'plain JavaScript'] as const;

function inMode(mode: (typeof MODES)[number]): void {
  beforeAll(() => setSimdKernelsEnabled(mode === 'SIMD'));
  afterAll(() => setSimdKernelsEnabled(true));
}

beforeAll(async () => {
  const loaded = await loadBackend('wasm');
  expect(loaded.id).toBe('wasm');
});

describe('wasm kernels: registration', () => {
  it('adds the gradient kernels the wasm package lacks, and registering twice changes nothing', () => {
    for (const config of ADDED_WASM_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    const before = new Map(originalKernels());
    registerWasmKernels();
    registerWasmKernels();
    for (const config of [...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS]) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    expect(originalKernels()).toEqual(before);
    // The replaced kernels are kept: their wasm bindings are what the fast paths call.
    for (const config of REPLACED_WASM_KERNELS) expect(originalKernels().get(config.kernelName)?.kernelFunc).not.toBe(config.kernelFunc);
  });

  it('every kernel we register has parity tests below', () => {
    const tested = new Set([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'Tile',
      'BatchMatMul',
      'Sum',
      'Mean',
      'Identity',
      'Cast',
      'WakewordBatchNormTrain',
      'WakewordBatchNormGrad',
    ]);
    expect(new Set([...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS].map((config) => config.kernelName))).toEqual(tested);
  });

  it('assembles the SIMD kernels on this runtime (else every fast path below would silently fall back)', async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(asWasm(tf.backend()))).not.toBeNull();
    expect(fusedBatchNormAvailable()).toBe(true);
    await tf.setBackend('cpu');
    expect(fusedBatchNormAvailable()).toBe(false);
  });

  it('rejects channels-first data with a message naming the kernel', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 2, 4, 4]);
    expect(() => run('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [1, 1, 2, 2] })).toThrow(/Conv2DBackpropFilter.*NHWC/);
    tf.dispose([x, dy]);
  });
});

describe.each(MODES)('wasm kernels: Conv2D gradients match the cpu backend (%s)', (mode) => {
  inMode(mode);

  it.each(named(CONV_CASES))('Conv2DBackpropFilter: %s', async (_, c) => {
    const info = conv(c.x, c.filter, c.strides, c.pad, false);
    const x = random(size(c.x), 1);
    const dy = random(size(info.outShape), 2);
    await expectParity(() => run('Conv2DBackpropFilter', { x: tf.tensor(x, c.x), dy: tf.tensor(dy, info.outShape) }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }));
  });

  it.each(named(CONV_CASES))('Conv2DBackpropInput: %s', async (_, c) => {
    const info = conv(c.x, c.filter, c.strides, c.pad, false);
    const filter = random(size(c.filter), 3);
    const dy = random(size(info.outShape), 4);
    await expectParity(() => run('Conv2DBackpropInput', { dy: tf.tensor(dy, info.outShape), filter: tf.tensor(filter, c.filter) }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x }));
  });

  it.each(named(CONV_CASES))('tf.grad of conv2d for x and filter: %s', async (_, c) => {
    const x = random(size(c.x), 5);
    const filter = random(size(c.filter), 6);
    const loss = (xs: tf.Tensor, fs: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, c.strides, c.pad)));
    const grads = (which: 0 | 1) => () => tf.grads(loss)([tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter)])[which] as tf.Tensor;
    await expectParity(grads(0));
    await expectParity(grads(1));
  });
});

describe.each(MODES)('wasm kernels: depthwise gradients match the cpu backend (%s)', (mode) => {
  inMode(mode);

  it.each(named(DEPTHWISE_CASES))('DepthwiseConv2dNativeBackpropFilter: %s', async (_, c) => {
    const info = conv(c.x, c.filter, c.strides, c.pad, true, c.dilations);
    const x = random(size(c.x), 7);
    const dy = random(size(info.outShape), 8);
    const dilated = dilate(random(size(c.filter), 0), c.filter, c.dilations).shape;
    const attrs = { strides: c.strides, pad: c.pad, dimRoundingMode: undefined };
    await expectParity(
      () => run('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(x, c.x), dy: tf.tensor(dy, info.outShape) }, { ...attrs, dilations: c.dilations, filterShape: c.filter }),
      () => undilate(run('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(x, c.x), dy: tf.tensor(dy, info.outShape) }, { ...attrs, dilations: [1, 1], filterShape: dilated }), c.dilations),
    );
  });

  it.each(named(DEPTHWISE_CASES))('DepthwiseConv2dNativeBackpropInput: %s', async (_, c) => {
    const info = conv(c.x, c.filter, c.strides, c.pad, true, c.dilations);
    const filter = random(size(c.filter), 9);
    const dy = random(size(info.outShape), 10);
    const dilated = dilate(filter, c.filter, c.dilations);
    const attrs = { strides: c.strides, pad: c.pad, inputShape: c.x };
    await expectParity(
      () => run('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dy, info.outShape), filter: tf.tensor(filter, c.filter) }, { ...attrs, dilations: c.dilations }),
      () => run('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dy, info.outShape), filter: tf.tensor(dilated.values, dilated.shape) }, { ...attrs, dilations: [1, 1] }),
    );
  });

  it.each(named(DEPTHWISE_CASES.filter((c) => c.dilations[0] === 1 && c.dilations[1] === 1)))('tf.grad of depthwiseConv2d for x and filter: %s', async (_, c) => {
    const x = random(size(c.x), 11);
    const filter = random(size(c.filter), 12);
    const loss = (xs: tf.Tensor, fs: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.depthwiseConv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, c.strides, c.pad)));
    const grads = (which: 0 | 1) => () => tf.grads(loss)([tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter)])[which] as tf.Tensor;
    await expectParity(grads(0));
    await expectParity(grads(1));
  });

  it('gives every case its own name (a repeated name would hide which case failed)', () => {
    for (const cases of [CONV_CASES, DEPTHWISE_CASES]) expect(new Set(cases.map(label)).size).toBe(cases.length);
  });
});

describe('wasm kernels: Tile and BatchMatMul match the cpu backend', () => {
  it.each([
    { shape: [1, 1, 1, 4], reps: [3, 5, 2, 1] },
    { shape: [2, 3], reps: [2, 3] },
    { shape: [5], reps: [4] },
    { shape: [2, 1, 3], reps: [1, 4, 1] },
    { shape: [3, 2], reps: [1, 1] },
  ])('Tile $shape by $reps', async ({ shape, reps }) => {
    const x = random(size(shape), 13);
    await expectParity(() => tf.tile(tf.tensor(x, shape), reps));
  });

  it('tiles int32 and bool tensors', async () => {
    const ints = await on('wasm', () => tf.cast(tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]), 'float32'));
    expect(Array.from(ints.values)).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
    const bools = await on('wasm', () => tf.cast(tf.tile(tf.tensor1d([true, false], 'bool'), [3]), 'float32'));
    expect(Array.from(bools.values)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('tileInto replicates innermost axes first, in place', () => {
    const dst = new Float32Array(12);
    tileInto([1, 2, 3], [1, 3], [2, 2], dst);
    expect(Array.from(dst)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    const column = new Int32Array(6);
    tileInto([7, 8], [2, 1], [1, 3], column);
    expect(Array.from(column)).toEqual([7, 7, 7, 8, 8, 8]);
  });

  it.each([
    // Layer norm's statistics and weights over a batch of 128; repetitions that are not powers of two.
    { shape: [128, 1], reps: [1, 128] },
    { shape: [1, 128], reps: [128, 1] },
    { shape: [3, 1, 2], reps: [5, 7, 3] },
    { shape: [2, 3, 1, 1], reps: [1, 2, 9, 6] },
    { shape: [4], reps: [1] },
  ])('tileInto puts every element where the index arithmetic says: $shape by $reps', ({ shape, reps }) => {
    const src = Float32Array.from({ length: size(shape) }, (_, i) => i + 1);
    const outShape = shape.map((n, i) => n * (reps[i] as number));
    const dst = new Float32Array(size(outShape));
    tileInto(src, shape, reps, dst);
    // out[i0, i1, ...] = x[i0 % s0, i1 % s1, ...]
    const expected = Float32Array.from({ length: dst.length }, (_, flat) => {
      let rest = flat;
      let index = 0;
      let stride = 1;
      for (let axis = shape.length - 1; axis >= 0; axis--) {
        const position = rest % (outShape[axis] as number);
        rest = Math.floor(rest / (outShape[axis] as number));
        index += (position % (shape[axis] as number)) * stride;
        stride *= shape[axis] as number;
      }
      return src[index] as number;
    });
    expect(Array.from(dst)).toEqual(Array.from(expected));
  });

  it.each([
    { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [4, 6, 5], b: [4, 6, 3], transposeA: true, transposeB: false },
    { a: [2, 3, 4, 6], b: [2, 3, 5, 6], transposeA: false, transposeB: true },
  ])('BatchMatMul $a x $b (transposeA $transposeA, transposeB $transposeB)', async ({ a, b, transposeA, transposeB }) => {
    const av = random(size(a), 14);
    const bv = random(size(b), 15);
    await expectParity(() => tf.matMul(tf.tensor(av, a), tf.tensor(bv, b), transposeA, transposeB));
    const grads = () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, transposeA, transposeB))))([tf.tensor(av, a), tf.tensor(bv, b)]);
    await expectParity(() => grads()[0] as tf.Tensor);
    await expectParity(() => grads()[1] as tf.Tensor);
  });

  it('broadcasts batch dimensions with a transposed operand (forward only: tfjs has no gradient for it)', async () => {
    const a = random(2 * 3 * 4 * 6, 16);
    const b = random(5 * 6, 17);
    await expectParity(() => tf.matMul(tf.tensor(a, [2, 3, 4, 6]), tf.tensor(b, [1, 5, 6]), false, true));
    await expectParity(() => tf.matMul(tf.tensor(a, [2, 3, 6, 4]), tf.tensor(b, [1, 6, 5]), true, false));
  });
});

describe.each(MODES)('wasm kernels: Sum and Mean over leading axes match the cpu backend (%s)', (mode) => {
  inMode(mode);

  it.each([
    { shape: [4, 5, 3, 6], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 3, 6], axis: [2, 0, 1], keepDims: true },
    { shape: [7, 9], axis: 0, keepDims: false },
    { shape: [3, 4, 5], axis: [0, 1], keepDims: false },
    { shape: [3, 4, 5], axis: [1, 2], keepDims: false },
    { shape: [3, 4, 5], axis: -1, keepDims: true },
    { shape: [3, 4], axis: [0, 1], keepDims: false },
    // More rows than one SIMD call sums, and 16 + 4 + 1 columns.
    { shape: [40, 9, 21], axis: [0, 1], keepDims: false },
  ])('Sum and Mean of $shape over $axis (keepDims $keepDims), and their gradients', async ({ shape, axis, keepDims }) => {
    const x = random(size(shape), 18);
    await expectParity(() => tf.sum(tf.tensor(x, shape), axis, keepDims));
    await expectParity(() => tf.mean(tf.tensor(x, shape), axis, keepDims));
    await expectParity(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.mean(tf.square(t), axis, keepDims))))(tf.tensor(x, shape)));
  });

  it('leaves integer sums to the package kernel', async () => {
    const ints = await on('wasm', () => tf.cast(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0), 'float32'));
    expect(Array.from(ints.values)).toEqual([9, 12]);
  });

  it('recognises only proper leading prefixes', () => {
    expect(leadingAxes([0, 1, 2], 4)).toBe(3);
    expect(leadingAxes([-4, 1], 4)).toBe(2);
    expect(leadingAxes([1, 2], 4)).toBe(0);
    expect(leadingAxes([0, 1, 2, 3], 4)).toBe(0);
    expect(leadingAxes(undefined, 4)).toBe(0);
  });
});

describe('wasm kernels: Identity and Cast share memory instead of copying', () => {
  it('clones and same-dtype casts match the cpu backend and outlive their source', async () => {
    const x = random(60, 19);
    await expectParity(() => tf.clone(tf.tensor(x, [3, 4, 5])));
    await expectParity(() => tf.cast(tf.tensor(x, [3, 4, 5]), 'float32'));
    await expectParity(() => tf.cast(tf.cast(tf.tensor(x, [3, 4, 5]), 'int32'), 'float32'));
    await tf.setBackend('wasm');
    const source = tf.tensor(x, [60]);
    const copies = [tf.clone(source), tf.cast(source, 'float32'), tf.engine().runKernel('Identity', { x: source }) as tf.Tensor];
    source.dispose();
    for (const copy of copies) expect(Array.from(copy.dataSync())).toEqual(Array.from(x));
    tf.dispose(copies);
  });

  it('casts to another dtype through the package kernel', async () => {
    const ints = await on('wasm', () => tf.cast(tf.tensor1d([1.7, -2.2, 3]), 'int32'));
    expect(Array.from(ints.values)).toEqual([1, -2, 3]);
    const bools = await on('wasm', () => tf.cast(tf.cast(tf.tensor1d([0, 2, 0]), 'bool'), 'float32'));
    expect(Array.from(bools.values)).toEqual([0, 1, 0]);
  });
});

describe('wasm kernels: fused batch-norm training matches the composite form on cpu', () => {
  it.each([
    { shape: [4, 5, 3, 20] },
    { shape: [2, 6, 5, 64] },
    // More rows than one SIMD call sums; single-float columns only.
    { shape: [300, 3] },
  ])('$shape: output, batch statistics, and the gradients of x, gamma and beta', async ({ shape }) => {
    const channels = shape[shape.length - 1] as number;
    const x = random(size(shape), 20).map((v) => 1.5 * v + 0.3);
    const gamma = random(channels, 21).map((v) => 1 + 0.5 * v);
    const beta = random(channels, 22);
    const weights = random(size(shape), 23);
    const forward = (which: 'value' | 'mean' | 'variance') => () => {
      const stats: { mean?: tf.Tensor; variance?: tf.Tensor } = {};
      const y = batchNormTraining(tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta), 1e-3, stats);
      return which === 'value' ? y : (stats[which] as tf.Tensor);
    };
    await expectParity(forward('value'));
    await expectParity(forward('mean'));
    await expectParity(forward('variance'));
    const loss = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(batchNormTraining(xs, g, b, 1e-3, {}), tf.tensor(weights, shape)));
    const grads = (which: 0 | 1 | 2) => () => tf.grads(loss)([tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta)])[which] as tf.Tensor;
    await expectParity(grads(0));
    await expectParity(grads(1));
    await expectParity(grads(2));
  });
});
