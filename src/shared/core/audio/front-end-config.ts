/**
 * The audio front end's definition: log-mel features defined to equal torchaudio's
 * MelSpectrogram(center=True, pad_mode='reflect', mel_scale='htk', norm=None, power=2, periodic Hann)
 * followed by 10*log10(max(p, 1e-10)). Export writes this beside a model so deployments reproduce it.
 */
export interface FrontEndConfig {
  readonly sampleRate: number;
  readonly nFft: number;
  readonly winLength: number;
  readonly hopLength: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
  /** Length every clip is cropped or padded to before feature extraction. */
  readonly clipSeconds: number;
}

export const DEFAULT_FRONT_END: FrontEndConfig = {
  sampleRate: 16000,
  nFft: 400,
  winLength: 400,
  hopLength: 160,
  nMels: 40,
  fMin: 0,
  fMax: 8000,
  clipSeconds: 1,
};

/** Frames torch.stft yields with center=True: 1 + floor((len + 2*floor(n_fft/2) - n_fft) / hop). */
export function centeredFrameCount(samples: number, nFft: number, hopLength: number): number {
  const padded = samples + 2 * Math.floor(nFft / 2);
  return padded < nFft ? 0 : 1 + Math.floor((padded - nFft) / hopLength);
}

/**
 * Frames torchaudio produces with center=True: one per hop, plus one (exact for even n_fft; pass nFft
 * to be exact for odd sizes too).
 */
export function frameCount(samples: number, hopLength: number, nFft?: number): number {
  if (nFft !== undefined) return centeredFrameCount(samples, nFft, hopLength);
  return Math.floor(samples / hopLength) + 1;
}
