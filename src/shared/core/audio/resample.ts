/**
 * Band-limited resampling by a Kaiser-windowed sinc (the method of libsamplerate's sinc converters and
 * resampy). For a rational ratio with few phases the filter is precomputed per phase (polyphase); other
 * ratios evaluate the kernel per tap. Downsampling lowers the cutoff to the output Nyquist, so content
 * above it is removed instead of aliasing. Pure: runs in the trainer, the CLI and the browser alike.
 */

export interface ResampleOptions {
  /** Zero crossings of the sinc on each side, in units of the lower rate's sample period. */
  readonly zeroCrossings?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency; the transition band sits around it. */
  readonly rolloff?: number;
  /** Kaiser window shape; 9.0 gives roughly 90 dB of stopband attenuation. */
  readonly kaiserBeta?: number;
  /**
   * Fill the polyphase table by linear interpolation in one finely sampled prototype filter (resampy's and
   * libsamplerate's method) instead of evaluating the Kaiser-windowed sinc per tap: coefficients differ by
   * about 2e-8, and a converter for a new ratio costs about a tenth of a millisecond instead of a few, which
   * matters when every call has a new ratio (random speed and pitch augmentation).
   */
  readonly interpolatedKernel?: boolean;
}

const DEFAULTS: Required<ResampleOptions> = { zeroCrossings: 32, rolloff: 0.9, kaiserBeta: 9, interpolatedKernel: false };
const MAX_PHASES = 4096;
/** Prototype samples per zero crossing: linear interpolation error about 2e-8 of the peak per tap (h^2/8 * max|P''|). */
const PROTOTYPE_STEPS = 4096;

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Modified Bessel function of the first kind, order 0 (series; converges fast for the betas used here). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k += 1) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

class Kernel {
  private readonly scale: number;
  private readonly halfWidth: number;
  private readonly beta: number;
  private readonly norm: number;

  /** scale = cutoff relative to the input rate's Nyquist; halfWidth in input samples. */
  constructor(scale: number, halfWidth: number, beta: number) {
    this.scale = scale;
    this.halfWidth = halfWidth;
    this.beta = beta;
    this.norm = 1 / besselI0(beta);
  }

  /** Weight of an input sample `offset` input samples away from the output instant. */
  at(offset: number): number {
    const r = offset / this.halfWidth;
    if (r <= -1 || r >= 1) return 0;
    const x = offset * this.scale;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return this.scale * sinc * besselI0(this.beta * Math.sqrt(1 - r * r)) * this.norm;
  }
}

/**
 * The Kaiser-windowed sinc for a cutoff at `rolloff` of the lower Nyquist, P(t) for t = 0..zeroCrossings in
 * lower-rate samples, every 1/PROTOTYPE_STEPS. Every ratio's kernel is a scaled copy: with m = min(1, out/in),
 * Kernel.at(offset) = m * P(|offset| * m).
 */
const prototypes = new Map<string, Float64Array>();
function prototypeFor(zeroCrossings: number, rolloff: number, beta: number): Float64Array {
  const key = `${zeroCrossings}:${rolloff}:${beta}`;
  let table = prototypes.get(key);
  if (!table) {
    const kernel = new Kernel(rolloff, zeroCrossings, beta);
    // The last entry is the limit just inside the edge (the window ends at 1 / I0(beta), not 0), so taps in the
    // final step interpolate towards the kernel, not towards zero.
    const last = zeroCrossings * PROTOTYPE_STEPS;
    table = new Float64Array(last + 1);
    for (let i = 0; i < last; i += 1) table[i] = kernel.at(i / PROTOTYPE_STEPS);
    table[last] = kernel.at(zeroCrossings * (1 - 1e-12));
    prototypes.set(key, table);
  }
  return table;
}

/** A converter for one rate pair; build once and reuse (it holds the precomputed filter). */
export class Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  private readonly kernel: Kernel;
  private readonly halfWidth: number;
  /** Polyphase table: phases x taps, or null when the ratio needs too many phases. */
  private readonly table: Float64Array | null;
  private readonly taps: number;
  private readonly up: number;
  private readonly down: number;

  constructor(inputRate: number, outputRate: number, options: ResampleOptions = {}) {
    if (!(inputRate > 0) || !(outputRate > 0) || !Number.isInteger(inputRate) || !Number.isInteger(outputRate)) {
      throw new RangeError(`sample rates must be positive whole numbers (got ${inputRate} -> ${outputRate})`);
    }
    const { zeroCrossings, rolloff, kaiserBeta, interpolatedKernel } = { ...DEFAULTS, ...options };
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const ratio = outputRate / inputRate;
    const scale = Math.min(1, ratio) * rolloff;
    this.halfWidth = zeroCrossings / Math.min(1, ratio);
    this.kernel = new Kernel(scale, this.halfWidth, kaiserBeta);
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    this.taps = 2 * Math.ceil(this.halfWidth) + 1;
    if (this.up <= MAX_PHASES) {
      // Output n sits at input position n*down/up = base + phase/up; tap j weighs input base - H + j.
      const h = Math.ceil(this.halfWidth);
      this.table = new Float64Array(this.up * this.taps);
      const prototype = interpolatedKernel ? prototypeFor(zeroCrossings, rolloff, kaiserBeta) : null;
      const m = Math.min(1, ratio);
      for (let phase = 0; phase < this.up; phase += 1) {
        const frac = phase / this.up;
        for (let j = 0; j < this.taps; j += 1) {
          const offset = frac - (j - h);
          let weight: number;
          if (prototype) {
            // The same support test as Kernel.at (a tap exactly at the edge is 0 there too).
            const t = Math.min(zeroCrossings * PROTOTYPE_STEPS - 1, Math.abs(offset) * m * PROTOTYPE_STEPS);
            const at = Math.floor(t);
            weight = Math.abs(offset) / this.halfWidth >= 1 ? 0 : m * ((prototype[at] as number) + (t - at) * ((prototype[at + 1] as number) - (prototype[at] as number)));
          } else {
            weight = this.kernel.at(offset);
          }
          this.table[phase * this.taps + j] = weight;
        }
      }
    } else {
      this.table = null;
    }
  }

  /** Samples produced for an input of `length` samples: ceil(length * out / in). */
  outputLength(length: number): number {
    return Math.ceil((length * this.up) / this.down);
  }

  process(input: Float32Array): Float32Array {
    if (this.up === this.down) return input.slice();
    const n = input.length;
    const out = new Float32Array(this.outputLength(n));
    const h = Math.ceil(this.halfWidth);
    const taps = this.taps;
    const table = this.table;
    const up = this.up;
    const down = this.down;
    // Output i sits at input position i*down/up = base + phase/up; both advance without a division per output.
    const baseStep = Math.floor(down / up);
    const phaseStep = down - baseStep * up;
    let base = 0;
    let phase = 0;
    let i = 0;
    if (table) {
      // Four outputs at a time, each its own sum in the same order as one at a time (the same bits): the
      // additions no longer wait on each other, which is what bounds a single dot product.
      const firsts = new Int32Array(4);
      const rows = new Int32Array(4);
      while (i + 4 <= out.length) {
        let inside = true;
        for (let u = 0; u < 4; u += 1) {
          firsts[u] = base - h;
          rows[u] = phase * taps;
          inside &&= base - h >= 0 && base - h + taps <= n;
          base += baseStep;
          phase += phaseStep;
          if (phase >= up) {
            phase -= up;
            base += 1;
          }
        }
        if (inside) {
          const f0 = firsts[0] as number;
          const f1 = firsts[1] as number;
          const f2 = firsts[2] as number;
          const f3 = firsts[3] as number;
          const r0 = rows[0] as number;
          const r1 = rows[1] as number;
          const r2 = rows[2] as number;
          const r3 = rows[3] as number;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          for (let j = 0; j < taps; j += 1) {
            a0 += (input[f0 + j] as number) * (table[r0 + j] as number);
            a1 += (input[f1 + j] as number) * (table[r1 + j] as number);
            a2 += (input[f2 + j] as number) * (table[r2 + j] as number);
            a3 += (input[f3 + j] as number) * (table[r3 + j] as number);
          }
          out[i] = a0;
          out[i + 1] = a1;
          out[i + 2] = a2;
          out[i + 3] = a3;
        } else {
          for (let u = 0; u < 4; u += 1) {
            const first = firsts[u] as number;
            const row = rows[u] as number;
            const jEnd = Math.min(taps, n - first);
            let acc = 0;
            for (let j = Math.max(0, -first); j < jEnd; j += 1) acc += (input[first + j] as number) * (table[row + j] as number);
            out[i + u] = acc;
          }
        }
        i += 4;
      }
    }
    for (; i < out.length; i += 1) {
      const first = base - h;
      const jEnd = Math.min(taps, n - first);
      let acc = 0;
      if (table) {
        const row = phase * taps;
        for (let j = Math.max(0, -first); j < jEnd; j += 1) acc += (input[first + j] as number) * (table[row + j] as number);
      } else {
        const frac = phase / up;
        for (let j = Math.max(0, -first); j < jEnd; j += 1) acc += (input[first + j] as number) * this.kernel.at(frac - (j - h));
      }
      out[i] = acc;
      base += baseStep;
      phase += phaseStep;
      if (phase >= up) {
        phase -= up;
        base += 1;
      }
    }
    return out;
  }
}

/** One-shot convenience; build a Resampler directly to reuse its filter across many clips. */
export function resample(input: Float32Array, inputRate: number, outputRate: number, options?: ResampleOptions): Float32Array {
  return new Resampler(inputRate, outputRate, options).process(input);
}

/** Average of the channels (the usual downmix; keeps a mono file's level unchanged). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  const gain = 1 / channels.length;
  for (const channel of channels) {
    for (let i = 0; i < length; i += 1) out[i] = (out[i] as number) + (channel[i] as number) * gain;
  }
  return out;
}
