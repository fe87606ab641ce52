/**
 * Mixed-radix FFT (radix 4, 2, 3, 5 and a generic odd radix) for any length, so n_fft = 400 is computed
 * exactly instead of zero-padding to a power of two (which would change the bins). Decimation in time,
 * KISS FFT's factor order, flattened into a precomputed plan: one input permutation, then in-place
 * butterflies stage by stage with precomputed twiddles. No allocation after construction.
 */

interface Stage {
  readonly radix: number;
  /** Length of each sub-transform being combined. */
  readonly m: number;
  /** Twiddle index stride: product of the radices before this stage. */
  readonly stride: number;
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
  readonly size: number;
  private readonly perm: Int32Array;
  private readonly stages: readonly Stage[];
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly genericRe: Float64Array;
  private readonly genericIm: Float64Array;

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
    const stages: Stage[] = [];
    let stride = 1;
    let m = size;
    for (const radix of factors) {
      m /= radix;
      stages.push({ radix, m, stride });
      stride *= radix;
    }
    // Butterflies run from the innermost (last factor) stage outwards.
    this.stages = stages.reverse();
    this.perm = new Int32Array(size);
    this.buildPermutation(factors);
    this.scratchRe = new Float64Array(size);
    this.scratchIm = new Float64Array(size);
    const maxRadix = Math.max(1, ...factors);
    this.genericRe = new Float64Array(maxRadix);
    this.genericIm = new Float64Array(maxRadix);
  }

  /** Output slot i takes input index perm[i]: the digit-reversal KISS FFT's recursion performs. */
  private buildPermutation(factors: readonly number[]): void {
    let pos = 0;
    const visit = (inIndex: number, stride: number, depth: number): void => {
      const radix = factors[depth];
      if (radix === undefined) {
        this.perm[pos] = inIndex;
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
    const perm = this.perm;
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
    this.runStages(outRe, outIm);
  }

  /**
   * Transforms the real sequence `interleaved` read as complex pairs (re0, im0, re1, im1, ...), as the
   * real-input FFT packs even/odd samples; saves a separate packing pass.
   */
  transformInterleaved(interleaved: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    const perm = this.perm;
    for (let i = 0; i < n; i += 1) {
      const j = 2 * (perm[i] as number);
      outRe[i] = interleaved[j] as number;
      outIm[i] = interleaved[j + 1] as number;
    }
    this.runStages(outRe, outIm);
  }

  private runStages(outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    for (const stage of this.stages) {
      switch (stage.radix) {
        case 2:
          this.butterfly2(outRe, outIm, stage.m, stage.stride);
          break;
        case 3:
          this.butterfly3(outRe, outIm, stage.m, stage.stride);
          break;
        case 4:
          this.butterfly4(outRe, outIm, stage.m, stage.stride);
          break;
        case 5:
          this.butterfly5(outRe, outIm, stage.m, stage.stride);
          break;
        default:
          for (let offset = 0; offset < n; offset += stage.radix * stage.m) {
            this.butterflyGeneric(outRe, outIm, offset, stage.m, stage.stride, stage.radix);
          }
      }
    }
  }

  /** Convenience for callers holding a single buffer: transforms in place via internal scratch. */
  transformInPlace(re: Float64Array, im: Float64Array): void {
    this.scratchRe.set(re);
    this.scratchIm.set(im);
    this.transform(this.scratchRe, this.scratchIm, re, im);
  }

  private butterfly2(re: Float64Array, im: Float64Array, m: number, stride: number): void {
    const n = this.size;
    const block = 2 * m;
    const twRe = this.twRe;
    const twIm = this.twIm;
    for (let k = 0; k < m; k += 1) {
      const wr = twRe[k * stride] as number;
      const wi = twIm[k * stride] as number;
      for (let o = 0; o < n; o += block) {
        const a = o + k;
        const b = a + m;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = br * wr - bi * wi;
        const ti = br * wi + bi * wr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[b] = ar - tr;
        im[b] = ai - ti;
        re[a] = ar + tr;
        im[a] = ai + ti;
      }
    }
  }

  private butterfly4(re: Float64Array, im: Float64Array, m: number, stride: number): void {
    const n = this.size;
    const block = 4 * m;
    const twRe = this.twRe;
    const twIm = this.twIm;
    for (let k = 0; k < m; k += 1) {
      const w1r = twRe[k * stride] as number;
      const w1i = twIm[k * stride] as number;
      const w2r = twRe[2 * k * stride] as number;
      const w2i = twIm[2 * k * stride] as number;
      const w3r = twRe[3 * k * stride] as number;
      const w3i = twIm[3 * k * stride] as number;
      for (let o = 0; o < n; o += block) {
        const i0 = o + k;
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

  private butterfly3(re: Float64Array, im: Float64Array, m: number, stride: number): void {
    const n = this.size;
    const block = 3 * m;
    const twRe = this.twRe;
    const twIm = this.twIm;
    const epi = -Math.sqrt(3) / 2;
    for (let k = 0; k < m; k += 1) {
      const w1r = twRe[k * stride] as number;
      const w1i = twIm[k * stride] as number;
      const w2r = twRe[2 * k * stride] as number;
      const w2i = twIm[2 * k * stride] as number;
      for (let o = 0; o < n; o += block) {
        const i0 = o + k;
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

  private butterfly5(re: Float64Array, im: Float64Array, m: number, stride: number): void {
    const n = this.size;
    const block = 5 * m;
    const twRe = this.twRe;
    const twIm = this.twIm;
    const yar = Math.cos((2 * Math.PI) / 5);
    const yai = -Math.sin((2 * Math.PI) / 5);
    const ybr = Math.cos((4 * Math.PI) / 5);
    const ybi = -Math.sin((4 * Math.PI) / 5);
    for (let u = 0; u < m; u += 1) {
      const w1r = twRe[u * stride] as number;
      const w1i = twIm[u * stride] as number;
      const w2r = twRe[2 * u * stride] as number;
      const w2i = twIm[2 * u * stride] as number;
      const w3r = twRe[3 * u * stride] as number;
      const w3i = twIm[3 * u * stride] as number;
      const w4r = twRe[4 * u * stride] as number;
      const w4i = twIm[4 * u * stride] as number;
      for (let o = 0; o < n; o += block) {
        const i0 = o + u;
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

/**
 * Power spectrum |X[k]|^2, k = 0..n/2, of a real frame of length n. Even n uses one complex FFT of n/2
 * points on the packed even/odd samples plus a split step; odd n falls back to a full complex FFT.
 */
export class RealPowerSpectrum {
  readonly size: number;
  readonly bins: number;
  private readonly half: ComplexFft | null;
  private readonly full: ComplexFft | null;
  private readonly outRe: Float64Array;
  private readonly outIm: Float64Array;
  private readonly splitRe: Float64Array;
  private readonly splitIm: Float64Array;

  constructor(size: number) {
    this.size = size;
    this.bins = Math.floor(size / 2) + 1;
    const even = size % 2 === 0 && size >= 2;
    const inner = even ? size / 2 : size;
    this.half = even ? new ComplexFft(inner) : null;
    this.full = even ? null : new ComplexFft(inner);
    this.outRe = new Float64Array(inner);
    this.outIm = new Float64Array(inner);
    this.splitRe = new Float64Array(this.bins);
    this.splitIm = new Float64Array(this.bins);
    for (let k = 0; k < this.bins; k += 1) {
      const phase = (-2 * Math.PI * k) / size;
      this.splitRe[k] = Math.cos(phase);
      this.splitIm[k] = Math.sin(phase);
    }
  }

  /** Writes bins values into `power` from the first `size` samples of `frame`. */
  compute(frame: Float64Array, power: Float64Array): void {
    if (this.full) {
      this.full.transform(frame, null, this.outRe, this.outIm);
      for (let k = 0; k < this.bins; k += 1) {
        const r = this.outRe[k] as number;
        const i = this.outIm[k] as number;
        power[k] = r * r + i * i;
      }
      return;
    }
    const half = this.half as ComplexFft;
    const m = half.size;
    half.transformInterleaved(frame, this.outRe, this.outIm);
    const zr = this.outRe;
    const zi = this.outIm;
    const wr = this.splitRe;
    const wi = this.splitIm;
    for (let k = 0; k <= m; k += 1) {
      const a = k === m ? 0 : k;
      const b = k === 0 ? 0 : m - k;
      const zkr = zr[a] as number;
      const zki = zi[a] as number;
      const zcr = zr[b] as number;
      const zci = -(zi[b] as number);
      // Even part E = (Z[k] + conj Z[m-k]) / 2, odd part O = (Z[k] - conj Z[m-k]) / 2i.
      const er = 0.5 * (zkr + zcr);
      const ei = 0.5 * (zki + zci);
      const dr = zkr - zcr;
      const di = zki - zci;
      const or = 0.5 * di;
      const oi = -0.5 * dr;
      const twr = wr[k] as number;
      const twi = wi[k] as number;
      const xr = er + or * twr - oi * twi;
      const xi = ei + or * twi + oi * twr;
      power[k] = xr * xr + xi * xi;
    }
  }
}
