/**
 * FFT of a real sequence of even length n through one complex FFT of n/2 points (even samples as the real
 * part, odd as the imaginary, then a split step), and its inverse the same way: about half the work of a
 * complex n-point transform. Only bins 0..n/2 are kept; the rest are their conjugates. No allocation after
 * construction.
 */
import { ComplexFft } from './fft';

export class RealFft {
  readonly size: number;
  /** Bins held by a spectrum: size / 2 + 1. */
  readonly bins: number;
  private readonly half: ComplexFft;
  /** W^k = exp(-2 pi i k / n), k = 0..n/2. */
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly packed: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`real FFT size must be an even whole number of 2 or more (got ${size})`);
    this.size = size;
    const m = size / 2;
    this.bins = m + 1;
    this.half = new ComplexFft(m);
    this.wRe = new Float64Array(m + 1);
    this.wIm = new Float64Array(m + 1);
    for (let k = 0; k <= m; k += 1) {
      this.wRe[k] = Math.cos((-2 * Math.PI * k) / size);
      this.wIm[k] = Math.sin((-2 * Math.PI * k) / size);
    }
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
    this.packed = new Float64Array(size);
  }

  /** X[k] = sum_t x[t] exp(-2 pi i k t / n) for k = 0..n/2 from `input` (its first n values; missing ones are 0). */
  forward(input: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const m = this.half.size;
    const zr = this.zr;
    const zi = this.zi;
    let source = input;
    if (input.length < this.size) {
      this.packed.fill(0);
      this.packed.set(input);
      source = this.packed;
    }
    this.half.transformInterleaved(source, zr, zi);
    // E = (Z[k] + conj Z[m-k]) / 2 (even samples' DFT), O = (Z[k] - conj Z[m-k]) / 2i (odd), X[k] = E + W^k O.
    const wr = this.wRe;
    const wi = this.wIm;
    for (let k = 0; k <= m; k += 1) {
      const a = k === m ? 0 : k;
      const b = k === 0 ? 0 : m - k;
      const zkr = zr[a] as number;
      const zki = zi[a] as number;
      const zjr = zr[b] as number;
      const zji = zi[b] as number;
      const er = 0.5 * (zkr + zjr);
      const ei = 0.5 * (zki - zji);
      const or = 0.5 * (zki + zji);
      const oi = -0.5 * (zkr - zjr);
      const c = wr[k] as number;
      const s = wi[k] as number;
      outRe[k] = er + c * or - s * oi;
      outIm[k] = ei + c * oi + s * or;
    }
  }

  /**
   * The real sequence x (n values, into `output`) whose spectrum has bins 0..n/2 (inRe, inIm), the inverse of
   * forward including the 1/n. The imaginary parts of bins 0 and n/2 are ignored (they are 0 for a real x).
   */
  inverse(inRe: Float64Array, inIm: Float64Array, output: Float64Array): void {
    const m = this.half.size;
    const zr = this.zr;
    const zi = this.zi;
    const wr = this.wRe;
    const wi = this.wIm;
    const perm = this.half.permutation;
    // E[k] = (X[k] + conj X[m-k]) / 2, O[k] = (X[k] - conj X[m-k]) conj(W^k) / 2, Z = E + iO = DFT_m(x[2j] + i x[2j+1]).
    // The inverse DFT as conj(DFT(conj Z)) / m; conj Z is written straight into the permuted order.
    for (let i = 0; i < m; i += 1) {
      const k = perm[i] as number;
      const j = m - k;
      const xkr = inRe[k] as number;
      const xki = k === 0 ? 0 : (inIm[k] as number);
      const xjr = inRe[j] as number;
      const xji = j === m ? 0 : (inIm[j] as number);
      const er = 0.5 * (xkr + xjr);
      const ei = 0.5 * (xki - xji);
      const dr = 0.5 * (xkr - xjr);
      const di = 0.5 * (xki + xji);
      const c = wr[k] as number;
      const s = -(wi[k] as number);
      const or = dr * c - di * s;
      const oi = dr * s + di * c;
      zr[i] = er - oi;
      zi[i] = -(ei + or);
    }
    this.half.transformPermuted(zr, zi);
    const scale = 1 / m;
    for (let j = 0; j < m; j += 1) {
      output[2 * j] = (zr[j] as number) * scale;
      output[2 * j + 1] = -(zi[j] as number) * scale;
    }
  }
}
