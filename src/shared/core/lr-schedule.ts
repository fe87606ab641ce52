/** Learning rate per epoch: linear warm-up, then cosine / step / plateau / constant, never below min_lr. */
export interface ScheduleConfig {
  readonly lr: number;
  readonly min_lr: number;
  readonly schedule: 'cosine' | 'step' | 'plateau' | 'constant';
  readonly warmup_epochs: number;
  readonly step_size: number;
  readonly gamma: number;
  readonly plateau_patience: number;
}

/**
 * `epoch` counts from 1. `plateauDecays` is how many times the plateau rule has fired so far
 * (the loop tracks it, because it depends on validation results).
 */
export function learningRateAt(config: ScheduleConfig, epoch: number, epochs: number, plateauDecays = 0): number {
  const { lr, min_lr: minLr, warmup_epochs: warmup } = config;
  if (epoch <= warmup) return Math.max(minLr, (lr * epoch) / (warmup + 1));
  switch (config.schedule) {
    case 'constant':
      return lr;
    case 'cosine': {
      // The first scheduled epoch runs at lr and the last at min_lr.
      const span = Math.max(1, epochs - warmup - 1);
      const progress = Math.min(1, (epoch - warmup - 1) / span);
      return minLr + ((lr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    case 'step':
      return Math.max(minLr, lr * config.gamma ** Math.floor((epoch - warmup - 1) / config.step_size));
    case 'plateau':
      return Math.max(minLr, lr * config.gamma ** plateauDecays);
  }
}
