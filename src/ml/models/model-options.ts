/**
 * What a model builder needs: the input's size, dropout, a seed, and each architecture's own knobs, keyed as
 * in the training config (`model.dscnn.channels`, ...) so a resolved config's `model` section can be passed in.
 */
import { OWW_MODEL_DEFAULTS, type TrainingConfig } from '../../shared/config/schema';

type ModelConfig = TrainingConfig['model'];

export interface ModelOptions {
  /** Feature frames per clip (101 for 1 s at hop 160). */
  readonly frames: number;
  readonly nMels: number;
  readonly numClasses?: number;
  /** Dropout before the classifier; 0 disables it. */
  readonly dropout?: number;
  /** Seeds every initializer and dropout mask, so a run can be rebuilt exactly; omitted = random. */
  readonly seed?: number;
  readonly dscnn?: Partial<ModelConfig['dscnn']>;
  readonly res8?: Partial<ModelConfig['res8']>;
  readonly tc_resnet8?: Partial<ModelConfig['tc_resnet8']>;
  readonly crnn?: Partial<ModelConfig['crnn']>;
  readonly oww?: Partial<ModelConfig['oww']>;
}

export interface ResolvedModelOptions {
  readonly frames: number;
  readonly nMels: number;
  readonly numClasses: number;
  readonly dropout: number;
  readonly seed: number | undefined;
  readonly dscnn: ModelConfig['dscnn'];
  readonly res8: ModelConfig['res8'];
  readonly tc_resnet8: ModelConfig['tc_resnet8'];
  readonly crnn: ModelConfig['crnn'];
  readonly oww: ModelConfig['oww'];
}

/** The `default` preset's model settings (src/shared/config/defaults.ts). */
export const MODEL_DEFAULTS = {
  numClasses: 2,
  dropout: 0.2,
  dscnn: { channels: 64, blocks: 4 },
  res8: { channels: 45 },
  tc_resnet8: { width_multiplier: 1 },
  crnn: { conv_channels: 16, gru_units: 64, gru_layers: 1 },
  oww: OWW_MODEL_DEFAULTS,
} as const;

function whole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min} (got ${value})`);
  return value;
}

export function resolveModelOptions(options: ModelOptions): ResolvedModelOptions {
  const dropout = options.dropout ?? MODEL_DEFAULTS.dropout;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`model.dropout must be at least 0 and below 1 (got ${dropout})`);
  const widthMultiplier = options.tc_resnet8?.width_multiplier ?? MODEL_DEFAULTS.tc_resnet8.width_multiplier;
  if (!(widthMultiplier > 0)) throw new Error(`model.tc_resnet8.width_multiplier must be above 0 (got ${widthMultiplier})`);
  return {
    frames: whole('frames', options.frames, 1),
    nMels: whole('n_mels', options.nMels, 1),
    numClasses: whole('number of classes', options.numClasses ?? MODEL_DEFAULTS.numClasses, 2),
    dropout,
    seed: options.seed,
    dscnn: {
      channels: whole('model.dscnn.channels', options.dscnn?.channels ?? MODEL_DEFAULTS.dscnn.channels, 1),
      blocks: whole('model.dscnn.blocks', options.dscnn?.blocks ?? MODEL_DEFAULTS.dscnn.blocks, 0),
    },
    res8: { channels: whole('model.res8.channels', options.res8?.channels ?? MODEL_DEFAULTS.res8.channels, 1) },
    tc_resnet8: { width_multiplier: widthMultiplier },
    crnn: {
      conv_channels: whole('model.crnn.conv_channels', options.crnn?.conv_channels ?? MODEL_DEFAULTS.crnn.conv_channels, 1),
      gru_units: whole('model.crnn.gru_units', options.crnn?.gru_units ?? MODEL_DEFAULTS.crnn.gru_units, 1),
      gru_layers: whole('model.crnn.gru_layers', options.crnn?.gru_layers ?? MODEL_DEFAULTS.crnn.gru_layers, 1),
    },
    oww: {
      layers: whole('model.oww.layers', options.oww?.layers ?? MODEL_DEFAULTS.oww.layers, 1),
      width: whole('model.oww.width', options.oww?.width ?? MODEL_DEFAULTS.oww.width, 1),
      augment_copies: whole('model.oww.augment_copies', options.oww?.augment_copies ?? MODEL_DEFAULTS.oww.augment_copies, 0),
    },
  };
}
