/**
 * Log-mel features equal to torchaudio's MelSpectrogram(center=True, pad_mode='reflect', power=2,
 * mel_scale='htk', norm=None, periodic Hann) followed by 10*log10(max(p, 1e-10)).
 * Window, FFT plan and filterbank are built once per extractor; computing allocates only the output.
 */
import { RealPowerSpectrum } from './fft';
import { type FrontEndConfig, centeredFrameCount } from './front-end-config';
import { type MelFilter, melFilterbank } from './mel-filterbank';
import { periodicHannWindow } from './window';

const POWER_FLOOR = 1e-10;
/** 10*log10(p) as DB_PER_NEPER*ln(p): Math.log is measurably cheaper than Math.log10 in V8. */
const DB_PER_NEPER = 10 / Math.LN10;

/** Problems with a front-end definition, as messages naming the `features.*` key; empty when usable. */
export function frontEndProblems(config: FrontEndConfig): string[] {
  const problems: string[] = [];
  const positiveInt = (value: number, key: string): void => {
    if (!Number.isInteger(value) || value < 1) problems.push(`${key} must be a positive whole number (got ${value})`);
  };
  positiveInt(config.sampleRate, 'data.sample_rate');
  positiveInt(config.nFft, 'features.n_fft');
  positiveInt(config.winLength, 'features.win_length');
  positiveInt(config.hopLength, 'features.hop_length');
  positiveInt(config.nMels, 'features.n_mels');
  if (config.winLength > config.nFft) problems.push(`features.win_length (${config.winLength}) must not exceed features.n_fft (${config.nFft})`);
  if (!(config.fMin >= 0)) problems.push(`features.f_min must be 0 or more (got ${config.fMin})`);
  if (!(config.fMax > config.fMin)) problems.push(`features.f_max (${config.fMax}) must be above features.f_min (${config.fMin})`);
  if (config.fMax > config.sampleRate / 2) {
    problems.push(`features.f_max (${config.fMax}) must not exceed half the sample rate (${config.sampleRate / 2})`);
  }
  return problems;
}

export class LogMelExtractor {
  readonly config: FrontEndConfig;
  readonly bins: number;
  private readonly window: Float64Array;
  private readonly spectrum: RealPowerSpectrum;
  private readonly filters: readonly MelFilter[];
  private readonly frame: Float64Array;
  private readonly power: Float64Array;

  constructor(config: FrontEndConfig) {
    const problems = frontEndProblems(config);
    if (problems.length > 0) throw new RangeError(`invalid front end: ${problems.join('; ')}`);
    this.config = config;
    this.window = periodicHannWindow(config.winLength, config.nFft);
    this.spectrum = new RealPowerSpectrum(config.nFft);
    this.bins = this.spectrum.bins;
    this.filters = melFilterbank(config);
    this.frame = new Float64Array(config.nFft);
    this.power = new Float64Array(this.bins);
  }

  /** Shortest input reflect padding accepts (torch requires more samples than the pad width). */
  get minSamples(): number {
    return Math.floor(this.config.nFft / 2) + 1;
  }

  frameCount(samples: number): number {
    return centeredFrameCount(samples, this.config.nFft, this.config.hopLength);
  }

  /** Row-major [frames, n_mels] log-mel features of a mono signal at config.sampleRate. */
  compute(signal: Float32Array | Float64Array): Float32Array {
    const out = new Float32Array(this.frameCount(signal.length) * this.config.nMels);
    this.computeInto(signal, out);
    return out;
  }

  computeInto(signal: Float32Array | Float64Array, out: Float32Array): void {
    const n = signal.length;
    if (n < this.minSamples) {
      throw new RangeError(`audio too short for the front end: ${n} samples, need at least ${this.minSamples}`);
    }
    const { nFft, hopLength, nMels } = this.config;
    const frames = this.frameCount(n);
    if (out.length < frames * nMels) throw new RangeError(`output holds ${out.length} values, need ${frames * nMels}`);
    const pad = Math.floor(nFft / 2);
    const frame = this.frame;
    const window = this.window;
    const power = this.power;
    for (let t = 0; t < frames; t += 1) {
      const start = t * hopLength - pad;
      if (start >= 0 && start + nFft <= n) {
        for (let i = 0; i < nFft; i += 1) frame[i] = (signal[start + i] as number) * (window[i] as number);
      } else {
        for (let i = 0; i < nFft; i += 1) frame[i] = (signal[reflectIndex(start + i, n)] as number) * (window[i] as number);
      }
      this.spectrum.compute(frame, power);
      const base = t * nMels;
      for (let m = 0; m < nMels; m += 1) {
        const filter = this.filters[m] as MelFilter;
        const weights = filter.weights;
        let acc = 0;
        for (let j = 0, b = filter.startBin; j < weights.length; j += 1, b += 1) acc += (weights[j] as number) * (power[b] as number);
        out[base + m] = DB_PER_NEPER * Math.log(acc > POWER_FLOOR ? acc : POWER_FLOOR);
      }
    }
  }
}

/** numpy/torch 'reflect' padding: the edge sample is not repeated. Valid for |overhang| < n. */
function reflectIndex(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * (n - 1) - i;
  return i;
}
