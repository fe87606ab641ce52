/**
 * SIMD loops for what the wasm package's XNNPACK kernels lack (depthwise filter gradients, fused batch norm,
 * column sums) or do slowly (aᵀb with a long shared axis, which XNNPACK repacks as weights on every call),
 * assembled at run time (wasm-asm.ts) into a module that imports the backend's own memory: they read and
 * write tensors in place, 4 float lanes at a time. Where the memory cannot be reached (another build of the
 * package) or SIMD is missing, `simdKernels` returns null and callers take their plain-JavaScript path.
 */
import { assembleModule, type Expr, f32, FunctionBuilder, i32, v128 } from './wasm-asm';
import { alloc, type Backend as BackendWasm, f32 as heapF32, free, type Info } from './wasm-backend';

export interface SimdKernels {
  /**
   * Depthwise filter gradient (channel multiplier 1) of one batch item, added into acc [taps, C]: for each tap
   * and channel, the sum over output positions of x at the tapped input position times dy. Byte addresses.
   */
  depthwiseFilter(x: number, dy: number, acc: number, inH: number, inW: number, channels: number, outH: number, outW: number, filterH: number, filterW: number, strideH: number, strideW: number, dilationH: number, dilationW: number, padTop: number, padLeft: number): void;
  /** dst[c] += sum over r of src[r * cols + c]. Byte addresses. */
  sumRows(src: number, rows: number, cols: number, dst: number): void;
  /**
   * out[m, n] += sum over p < rows of a[p, m] * b[p, n] (aᵀb of two row-major matrices with `rows` rows, a
   * filter gradient's shape) in blocks of `block` rows, so both operands' blocks stay in cache. Byte addresses.
   */
  matMulTN(a: number, b: number, out: number, rows: number, m: number, n: number, block: number): void;
  /** dst[c] += sum over r of (src[r, c] - mean[c])². */
  sumSquaredDeviations(src: number, rows: number, cols: number, mean: number, dst: number): void;
  /** xhat = (x - mean[c]) * invStd[c] and y = xhat * scale[c] + shift[c], over [rows, cols]. */
  normalize(x: number, xhat: number, y: number, rows: number, cols: number, mean: number, invStd: number, scale: number, shift: number): void;
  /** sumDy[c] += sum over r of dy[r, c], and sumDyXhat[c] += sum over r of dy[r, c] * xhat[r, c]. */
  sumProducts(dy: number, xhat: number, rows: number, cols: number, sumDy: number, sumDyXhat: number): void;
  /** dx = (dy * count - sumDy[c] - xhat * sumDyXhat[c]) * factor[c], over [rows, cols]. */
  normalizeGradient(dy: number, xhat: number, dx: number, rows: number, cols: number, sumDy: number, sumDyXhat: number, factor: number, count: number): void;
}

/** v128 vectors per step of the widest loops (four independent accumulations), and the floats they hold. */
const LANES = 4;
const BLOCK = 4 * LANES;

function depthwiseFilter(): FunctionBuilder {
  const f = new FunctionBuilder('depthwiseFilter', [
    ['x', 'i32'], ['dy', 'i32'], ['acc', 'i32'], ['inH', 'i32'], ['inW', 'i32'], ['C', 'i32'], ['outH', 'i32'], ['outW', 'i32'],
    ['KH', 'i32'], ['KW', 'i32'], ['sH', 'i32'], ['sW', 'i32'], ['dH', 'i32'], ['dW', 'i32'], ['top', 'i32'], ['left', 'i32'],
  ]);
  f.locals('i32', 'oh', 'kh', 'kw', 'ih', 'off', 'owStart', 'owEnd', 'count', 'xRow', 'dyRow', 'accRow', 'cb', 'px', 'pdy', 'i', 'xStep', 'cBytes');
  f.locals('v128', 'r0', 'r1', 'r2', 'r3');
  f.locals('f32', 's');
  const get = (name: string) => f.get(name);
  const { add, sub, mul } = i32;
  const c = i32.const;
  f.set('cBytes', mul(get('C'), c(4)));
  f.set('xStep', mul(get('sW'), get('cBytes')));

  /** One accumulation over the valid output columns: `vectors` v128 lanes (or one float) from byte cb on. */
  const accumulate = (vectors: number): void => {
    f.set('px', add(get('xRow'), get('cb')));
    f.set('pdy', add(get('dyRow'), get('cb')));
    f.set('i', get('count'));
    if (vectors === 0) f.set('s', f32.const(0));
    for (let k = 0; k < vectors; k++) f.set(`r${k}`, v128.zero());
    f.loop('positions', () => {
      if (vectors === 0) f.set('s', f32.add(get('s'), f32.mul(f32.load(get('px')), f32.load(get('pdy')))));
      for (let k = 0; k < vectors; k++) f.set(`r${k}`, v128.f32x4Add(get(`r${k}`), v128.f32x4Mul(v128.load(get('px'), 16 * k), v128.load(get('pdy'), 16 * k))));
      f.set('px', add(get('px'), get('xStep')));
      f.set('pdy', add(get('pdy'), get('cBytes')));
      f.set('i', sub(get('i'), c(1)));
      f.brIf('positions', get('i'));
    });
    const at = add(get('accRow'), get('cb'));
    if (vectors === 0) f.storeF32(at, f32.add(f32.load(at), get('s')));
    for (let k = 0; k < vectors; k++) f.storeV128(at, v128.f32x4Add(v128.load(at, 16 * k), get(`r${k}`)), 16 * k);
  };

  f.for('rows', 'oh', c(0), get('outH'), () => {
    f.for('tapRows', 'kh', c(0), get('KH'), () => {
      f.set('ih', add(sub(mul(get('oh'), get('sH')), get('top')), mul(get('kh'), get('dH'))));
      // Rows above the input are negative: as unsigned they are past the end too.
      f.brIf('tapRows.next', i32.geU(get('ih'), get('inH')));
      f.for('tapCols', 'kw', c(0), get('KW'), () => {
        // Output column ow reads input column ow * sW + off; keep the ow whose column is inside the input.
        f.set('off', sub(mul(get('kw'), get('dW')), get('left')));
        f.set('owStart', i32.select(c(0), i32.divU(sub(sub(get('sW'), c(1)), get('off')), get('sW')), i32.geS(get('off'), c(0))));
        f.set('owEnd', sub(sub(get('inW'), c(1)), get('off')));
        f.set('owEnd', i32.select(c(0), add(i32.divU(get('owEnd'), get('sW')), c(1)), i32.ltS(get('owEnd'), c(0))));
        f.set('owEnd', i32.select(get('outW'), get('owEnd'), i32.gtS(get('owEnd'), get('outW'))));
        f.set('count', sub(get('owEnd'), get('owStart')));
        f.brIf('tapCols.next', i32.leS(get('count'), c(0)));
        f.set('xRow', add(get('x'), mul(add(add(mul(get('ih'), get('inW')), mul(get('owStart'), get('sW'))), get('off')), get('cBytes'))));
        f.set('dyRow', add(get('dy'), mul(add(mul(get('oh'), get('outW')), get('owStart')), get('cBytes'))));
        f.set('accRow', add(get('acc'), mul(add(mul(get('kh'), get('KW')), get('kw')), get('cBytes'))));
        f.for('block', 'cb', c(0), sub(get('cBytes'), c(4 * BLOCK - 4)), () => accumulate(LANES), 4 * BLOCK);
        f.for('vector', 'cb', get('cb'), sub(get('cBytes'), c(12)), () => accumulate(1), 16);
        f.for('scalar', 'cb', get('cb'), get('cBytes'), () => accumulate(0), 4);
      });
    });
  });
  return f;
}

/**
 * Output rows by v128 columns of matMulTN's main tile; the remainders take narrower tiles. 4 x 2 measured
 * fastest of 1x4 .. 6x2 on 64 x 64 filters (eight accumulators, a splat and two b vectors stay in registers).
 */
const TILE = { rows: 4, vectors: 2 } as const;

/** aᵀb tile by tile; each tile runs over one block of rows of a and b, which stays in cache for the next. */
function matMulTN(): FunctionBuilder {
  const f = new FunctionBuilder('matMulTN', [['a', 'i32'], ['b', 'i32'], ['out', 'i32'], ['rows', 'i32'], ['M', 'i32'], ['N', 'i32'], ['block', 'i32']]);
  f.locals('i32', 'p0', 'count', 'm', 'nb', 'pa', 'pb', 'i', 'aStep', 'bStep', 'aBlock', 'bBlock', 'po');
  const accumulators: string[] = [];
  for (let r = 0; r < TILE.rows; r++) for (let v = 0; v < TILE.vectors; v++) accumulators.push(`r${r}_${v}`);
  f.locals('v128', ...accumulators, 's', ...Array.from({ length: TILE.vectors }, (_, v) => `b${v}`));
  f.locals('f32', 'sb', ...Array.from({ length: TILE.rows }, (_, r) => `t${r}`));
  const get = (name: string) => f.get(name);
  const { add, sub, mul } = i32;
  const c = i32.const;
  f.set('aStep', mul(get('M'), c(4)));
  f.set('bStep', mul(get('N'), c(4)));

  /** One tile: `rowsOut` output rows by `vectors` v128 columns, or by one column when 0. */
  const tile = (rowsOut: number, vectors: number): void => {
    const scalar = vectors === 0;
    const acc = (r: number, v: number) => (scalar ? `t${r}` : `r${r}_${v}`);
    for (let r = 0; r < rowsOut; r++) for (let v = 0; v < Math.max(vectors, 1); v++) f.set(acc(r, v), scalar ? f32.const(0) : v128.zero());
    f.set('pa', add(get('aBlock'), mul(get('m'), c(4))));
    f.set('pb', add(get('bBlock'), mul(get('nb'), c(4))));
    f.set('i', get('count'));
    f.loop('positions', () => {
      if (scalar) f.set('sb', f32.load(get('pb')));
      for (let v = 0; v < vectors; v++) f.set(`b${v}`, v128.load(get('pb'), 16 * v));
      for (let r = 0; r < rowsOut; r++) {
        if (scalar) {
          f.set(acc(r, 0), f32.add(get(acc(r, 0)), f32.mul(f32.load(get('pa'), 4 * r), get('sb'))));
          continue;
        }
        f.set('s', v128.f32x4Splat(f32.load(get('pa'), 4 * r)));
        for (let v = 0; v < vectors; v++) f.set(acc(r, v), v128.f32x4Add(get(acc(r, v)), v128.f32x4Mul(get('s'), get(`b${v}`))));
      }
      f.set('pa', add(get('pa'), get('aStep')));
      f.set('pb', add(get('pb'), get('bStep')));
      f.set('i', sub(get('i'), c(1)));
      f.brIf('positions', get('i'));
    });
    for (let r = 0; r < rowsOut; r++) {
      f.set('po', add(get('out'), mul(add(mul(add(get('m'), c(r)), get('N')), get('nb')), c(4))));
      if (scalar) f.storeF32(get('po'), f32.add(f32.load(get('po')), get(acc(r, 0))));
      for (let v = 0; v < vectors; v++) f.storeV128(get('po'), v128.f32x4Add(v128.load(get('po'), 16 * v), get(acc(r, v))), 16 * v);
    }
  };
  const columns = (rowsOut: number): void => {
    f.for('wide', 'nb', c(0), sub(get('N'), c(4 * TILE.vectors - 1)), () => tile(rowsOut, TILE.vectors), 4 * TILE.vectors);
    f.for('vector', 'nb', get('nb'), sub(get('N'), c(3)), () => tile(rowsOut, 1), 4);
    f.for('scalar', 'nb', get('nb'), get('N'), () => tile(rowsOut, 0), 1);
  };

  f.for('blocks', 'p0', c(0), get('rows'), () => {
    f.set('count', sub(get('rows'), get('p0')));
    f.set('count', i32.select(get('block'), get('count'), i32.gtS(get('count'), get('block'))));
    f.set('aBlock', add(get('a'), mul(get('p0'), get('aStep'))));
    f.set('bBlock', add(get('b'), mul(get('p0'), get('bStep'))));
    f.for('tall', 'm', c(0), sub(get('M'), c(TILE.rows - 1)), () => columns(TILE.rows), TILE.rows);
    f.for('single', 'm', get('m'), get('M'), () => columns(1));
  }, get('block'));
  return f;
}

/** What a pass's body sees of the lanes at hand: v128 lanes in the vector loops, single floats in the tail. */
interface Lanes {
  /** The current lane of a [rows, cols] tensor (current row) or of a [cols] vector. */
  load(pointer: string): Expr;
  store(pointer: string, value: Expr): void;
  /** An f32 parameter, splatted in vector loops. */
  scalar(name: string): Expr;
  add(a: Expr, b: Expr): Expr;
  sub(a: Expr, b: Expr): Expr;
  mul(a: Expr, b: Expr): Expr;
  /** Keeps a value in temporary `index` (0..3) and returns it. */
  keep(index: number, value: Expr): Expr;
}

interface PassSpec {
  readonly name: string;
  /** [rows, cols] tensors, walked row by row. */
  readonly tensors: readonly string[];
  /** [cols] vectors, the same for every row. */
  readonly columns: readonly string[];
  readonly scalars?: readonly string[];
  readonly body: (lanes: Lanes) => void;
}

/**
 * One pass over [rows, cols] tensors (params: tensors, then rows and cols, then columns, then f32 scalars,
 * all addresses in bytes): `body` runs for every lane of every row, 16 floats at a time, then 4, then 1.
 */
function pass(spec: PassSpec): FunctionBuilder {
  const scalars = spec.scalars ?? [];
  const f = new FunctionBuilder(spec.name, [...spec.tensors.map((p) => [p, 'i32'] as const), ['rows', 'i32'], ['cols', 'i32'], ...spec.columns.map((p) => [p, 'i32'] as const), ...scalars.map((p) => [p, 'f32'] as const)]);
  f.locals('i32', 'r', 'cb', 'cBytes');
  f.locals('v128', 't0', 't1', 't2', 't3', ...scalars.map((p) => `${p}.v`));
  f.locals('f32', 's0', 's1', 's2', 's3');
  const get = (name: string) => f.get(name);
  const { add, sub, mul } = i32;
  const c = i32.const;
  for (const p of scalars) f.set(`${p}.v`, v128.f32x4Splat(get(p)));
  const lanes = (vector: boolean, k: number): Lanes => {
    const at = (pointer: string): Expr => add(get(pointer), get('cb'));
    return {
      load: (pointer) => (vector ? v128.load(at(pointer), 16 * k) : f32.load(at(pointer))),
      store: (pointer, value) => (vector ? f.storeV128(at(pointer), value, 16 * k) : f.storeF32(at(pointer), value)),
      scalar: (name) => get(vector ? `${name}.v` : name),
      add: vector ? v128.f32x4Add : f32.add,
      sub: vector ? v128.f32x4Sub : f32.sub,
      mul: vector ? v128.f32x4Mul : f32.mul,
      keep: (index, value) => {
        f.set(`${vector ? 't' : 's'}${index}`, value);
        return get(`${vector ? 't' : 's'}${index}`);
      },
    };
  };
  f.set('cBytes', mul(get('cols'), c(4)));
  f.for('rows', 'r', c(0), get('rows'), () => {
    f.for('block', 'cb', c(0), sub(get('cBytes'), c(4 * BLOCK - 4)), () => {
      for (let k = 0; k < LANES; k++) spec.body(lanes(true, k));
    }, 4 * BLOCK);
    f.for('vector', 'cb', get('cb'), sub(get('cBytes'), c(12)), () => spec.body(lanes(true, 0)), 16);
    f.for('scalar', 'cb', get('cb'), get('cBytes'), () => spec.body(lanes(false, 0)), 4);
    for (const pointer of spec.tensors) f.set(pointer, add(get(pointer), get('cBytes')));
  });
  return f;
}

/** Column sums (reduce-leading-axes.ts) and the batch-norm passes (batch-norm-kernels.ts). */
const PASSES: readonly PassSpec[] = [
  {
    name: 'sumRows',
    tensors: ['src'],
    columns: ['dst'],
    body: (l) => l.store('dst', l.add(l.load('dst'), l.load('src'))),
  },
  {
    name: 'sumSquaredDeviations',
    tensors: ['src'],
    columns: ['mean', 'dst'],
    body: (l) => {
      const d = l.keep(0, l.sub(l.load('src'), l.load('mean')));
      l.store('dst', l.add(l.load('dst'), l.mul(d, d)));
    },
  },
  {
    name: 'normalize',
    tensors: ['x', 'xhat', 'y'],
    columns: ['mean', 'invStd', 'scale', 'shift'],
    body: (l) => {
      const xhat = l.keep(0, l.mul(l.sub(l.load('x'), l.load('mean')), l.load('invStd')));
      l.store('xhat', xhat);
      l.store('y', l.add(l.mul(xhat, l.load('scale')), l.load('shift')));
    },
  },
  {
    name: 'sumProducts',
    tensors: ['dy', 'xhat'],
    columns: ['sumDy', 'sumDyXhat'],
    body: (l) => {
      const dy = l.keep(0, l.load('dy'));
      l.store('sumDy', l.add(l.load('sumDy'), dy));
      l.store('sumDyXhat', l.add(l.load('sumDyXhat'), l.mul(dy, l.load('xhat'))));
    },
  },
  {
    name: 'normalizeGradient',
    tensors: ['dy', 'xhat', 'dx'],
    columns: ['sumDy', 'sumDyXhat', 'factor'],
    scalars: ['count'],
    body: (l) => {
      const centred = l.sub(l.sub(l.mul(l.load('dy'), l.scalar('count')), l.load('sumDy')), l.mul(l.load('xhat'), l.load('sumDyXhat')));
      l.store('dx', l.mul(centred, l.load('factor')));
    },
  },
];

/** The WebAssembly JS API, typed here: the Node tsconfig has no DOM lib, which declares it. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
const instances = new WeakMap<WasmMemory, SimdKernels>();
let enabled = true;

/** Tests turn the SIMD loops off to check the plain-JavaScript paths against the same references. */
export function setSimdKernelsEnabled(value: boolean): void {
  enabled = value;
}

function compile(): object | null {
  if (compiled === undefined) {
    try {
      compiled = new Wasm.Module(assembleModule([depthwiseFilter(), matMulTN(), ...PASSES.map(pass)]));
    } catch {
      compiled = null; // a runtime without wasm SIMD
    }
  }
  return compiled ?? null;
}

function backendMemory(backend: BackendWasm): WasmMemory | null {
  const module = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const memory = module.asm?.memory ?? module.wasmMemory;
  return memory instanceof Wasm.Memory ? memory : null;
}

export function simdKernels(backend: BackendWasm): SimdKernels | null {
  if (!enabled) return null;
  const memory = backendMemory(backend);
  const module = compile();
  if (!memory || !module) return null;
  let kernels = instances.get(memory);
  if (!kernels) {
    kernels = new Wasm.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** A tensor's byte address in the backend's memory. */
export function address(backend: BackendWasm, info: Info): number {
  return backend.getMemoryOffset(info.dataId);
}

/** Rows per call of a column-summing pass: float partial sums stay short, their totals are kept in doubles. */
const ROWS_PER_CALL = 256;

/**
 * Totals, in doubles, of a SIMD pass run over `items` in chunks of `chunk`: `run(first, count, partial)` adds
 * the float sums of items [first, first + count) into `size` floats at byte address `partial`, zeroed before
 * each call. Float sums stay short; the doubles carry the long ones.
 */
export function chunkTotals(backend: BackendWasm, items: number, chunk: number, size: number, run: (first: number, count: number, partial: number) => void): Float64Array {
  const total = new Float64Array(size);
  const partial = alloc(backend, [size]);
  const at = address(backend, partial);
  for (let first = 0; first < items; first += chunk) {
    heapF32(backend, partial).fill(0);
    run(first, Math.min(chunk, items - first), at);
    const sums = heapF32(backend, partial);
    for (let i = 0; i < size; i++) total[i] = (total[i] as number) + (sums[i] as number);
  }
  free(backend, partial);
  return total;
}

/** chunkTotals over `rows` rows into `sets` column vectors of `cols` (partial holds them one after another). */
export function columnTotals(backend: BackendWasm, rows: number, cols: number, sets: number, run: (firstRow: number, count: number, partial: number) => void): Float64Array[] {
  const all = chunkTotals(backend, rows, ROWS_PER_CALL, sets * cols, run);
  return Array.from({ length: sets }, (_, set) => all.subarray(set * cols, (set + 1) * cols));
}
