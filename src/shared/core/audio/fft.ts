/**
 * Mixed-radix FFT (radix 4, 2, 3, 5 and a generic odd radix) for any length, so n_fft = 400 is computed
 * exactly instead of zero-padding to a power of two (which would change the bins). Decimation in time,
 * KISS FFT's factor order, flattened into a precomputed plan: one input permutation, then in-place
 * butterflies stage by stage, each stage reading its own contiguous twiddle table. The first stage
 * (sub-transforms of length 1) and every k = 0 column skip the twiddle multiply, which is 1.
 * No allocation after construction.
 */

export interface FftStage {
  readonly radix: number;
  /** Length of each sub-transform being combined. */
  readonly m: number;
  /** Twiddle index stride into the full table: product of the radices before this stage. */
  readonly stride: number;
  /** W^(q*k*stride) for k = 0..m-1, q = 1..radix-1, as (re, im) pairs: 2*(radix-1) values per k. */
  readonly twiddles: Float64Array;
}

function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  let p = 4;
  while (rest > 1) {
    while (rest % p !== 0) {
      if (p === 4) p = 2;
      else if (p === 2) p = 3;
      else p += 2;
      if (p * p > rest) p = rest;
    }
    factors.push(p);
    rest /= p;
  }
  return factors;
}

/** In-place complex FFT of a fixed length on split real/imaginary arrays. */
export class ComplexFft {
  declare readonly size: number;
  /**
   * Output slot i of the permuted (digit-reversed) input takes input index permutation[i]. Callers that
   * fuse their own input pass (windowing, packing) gather with it and then call transformPermuted.
   */
  declare readonly permutation: Int32Array;
  /** The butterfly stages in the order they run, innermost first (log-mel-simd.ts runs the same plan). */
  declare readonly stages: readonly FftStage[];
  private declare readonly twRe: Float64Array;
  private declare readonly twIm: Float64Array;
  private declare readonly scratchRe: Float64Array;
  private declare readonly scratchIm: Float64Array;
  private declare readonly genericRe: Float64Array;
  private declare readonly genericIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FFT size must be a positive whole number (got ${size})`);
    this.size = size;
    const factors = factorize(size);
    this.twRe = new Float64Array(size);
    this.twIm = new Float64Array(size);
    for (let k = 0; k < size; k += 1) {
      const phase = (-2 * Math.PI * k) / size;
      this.twRe[k] = Math.cos(phase);
      this.twIm[k] = Math.sin(phase);
    }
    const stages: FftStage[] = [];
    let stride = 1;
    let m = size;
    for (const radix of factors) {
      m = (m / radix) | 0;
      const twiddles = new Float64Array(2 * (radix - 1) * m);
      for (let k = 0; k < m; k += 1) {
        for (let q = 1; q < radix; q += 1) {
          const index = (q * k * stride) % size;
          twiddles[2 * ((radix - 1) * k + q - 1)] = this.twRe[index] as number;
          twiddles[2 * ((radix - 1) * k + q - 1) + 1] = this.twIm[index] as number;
        }
      }
      stages.push({ radix, m, stride, twiddles });
      stride *= radix;
    }
    // Butterflies run from the innermost (last factor) stage outwards.
    this.stages = stages.reverse();
    this.permutation = new Int32Array(size);
    this.buildPermutation(factors);
    this.scratchRe = new Float64Array(size);
    this.scratchIm = new Float64Array(size);
    const maxRadix = Math.max(1, ...factors);
    this.genericRe = new Float64Array(maxRadix);
    this.genericIm = new Float64Array(maxRadix);
  }

  /** The digit-reversal KISS FFT's recursion performs. */
  private buildPermutation(factors: readonly number[]): void {
    let pos = 0;
    const visit = (inIndex: number, stride: number, depth: number): void => {
      const radix = factors[depth];
      if (radix === undefined) {
        this.permutation[pos] = inIndex;
        pos += 1;
        return;
      }
      for (let q = 0; q < radix; q += 1) visit(inIndex + q * stride, stride * radix, depth + 1);
    };
    visit(0, 1, 0);
  }

  /** Transforms (inRe, inIm) into (outRe, outIm); input and output must be different arrays. */
  transform(inRe: Float64Array, inIm: Float64Array | null, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    const perm = this.permutation;
    if (inIm) {
      for (let i = 0; i < n; i += 1) {
        const j = perm[i] as number;
        outRe[i] = inRe[j] as number;
        outIm[i] = inIm[j] as number;
      }
    } else {
      for (let i = 0; i < n; i += 1) {
        outRe[i] = inRe[perm[i] as number] as number;
        outIm[i] = 0;
      }
    }
    this.transformPermuted(outRe, outIm);
  }

  /**
   * Transforms the real sequence `interleaved` read as complex pairs (re0, im0, re1, im1, ...), as the
   * real-input FFT packs even/odd samples; saves a separate packing pass.
   */
  transformInterleaved(interleaved: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    const perm = this.permutation;
    for (let i = 0; i < n; i += 1) {
      const j = 2 * (perm[i] as number);
      outRe[i] = interleaved[j] as number;
      outIm[i] = interleaved[j + 1] as number;
    }
    this.transformPermuted(outRe, outIm);
  }

  /** Convenience for callers holding a single buffer: transforms in place via internal scratch. */
  transformInPlace(re: Float64Array, im: Float64Array): void {
    this.scratchRe.set(re);
    this.scratchIm.set(im);
    this.transform(this.scratchRe, this.scratchIm, re, im);
  }

  /** Runs the butterflies in place on input already gathered through `permutation`. */
  transformPermuted(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const stages = this.stages;
    let first = 0;
    // The innermost stage combines length-1 transforms: all its twiddles are 1.
    const inner = stages[0];
    if (inner && inner.m === 1 && inner.radix >= 2 && inner.radix <= 5) {
      if (inner.radix === 5) firstStage5(re, im, n);
      else if (inner.radix === 4) firstStage4(re, im, n);
      else if (inner.radix === 3) firstStage3(re, im, n);
      else firstStage2(re, im, n);
      first = 1;
    }
    for (let s = first; s < stages.length; s += 1) {
      const stage = stages[s] as FftStage;
      switch (stage.radix) {
        case 2:
          butterfly2(re, im, n, stage.m, stage.twiddles);
          break;
        case 3:
          butterfly3(re, im, n, stage.m, stage.twiddles);
          break;
        case 4:
          butterfly4(re, im, n, stage.m, stage.twiddles);
          break;
        case 5:
          butterfly5(re, im, n, stage.m, stage.twiddles);
          break;
        default:
          for (let offset = 0; offset < n; offset += stage.radix * stage.m) {
            this.butterflyGeneric(re, im, offset, stage.m, stage.stride, stage.radix);
          }
      }
    }
  }

  private butterflyGeneric(re: Float64Array, im: Float64Array, o: number, m: number, stride: number, p: number): void {
    const twRe = this.twRe;
    const twIm = this.twIm;
    const n = this.size;
    const tRe = this.genericRe;
    const tIm = this.genericIm;
    for (let u = 0; u < m; u += 1) {
      for (let q = 0; q < p; q += 1) {
        tRe[q] = re[o + u + q * m] as number;
        tIm[q] = im[o + u + q * m] as number;
      }
      for (let q = 0; q < p; q += 1) {
        const k = u + q * m;
        let accRe = tRe[0] as number;
        let accIm = tIm[0] as number;
        const step = stride * k;
        let twIndex = 0;
        for (let r = 1; r < p; r += 1) {
          twIndex += step;
          if (twIndex >= n) twIndex %= n;
          const wr = twRe[twIndex] as number;
          const wi = twIm[twIndex] as number;
          const xr = tRe[r] as number;
          const xi = tIm[r] as number;
          accRe += xr * wr - xi * wi;
          accIm += xr * wi + xi * wr;
        }
        re[o + k] = accRe;
        im[o + k] = accIm;
      }
    }
  }
}

// Butterflies: for each column k of the m-point sub-transforms, combine `radix` of them across every
// block of radix*m values. firstStageR is the same with m = 1, where every twiddle is 1.

function firstStage2(re: Float64Array, im: Float64Array, n: number): void {
  for (let a = 0; a < n; a += 2) {
    const ar = re[a] as number;
    const ai = im[a] as number;
    const br = re[a + 1] as number;
    const bi = im[a + 1] as number;
    re[a] = ar + br;
    im[a] = ai + bi;
    re[a + 1] = ar - br;
    im[a + 1] = ai - bi;
  }
}

function firstStage3(re: Float64Array, im: Float64Array, n: number): void {
  const epi = -SIN_60;
  for (let i0 = 0; i0 < n; i0 += 3) {
    const s1r = re[i0 + 1] as number;
    const s1i = im[i0 + 1] as number;
    const s2r = re[i0 + 2] as number;
    const s2i = im[i0 + 2] as number;
    const s3r = s1r + s2r;
    const s3i = s1i + s2i;
    const s0r = (s1r - s2r) * epi;
    const s0i = (s1i - s2i) * epi;
    const x0r = re[i0] as number;
    const x0i = im[i0] as number;
    const hr = x0r - s3r * 0.5;
    const hi = x0i - s3i * 0.5;
    re[i0] = x0r + s3r;
    im[i0] = x0i + s3i;
    re[i0 + 1] = hr - s0i;
    im[i0 + 1] = hi + s0r;
    re[i0 + 2] = hr + s0i;
    im[i0 + 2] = hi - s0r;
  }
}

function firstStage4(re: Float64Array, im: Float64Array, n: number): void {
  for (let i0 = 0; i0 < n; i0 += 4) {
    const s0r = re[i0 + 1] as number;
    const s0i = im[i0 + 1] as number;
    const s1r = re[i0 + 2] as number;
    const s1i = im[i0 + 2] as number;
    const s2r = re[i0 + 3] as number;
    const s2i = im[i0 + 3] as number;
    const x0r = re[i0] as number;
    const x0i = im[i0] as number;
    const s5r = x0r - s1r;
    const s5i = x0i - s1i;
    const f0r = x0r + s1r;
    const f0i = x0i + s1i;
    const s3r = s0r + s2r;
    const s3i = s0i + s2i;
    const s4r = s0r - s2r;
    const s4i = s0i - s2i;
    re[i0 + 2] = f0r - s3r;
    im[i0 + 2] = f0i - s3i;
    re[i0] = f0r + s3r;
    im[i0] = f0i + s3i;
    re[i0 + 1] = s5r + s4i;
    im[i0 + 1] = s5i - s4r;
    re[i0 + 3] = s5r - s4i;
    im[i0 + 3] = s5i + s4r;
  }
}

function firstStage5(re: Float64Array, im: Float64Array, n: number): void {
  const yar = C1_5;
  const yai = S1_5;
  const ybr = C2_5;
  const ybi = S2_5;
  for (let i0 = 0; i0 < n; i0 += 5) {
    const s1r = re[i0 + 1] as number;
    const s1i = im[i0 + 1] as number;
    const s2r = re[i0 + 2] as number;
    const s2i = im[i0 + 2] as number;
    const s3r = re[i0 + 3] as number;
    const s3i = im[i0 + 3] as number;
    const s4r = re[i0 + 4] as number;
    const s4i = im[i0 + 4] as number;
    const s7r = s1r + s4r;
    const s7i = s1i + s4i;
    const s10r = s1r - s4r;
    const s10i = s1i - s4i;
    const s8r = s2r + s3r;
    const s8i = s2i + s3i;
    const s9r = s2r - s3r;
    const s9i = s2i - s3i;
    const s0r = re[i0] as number;
    const s0i = im[i0] as number;
    re[i0] = s0r + s7r + s8r;
    im[i0] = s0i + s7i + s8i;
    const s5r = s0r + s7r * yar + s8r * ybr;
    const s5i = s0i + s7i * yar + s8i * ybr;
    const s6r = s10i * yai + s9i * ybi;
    const s6i = -(s10r * yai) - s9r * ybi;
    re[i0 + 1] = s5r - s6r;
    im[i0 + 1] = s5i - s6i;
    re[i0 + 4] = s5r + s6r;
    im[i0 + 4] = s5i + s6i;
    const s11r = s0r + s7r * ybr + s8r * yar;
    const s11i = s0i + s7i * ybr + s8i * yar;
    const s12r = -(s10i * ybi) + s9i * yai;
    const s12i = s10r * ybi - s9r * yai;
    re[i0 + 2] = s11r + s12r;
    im[i0 + 2] = s11i + s12i;
    re[i0 + 3] = s11r - s12r;
    im[i0 + 3] = s11i - s12i;
  }
}

function butterfly2(re: Float64Array, im: Float64Array, n: number, m: number, tw: Float64Array): void {
  const block = 2 * m;
  for (let k = 0; k < m; k += 1) {
    const wr = tw[2 * k] as number;
    const wi = tw[2 * k + 1] as number;
    for (let a = k; a < n; a += block) {
      const b = a + m;
      const xr = re[b] as number;
      const xi = im[b] as number;
      const tr = xr * wr - xi * wi;
      const ti = xr * wi + xi * wr;
      const ar = re[a] as number;
      const ai = im[a] as number;
      re[b] = ar - tr;
      im[b] = ai - ti;
      re[a] = ar + tr;
      im[a] = ai + ti;
    }
  }
}

function butterfly4(re: Float64Array, im: Float64Array, n: number, m: number, tw: Float64Array): void {
  const block = 4 * m;
  for (let k = 0; k < m; k += 1) {
    const t = 6 * k;
    const w1r = tw[t] as number;
    const w1i = tw[t + 1] as number;
    const w2r = tw[t + 2] as number;
    const w2i = tw[t + 3] as number;
    const w3r = tw[t + 4] as number;
    const w3i = tw[t + 5] as number;
    for (let i0 = k; i0 < n; i0 += block) {
      const i1 = i0 + m;
      const i2 = i1 + m;
      const i3 = i2 + m;
      const x1r = re[i1] as number;
      const x1i = im[i1] as number;
      const x2r = re[i2] as number;
      const x2i = im[i2] as number;
      const x3r = re[i3] as number;
      const x3i = im[i3] as number;
      const s0r = x1r * w1r - x1i * w1i;
      const s0i = x1r * w1i + x1i * w1r;
      const s1r = x2r * w2r - x2i * w2i;
      const s1i = x2r * w2i + x2i * w2r;
      const s2r = x3r * w3r - x3i * w3i;
      const s2i = x3r * w3i + x3i * w3r;
      const x0r = re[i0] as number;
      const x0i = im[i0] as number;
      const s5r = x0r - s1r;
      const s5i = x0i - s1i;
      const f0r = x0r + s1r;
      const f0i = x0i + s1i;
      const s3r = s0r + s2r;
      const s3i = s0i + s2i;
      const s4r = s0r - s2r;
      const s4i = s0i - s2i;
      re[i2] = f0r - s3r;
      im[i2] = f0i - s3i;
      re[i0] = f0r + s3r;
      im[i0] = f0i + s3i;
      // Forward transform: multiply s4 by -i.
      re[i1] = s5r + s4i;
      im[i1] = s5i - s4r;
      re[i3] = s5r - s4i;
      im[i3] = s5i + s4r;
    }
  }
}

const SIN_60 = Math.sqrt(3) / 2;

function butterfly3(re: Float64Array, im: Float64Array, n: number, m: number, tw: Float64Array): void {
  const block = 3 * m;
  const epi = -SIN_60;
  for (let k = 0; k < m; k += 1) {
    const t = 4 * k;
    const w1r = tw[t] as number;
    const w1i = tw[t + 1] as number;
    const w2r = tw[t + 2] as number;
    const w2i = tw[t + 3] as number;
    for (let i0 = k; i0 < n; i0 += block) {
      const i1 = i0 + m;
      const i2 = i1 + m;
      const x1r = re[i1] as number;
      const x1i = im[i1] as number;
      const x2r = re[i2] as number;
      const x2i = im[i2] as number;
      const s1r = x1r * w1r - x1i * w1i;
      const s1i = x1r * w1i + x1i * w1r;
      const s2r = x2r * w2r - x2i * w2i;
      const s2i = x2r * w2i + x2i * w2r;
      const s3r = s1r + s2r;
      const s3i = s1i + s2i;
      const s0r = (s1r - s2r) * epi;
      const s0i = (s1i - s2i) * epi;
      const x0r = re[i0] as number;
      const x0i = im[i0] as number;
      const hr = x0r - s3r * 0.5;
      const hi = x0i - s3i * 0.5;
      re[i0] = x0r + s3r;
      im[i0] = x0i + s3i;
      re[i1] = hr - s0i;
      im[i1] = hi + s0r;
      re[i2] = hr + s0i;
      im[i2] = hi - s0r;
    }
  }
}

const C1_5 = Math.cos((2 * Math.PI) / 5);
const S1_5 = -Math.sin((2 * Math.PI) / 5);
const C2_5 = Math.cos((4 * Math.PI) / 5);
const S2_5 = -Math.sin((4 * Math.PI) / 5);

function butterfly5(re: Float64Array, im: Float64Array, n: number, m: number, tw: Float64Array): void {
  const block = 5 * m;
  const yar = C1_5;
  const yai = S1_5;
  const ybr = C2_5;
  const ybi = S2_5;
  for (let u = 0; u < m; u += 1) {
    const t = 8 * u;
    const w1r = tw[t] as number;
    const w1i = tw[t + 1] as number;
    const w2r = tw[t + 2] as number;
    const w2i = tw[t + 3] as number;
    const w3r = tw[t + 4] as number;
    const w3i = tw[t + 5] as number;
    const w4r = tw[t + 6] as number;
    const w4i = tw[t + 7] as number;
    for (let i0 = u; i0 < n; i0 += block) {
      const i1 = i0 + m;
      const i2 = i1 + m;
      const i3 = i2 + m;
      const i4 = i3 + m;
      const a1r = re[i1] as number;
      const a1i = im[i1] as number;
      const a2r = re[i2] as number;
      const a2i = im[i2] as number;
      const a3r = re[i3] as number;
      const a3i = im[i3] as number;
      const a4r = re[i4] as number;
      const a4i = im[i4] as number;
      const s1r = a1r * w1r - a1i * w1i;
      const s1i = a1r * w1i + a1i * w1r;
      const s2r = a2r * w2r - a2i * w2i;
      const s2i = a2r * w2i + a2i * w2r;
      const s3r = a3r * w3r - a3i * w3i;
      const s3i = a3r * w3i + a3i * w3r;
      const s4r = a4r * w4r - a4i * w4i;
      const s4i = a4r * w4i + a4i * w4r;
      const s7r = s1r + s4r;
      const s7i = s1i + s4i;
      const s10r = s1r - s4r;
      const s10i = s1i - s4i;
      const s8r = s2r + s3r;
      const s8i = s2i + s3i;
      const s9r = s2r - s3r;
      const s9i = s2i - s3i;
      const s0r = re[i0] as number;
      const s0i = im[i0] as number;
      re[i0] = s0r + s7r + s8r;
      im[i0] = s0i + s7i + s8i;
      const s5r = s0r + s7r * yar + s8r * ybr;
      const s5i = s0i + s7i * yar + s8i * ybr;
      const s6r = s10i * yai + s9i * ybi;
      const s6i = -(s10r * yai) - s9r * ybi;
      re[i1] = s5r - s6r;
      im[i1] = s5i - s6i;
      re[i4] = s5r + s6r;
      im[i4] = s5i + s6i;
      const s11r = s0r + s7r * ybr + s8r * yar;
      const s11i = s0i + s7i * ybr + s8i * yar;
      const s12r = -(s10i * ybi) + s9i * yai;
      const s12i = s10r * ybi - s9r * yai;
      re[i2] = s11r + s12r;
      im[i2] = s11i + s12i;
      re[i3] = s11r - s12r;
      im[i3] = s11i - s12i;
    }
  }
}

/**
 * Power spectrum |X[k]|^2, k = 0..n/2, of a real frame of length n. Even n uses one complex FFT of n/2
 * points on the packed even/odd samples plus a split step; odd n falls back to a full complex FFT.
 * An optional analysis window is stored in the FFT's gather order, so computeWindowed windows, packs and
 * digit-reverses a frame in one pass.
 */
export class RealPowerSpectrum {
  declare readonly size: number;
  declare readonly bins: number;
  private declare readonly half: ComplexFft | null;
  private declare readonly full: ComplexFft | null;
  /** Frame offset feeding FFT input slot i (2*perm[i] for the packed even-n case, perm[i] for odd n). */
  private declare readonly gather: Int32Array;
  /** Window values at gather[i] (real part) and gather[i] + 1 (imaginary part, even n only). */
  private declare readonly windowRe: Float64Array;
  private declare readonly windowIm: Float64Array;
  private declare readonly re: Float64Array;
  private declare readonly im: Float64Array;
  /** W^k = exp(-2 pi i k / n) for k = 0..n/2, as (re, im) pairs, for the split step. */
  private declare readonly split: Float64Array;

  constructor(size: number, window?: Float64Array) {
    if (window && window.length !== size) throw new RangeError(`window has ${window.length} values, FFT size is ${size}`);
    this.size = size;
    this.bins = Math.floor(size / 2) + 1;
    const even = size % 2 === 0 && size >= 2;
    const inner = even ? size >> 1 : size;
    this.half = even ? new ComplexFft(inner) : null;
    this.full = even ? null : new ComplexFft(inner);
    const perm = (this.half ?? (this.full as ComplexFft)).permutation;
    this.gather = Int32Array.from(perm, (p) => (even ? 2 * p : p));
    const w = (i: number): number => (window ? (window[i] as number) : 1);
    this.windowRe = Float64Array.from(this.gather, (g) => w(g));
    this.windowIm = even ? Float64Array.from(this.gather, (g) => w(g + 1)) : new Float64Array(inner);
    this.re = new Float64Array(inner);
    this.im = new Float64Array(inner);
    this.split = new Float64Array(2 * this.bins);
    for (let k = 0; k < this.bins; k += 1) {
      const phase = (-2 * Math.PI * k) / size;
      this.split[2 * k] = Math.cos(phase);
      this.split[2 * k + 1] = Math.sin(phase);
    }
  }

  /** Writes bins values into `power` from the first `size` samples of `frame`, without the window. */
  compute(frame: Float64Array, power: Float64Array): void {
    const gather = this.gather;
    const re = this.re;
    const im = this.im;
    if (this.half) {
      for (let i = 0; i < re.length; i += 1) {
        const g = gather[i] as number;
        re[i] = frame[g] as number;
        im[i] = frame[g + 1] as number;
      }
    } else {
      for (let i = 0; i < re.length; i += 1) {
        re[i] = frame[gather[i] as number] as number;
        im[i] = 0;
      }
    }
    this.finish(power);
  }

  /**
   * Power spectrum of signal[start .. start + size) times the constructor's window. Keep `signal` to one
   * element type per hot loop: V8 specialises this gather on it.
   */
  computeWindowed(signal: Float32Array | Float64Array, start: number, power: Float64Array): void {
    const gather = this.gather;
    const wr = this.windowRe;
    const wi = this.windowIm;
    const re = this.re;
    const im = this.im;
    if (this.half) {
      for (let i = 0; i < re.length; i += 1) {
        const g = start + (gather[i] as number);
        re[i] = (signal[g] as number) * (wr[i] as number);
        im[i] = (signal[g + 1] as number) * (wi[i] as number);
      }
    } else {
      for (let i = 0; i < re.length; i += 1) {
        re[i] = (signal[start + (gather[i] as number)] as number) * (wr[i] as number);
        im[i] = 0;
      }
    }
    this.finish(power);
  }

  private finish(power: Float64Array): void {
    const zr = this.re;
    const zi = this.im;
    if (this.full) {
      this.full.transformPermuted(zr, zi);
      for (let k = 0; k < this.bins; k += 1) {
        const r = zr[k] as number;
        const i = zi[k] as number;
        power[k] = r * r + i * i;
      }
      return;
    }
    const half = this.half as ComplexFft;
    half.transformPermuted(zr, zi);
    const m = half.size;
    const w = this.split;
    // Z = FFT_m(x[2j] + i x[2j+1]). With E = (Z[k] + conj Z[m-k]) / 2 and O = (Z[k] - conj Z[m-k]) / 2i,
    // X[k] = E + W^k O and, because W^(m-k) = -conj(W^k), X[m-k] = conj(E - W^k O): one twiddle product
    // serves the pair k, m-k. Below A = 2E and T = 2 W^k O, hence the 1/4.
    const z0r = zr[0] as number;
    const z0i = zi[0] as number;
    power[0] = (z0r + z0i) * (z0r + z0i);
    power[m] = (z0r - z0i) * (z0r - z0i);
    for (let k = 1, j = m - 1; k < j; k += 1, j -= 1) {
      const zkr = zr[k] as number;
      const zki = zi[k] as number;
      const zjr = zr[j] as number;
      const zji = zi[j] as number;
      const ar = zkr + zjr;
      const ai = zki - zji;
      const dr = zkr - zjr;
      const di = zki + zji;
      const wr = w[2 * k] as number;
      const wi = w[2 * k + 1] as number;
      // T = (D / i) * W^k with D / i = (di, -dr).
      const tr = di * wr + dr * wi;
      const ti = di * wi - dr * wr;
      const pr = ar + tr;
      const pi = ai + ti;
      const qr = ar - tr;
      const qi = ai - ti;
      power[k] = 0.25 * (pr * pr + pi * pi);
      power[j] = 0.25 * (qr * qr + qi * qi);
    }
    if (m % 2 === 0 && m > 0) {
      // k = m/2 pairs with itself: X[m/2] = conj Z[m/2].
      const h = m / 2;
      const hr = zr[h] as number;
      const hi = zi[h] as number;
      power[h] = hr * hr + hi * hi;
    }
  }
}
