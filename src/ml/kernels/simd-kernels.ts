/**
 * SIMD loops for what the wasm package's XNNPACK kernels lack (depthwise filter gradients, fused batch norm,
 * column sums) or do slowly (aᵀb with a long shared axis, which XNNPACK repacks as weights on every call),
 * written in simd-kernels.wat and compiled at build time: a module that imports the backend's own memory, so
 * they read and write tensors in place, 4 float lanes at a time. Where the memory cannot be reached (another
 * build of the package) or SIMD is missing, `simdKernels` returns null and callers take their plain-JavaScript
 * path.
 */
import simdKernelsWasm from './simd-kernels.wat?bytes';
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
      compiled = new Wasm.Module(simdKernelsWasm);
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
