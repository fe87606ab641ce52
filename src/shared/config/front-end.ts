import type { FrontEndConfig } from '../core/audio/front-end-config';
import type { TrainingConfig } from './schema';

/** The audio front end a config asks for (CMVN is applied after it, see `features.cmvn`). */
export function toFrontEndConfig(config: Pick<TrainingConfig, 'data' | 'features'>): FrontEndConfig {
  return {
    sampleRate: config.data.sample_rate,
    nFft: config.features.n_fft,
    winLength: config.features.win_length,
    hopLength: config.features.hop_length,
    nMels: config.features.n_mels,
    fMin: config.features.f_min,
    fMax: config.features.f_max,
    clipSeconds: config.data.clip_duration,
  };
}
