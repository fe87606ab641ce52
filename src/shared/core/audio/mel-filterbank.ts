/**
 * torchaudio.functional.melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm=None,
 * mel_scale='htk'), stored sparsely: each filter is a run of non-zero weights starting at some bin, so the
 * per-frame projection touches ~2 weights per bin instead of n_mels.
 */

export interface MelFilter {
  readonly startBin: number;
  readonly weights: Float64Array;
}

export interface MelFilterbankSpec {
  readonly sampleRate: number;
  readonly nFft: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
}

export function hzToMelHtk(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHzHtk(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** Dense row-per-mel weights [nMels][nFreqs], mostly for tests and export. */
export function melFilterbankDense(spec: MelFilterbankSpec): Float64Array[] {
  const nFreqs = Math.floor(spec.nFft / 2) + 1;
  const nyquist = Math.floor(spec.sampleRate / 2);
  // torch.linspace(0, sample_rate // 2, n_freqs)
  const allFreqs = new Float64Array(nFreqs);
  for (let i = 0; i < nFreqs; i += 1) allFreqs[i] = nFreqs === 1 ? 0 : (nyquist * i) / (nFreqs - 1);
  const mMin = hzToMelHtk(spec.fMin);
  const mMax = hzToMelHtk(spec.fMax);
  const fPts = new Float64Array(spec.nMels + 2);
  for (let i = 0; i < spec.nMels + 2; i += 1) fPts[i] = melToHzHtk(mMin + ((mMax - mMin) * i) / (spec.nMels + 1));
  const rows: Float64Array[] = [];
  for (let m = 0; m < spec.nMels; m += 1) {
    const row = new Float64Array(nFreqs);
    const left = fPts[m] as number;
    const centre = fPts[m + 1] as number;
    const right = fPts[m + 2] as number;
    for (let f = 0; f < nFreqs; f += 1) {
      const freq = allFreqs[f] as number;
      const down = (freq - left) / (centre - left);
      const up = (right - freq) / (right - centre);
      row[f] = Math.max(0, Math.min(down, up));
    }
    rows.push(row);
  }
  return rows;
}

export function melFilterbank(spec: MelFilterbankSpec): readonly MelFilter[] {
  return melFilterbankDense(spec).map((row) => {
    let first = row.findIndex((w) => w > 0);
    if (first < 0) first = 0;
    let last = row.length - 1;
    while (last > first && (row[last] as number) <= 0) last -= 1;
    return { startBin: first, weights: row.slice(first, last + 1) };
  });
}
