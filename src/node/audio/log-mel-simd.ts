/**
 * The log-mel front end `wakeword features` runs: LogMelExtractor's features (log-mel.ts, the float64
 * JavaScript definition the parity tests pin to torchaudio) computed four frames at a time by the wasm SIMD
 * loops in log-mel-simd.wat, in float32 as torchaudio computes them. The JavaScript extractor runs instead
 * where WebAssembly SIMD is missing, and for front ends the .wat does not cover (an odd n_fft, or n_fft / 2
 * with a prime factor above 5); `engine` says which one runs.
 */
import { ComplexFft } from '../../shared/core/audio/fft';
import type { FrontEndConfig } from '../../shared/core/audio/front-end-config';
import { LogMelExtractor } from '../../shared/core/audio/log-mel';
import { melFilterbank } from '../../shared/core/audio/mel-filterbank';
import { periodicHannWindow } from '../../shared/core/audio/window';
import logMelSimdWasm from './log-mel-simd.wat?bytes';

export type LogMelEngine = 'wasm-simd' | 'javascript';

/** What feature export needs of a front end, whichever engine computes it. */
export interface LogMelFrontEnd {
  readonly engine: LogMelEngine;
  readonly config: FrontEndConfig;
  /** Shortest input the reflect padding accepts. */
  readonly minSamples: number;
  frameCount(samples: number): number;
  /** Row-major [frames, n_mels] features of a mono signal at config.sampleRate into `out`. */
  computeInto(signal: Float32Array | Float64Array, out: Float32Array): void;
  /** computeInto for 16-bit PCM samples, read as value / 32768 (what the WAV decoder gives): no float copy of the clip. */
  computePcm16Into(samples: Int16Array, out: Float32Array): void;
  compute(signal: Float32Array | Float64Array): Float32Array;
}

/** The WebAssembly JS API, typed here: the Node tsconfig has no DOM lib, which declares it. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
}
interface LogMelExports {
  logMel(plan: number, signal: number, groups: number, out: number): void;
  int16ToFloat(src: number, dst: number, count: number): void;
}
const Wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** Frames per SIMD vector: one per f32 lane. */
const LANES = 4;
/** The butterflies log-mel-simd.wat has. */
const RADICES: readonly number[] = [2, 3, 4, 5];

let compiled: object | null | undefined;

/** The compiled module, or null on a runtime without WebAssembly SIMD (validation fails there). */
function compile(): object | null {
  if (compiled === undefined) {
    try {
      compiled = Wasm ? new Wasm.Module(logMelSimdWasm) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** LogMelExtractor's front end in wasm SIMD; built by createLogMelFrontEnd when the runtime and config allow. */
class SimdLogMel implements LogMelFrontEnd {
  readonly engine = 'wasm-simd';
  private readonly memory: WasmMemory;
  private readonly exports: LogMelExports;
  private readonly plan = 0;
  /** First byte after the plan: the padded signal, then the output rows. */
  private readonly dynamic: number;
  private heap: Float32Array;

  constructor(
    readonly config: FrontEndConfig,
    private readonly reference: LogMelExtractor,
    module: object,
    fft: ComplexFft,
  ) {
    const inner = fft.size;
    const { nFft, hopLength, nMels } = config;
    const filters = melFilterbank(config);
    const weightCount = filters.reduce((sum, f) => sum + f.weights.length, 0);
    let top = align16(16 * 4);
    const reserve = (bytes: number): number => {
      const at = top;
      top += align16(bytes);
      return at;
    };
    const gather = reserve(4 * inner);
    const windowRe = reserve(4 * inner);
    const windowIm = reserve(4 * inner);
    const re = reserve(16 * inner);
    const im = reserve(16 * inner);
    const split = reserve(8 * (inner + 1));
    const power = reserve(16 * (inner + 1));
    const melStart = reserve(4 * nMels);
    const melOffset = reserve(4 * (nMels + 1));
    const melWeights = reserve(4 * weightCount);
    const stages = reserve(12 * fft.stages.length);
    const twiddles = fft.stages.map((stage) => reserve(4 * stage.twiddles.length));
    this.dynamic = top;
    this.memory = new (Wasm as WasmApi).Memory({ initial: Math.ceil(top / PAGE) + 1 });
    this.exports = new (Wasm as WasmApi).Instance(module, { env: { memory: this.memory } }).exports as LogMelExports;
    this.heap = new Float32Array(this.memory.buffer);
    const ints = new Int32Array(this.memory.buffer);
    const floats = this.heap;

    ints.set([inner, 4 * hopLength, nMels, fft.stages.length, gather, windowRe, windowIm, re, im, split, power, melStart, melOffset, melWeights, stages], this.plan / 4);
    // FFT input slot i takes the frame's samples 2 perm[i] (real part) and 2 perm[i] + 1 (imaginary part).
    const window = periodicHannWindow(config.winLength, nFft);
    fft.permutation.forEach((p, i) => {
      ints[gather / 4 + i] = 4 * 2 * p;
      floats[windowRe / 4 + i] = window[2 * p] as number;
      floats[windowIm / 4 + i] = window[2 * p + 1] as number;
    });
    for (let k = 0; k <= inner; k += 1) {
      const phase = (-2 * Math.PI * k) / nFft;
      floats[split / 4 + 2 * k] = Math.cos(phase);
      floats[split / 4 + 2 * k + 1] = Math.sin(phase);
    }
    let offset = 0;
    filters.forEach((f, m) => {
      ints[melStart / 4 + m] = f.startBin;
      ints[melOffset / 4 + m] = offset;
      floats.set(f.weights, melWeights / 4 + offset);
      offset += f.weights.length;
    });
    ints[melOffset / 4 + nMels] = offset;
    fft.stages.forEach((stage, s) => {
      ints.set([stage.radix, stage.m, twiddles[s] as number], stages / 4 + 3 * s);
      floats.set(stage.twiddles, (twiddles[s] as number) / 4);
    });
  }

  get minSamples(): number {
    return this.reference.minSamples;
  }

  frameCount(samples: number): number {
    return this.reference.frameCount(samples);
  }

  compute(signal: Float32Array | Float64Array): Float32Array {
    const out = new Float32Array(this.frameCount(signal.length) * this.config.nMels);
    this.computeInto(signal, out);
    return out;
  }

  computeInto(signal: Float32Array | Float64Array, out: Float32Array): void {
    this.run(signal.length, 0, out, (signalAt) => this.heap.set(signal, signalAt / 4), () => this.reference.computeInto(signal, out));
  }

  computePcm16Into(samples: Int16Array, out: Float32Array): void {
    const n = samples.length;
    // The samples go in as they are, after the output rows, and wasm converts them into the signal's place.
    this.run(n, 2 * n, out, (signalAt, stagingAt) => {
      new Int16Array(this.memory.buffer, stagingAt, n).set(samples);
      this.exports.int16ToFloat(stagingAt, signalAt, n);
    }, () => this.reference.computeInto(Float32Array.from(samples, (v) => v / 32768), out));
  }

  /**
   * Lays out the padded signal of n samples and the output rows (plus `staging` bytes after them), lets `fill`
   * write the n samples at byte address signalAt, pads, and runs the kernel; `fallback` runs instead when the
   * memory cannot grow that far.
   */
  private run(n: number, staging: number, out: Float32Array, fill: (signalAt: number, stagingAt: number) => void, fallback: () => void): void {
    if (n < this.minSamples) {
      throw new RangeError(`audio too short for the front end: ${n} samples, need at least ${this.minSamples}`);
    }
    const { nFft, hopLength, nMels } = this.config;
    const frames = this.frameCount(n);
    if (out.length < frames * nMels) throw new RangeError(`output holds ${out.length} values, need ${frames * nMels}`);
    const pad = nFft / 2;
    const groups = Math.ceil(frames / LANES);
    // The last group's spare lanes read up to three hops past the last frame: zeros, results dropped.
    const padded = n + 2 * pad;
    const readable = Math.max(padded, (groups * LANES - 1) * hopLength + nFft);
    const signalAt = this.dynamic;
    const outAt = align16(signalAt + 4 * readable);
    const stagingAt = align16(outAt + 4 * groups * LANES * nMels);
    const needed = stagingAt + staging;
    if (needed > this.memory.buffer.byteLength) {
      try {
        this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
      } catch {
        // Past what a wasm memory can hold (4 GiB, about 14 hours at 16 kHz): the JavaScript extractor works in place.
        fallback();
        return;
      }
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float32Array(this.memory.buffer);
    const heap = this.heap;
    const base = signalAt / 4;
    fill(signalAt + 4 * pad, stagingAt);
    // torch's 'reflect' padding: the edge sample is not repeated.
    const first = base + pad;
    const last = base + pad + n - 1;
    for (let k = 1; k <= pad; k += 1) {
      heap[first - k] = heap[first + k] as number;
      heap[last + k] = heap[last - k] as number;
    }
    heap.fill(0, base + padded, base + readable);
    this.exports.logMel(this.plan, signalAt, groups, outAt);
    out.set(heap.subarray(outAt / 4, outAt / 4 + frames * nMels));
  }
}

/** LogMelExtractor itself, for where the SIMD path does not run. */
class JavaScriptLogMel implements LogMelFrontEnd {
  readonly engine = 'javascript';
  constructor(private readonly extractor: LogMelExtractor) {}
  get config(): FrontEndConfig {
    return this.extractor.config;
  }
  get minSamples(): number {
    return this.extractor.minSamples;
  }
  frameCount(samples: number): number {
    return this.extractor.frameCount(samples);
  }
  computeInto(signal: Float32Array | Float64Array, out: Float32Array): void {
    this.extractor.computeInto(signal, out);
  }
  computePcm16Into(samples: Int16Array, out: Float32Array): void {
    this.extractor.computeInto(Float32Array.from(samples, (v) => v / 32768), out);
  }
  compute(signal: Float32Array | Float64Array): Float32Array {
    return this.extractor.compute(signal);
  }
}

/**
 * The fastest front end this runtime has for `config`: wasm SIMD when available and the config is covered,
 * else the JavaScript extractor. `simd: false` asks for the JavaScript one (tests compare the two). Throws
 * LogMelExtractor's message for an invalid config.
 */
export function createLogMelFrontEnd(config: FrontEndConfig, options: { readonly simd?: boolean } = {}): LogMelFrontEnd {
  const extractor = new LogMelExtractor(config);
  const module = options.simd === false ? null : compile();
  if (module && config.nFft % 2 === 0) {
    const fft = new ComplexFft(config.nFft / 2);
    if (fft.stages.every((stage) => RADICES.includes(stage.radix))) return new SimdLogMel(config, extractor, module, fft);
  }
  return new JavaScriptLogMel(extractor);
}
