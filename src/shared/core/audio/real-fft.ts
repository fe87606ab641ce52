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
  /** Where bin k goes in the half-size transform's permuted input (the inverse of its permutation). */
  private readonly slot: Int32Array;

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
    this.slot = new Int32Array(m);
    this.half.permutation.forEach((k, i) => {
      this.slot[k] = i;
    });
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
    // E = (Z[k] + conj Z[m-k]) / 2 (even samples' DFT), O = (Z[k] - conj Z[m-k]) / 2i (odd), X[k] = E + W^k O;
    // and X[m-k] = conj(E - W^k O), so one pass over k < m/2 fills both ends.
    const wr = this.wRe;
    const wi = this.wIm;
    const z0r = zr[0] as number;
    const z0i = zi[0] as number;
    outRe[0] = z0r + z0i;
    outIm[0] = 0;
    outRe[m] = z0r - z0i;
    outIm[m] = 0;
    for (let k = 1, j = m - 1; k < j; k += 1, j -= 1) {
      const zkr = zr[k] as number;
      const zki = zi[k] as number;
      const zjr = zr[j] as number;
      const zji = zi[j] as number;
      const er = 0.5 * (zkr + zjr);
      const ei = 0.5 * (zki - zji);
      const or = 0.5 * (zki + zji);
      const oi = -0.5 * (zkr - zjr);
      const c = wr[k] as number;
      const s = wi[k] as number;
      const tr = c * or - s * oi;
      const ti = c * oi + s * or;
      outRe[k] = er + tr;
      outIm[k] = ei + ti;
      outRe[j] = er - tr;
      outIm[j] = ti - ei;
    }
    if (m % 2 === 0 && m > 0) {
      // k = m/2 pairs with itself: X[m/2] = conj Z[m/2].
      outRe[m / 2] = zr[m / 2] as number;
      outIm[m / 2] = -(zi[m / 2] as number);
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
    const slot = this.slot;
    // E[k] = (X[k] + conj X[m-k]) / 2, O[k] = (X[k] - conj X[m-k]) conj(W^k) / 2, Z = E + iO = DFT_m(x[2j] + i x[2j+1]);
    // for m-k, E and O are the conjugates. The inverse DFT is conj(DFT(conj Z)) / m, so conj Z is written, straight
    // into the transform's permuted input order.
    const x0r = inRe[0] as number;
    const xmr = inRe[m] as number;
    zr[slot[0] as number] = 0.5 * (x0r + xmr);
    zi[slot[0] as number] = -0.5 * (x0r - xmr);
    for (let k = 1, j = m - 1; k <= j; k += 1, j -= 1) {
      const xkr = inRe[k] as number;
      const xki = inIm[k] as number;
      const xjr = inRe[j] as number;
      const xji = inIm[j] as number;
      const er = 0.5 * (xkr + xjr);
      const ei = 0.5 * (xki - xji);
      const dr = 0.5 * (xkr - xjr);
      const di = 0.5 * (xki + xji);
      const c = wr[k] as number;
      const s = -(wi[k] as number);
      const or = dr * c - di * s;
      const oi = dr * s + di * c;
      // Z[k] = E + iO; Z[m-k] = conj E + i conj O.
      zr[slot[k] as number] = er - oi;
      zi[slot[k] as number] = -(ei + or);
      if (j !== k) {
        zr[slot[j] as number] = er + oi;
        zi[slot[j] as number] = ei - or;
      }
    }
    this.half.transformPermuted(zr, zi);
    const scale = 1 / m;
    for (let j = 0; j < m; j += 1) {
      output[2 * j] = (zr[j] as number) * scale;
      output[2 * j + 1] = -(zi[j] as number) * scale;
    }
  }
}
