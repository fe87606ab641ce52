/**
 * How the configuration form is laid out: which fields sit in which group, their labels and units.
 * Ranges and choices are not repeated here; they come from the schema (shared/config/fields.ts).
 */
import type { Architecture } from '../../shared/config/schema';

export interface FieldLabel {
  readonly label: string;
  readonly unit?: string;
}

export interface FormSection {
  readonly title?: string;
  readonly fields: readonly string[];
  /** Shown only for these architectures (per-architecture options). */
  readonly architectures?: readonly Architecture[];
}

export interface FormGroup {
  readonly id: 'basic' | 'augmentation' | 'model' | 'optimizer' | 'loss' | 'advanced';
  readonly title: string;
  readonly sections: readonly FormSection[];
}

const RANGED_AUGMENTATIONS: readonly (readonly [string, string, string])[] = [
  ['time_shift', 'Time shift', 's'],
  ['gain', 'Gain', 'dB'],
  ['background_noise', 'Background noise SNR', 'dB'],
  ['reverb', 'Reverb (RIR) wet mix', 'wet fraction'],
  ['speed', 'Speed', '×'],
  ['pitch', 'Pitch', 'semitones'],
  ['tempo', 'Tempo (same pitch)', '×'],
  ['vtlp', 'Vocal-tract length (formant warp)', '×'],
  ['voice_pitch', 'Voice pitch (formants kept)', 'semitones'],
  ['other_speaker', 'Other speaker (target voice pitch)', 'Hz'],
  ['low_pass', 'Low-pass cut-off', 'Hz'],
];

export const FORM_GROUPS: readonly FormGroup[] = [
  {
    id: 'basic',
    title: 'Basic',
    sections: [
      { fields: ['model.architecture', 'training.epochs', 'training.batch_size', 'optimizer.lr', 'training.backend'] },
      { title: 'Audio', fields: ['data.sample_rate', 'data.clip_duration'] },
      { title: 'Split', fields: ['split.train', 'split.validation', 'split.test'] },
      { title: 'Model selection', fields: ['selection.metric', 'selection.target_fah'] },
    ],
  },
  {
    id: 'augmentation',
    title: 'Augmentation',
    sections: [
      ...RANGED_AUGMENTATIONS.map(([key, title]) => ({
        title,
        fields: [`augmentation.${key}.probability`, `augmentation.${key}.min`, `augmentation.${key}.max`],
      })),
      { title: 'Telephone band (300-3400 Hz, as 8 kHz audio)', fields: ['augmentation.telephone.probability'] },
      {
        title: 'Generated rooms for reverb (used when rirs/ is empty)',
        fields: ['augmentation.synthetic_reverb.enabled', 'augmentation.synthetic_reverb.rt60_min', 'augmentation.synthetic_reverb.rt60_max'],
      },
      {
        title: 'SpecAugment',
        fields: [
          'augmentation.spec_augment.probability',
          'augmentation.spec_augment.time_masks',
          'augmentation.spec_augment.time_mask_width',
          'augmentation.spec_augment.freq_masks',
          'augmentation.spec_augment.freq_mask_width',
        ],
      },
    ],
  },
  {
    id: 'model',
    title: 'Model',
    sections: [
      { fields: ['model.dropout'] },
      { title: 'DS-CNN', architectures: ['dscnn'], fields: ['model.dscnn.channels', 'model.dscnn.blocks'] },
      { title: 'Res8', architectures: ['res8'], fields: ['model.res8.channels'] },
      { title: 'TC-ResNet8', architectures: ['tc_resnet8'], fields: ['model.tc_resnet8.width_multiplier'] },
      { title: 'CRNN', architectures: ['crnn'], fields: ['model.crnn.conv_channels', 'model.crnn.gru_units', 'model.crnn.gru_layers'] },
      { title: 'openWakeWord head (DNN: dense layers; RNN: bidirectional LSTMs)', architectures: ['oww_dnn', 'oww_rnn'], fields: ['model.oww.layers', 'model.oww.width', 'model.oww.augment_copies'] },
      { title: 'Budget (0 = no limit)', fields: ['model.budget.max_params', 'model.budget.max_size_kb'] },
    ],
  },
  {
    id: 'optimizer',
    title: 'Optimizer',
    sections: [
      { fields: ['optimizer.type', 'optimizer.weight_decay', 'optimizer.momentum', 'optimizer.grad_clip'] },
      {
        title: 'Learning-rate schedule',
        fields: ['optimizer.schedule', 'optimizer.warmup_epochs', 'optimizer.min_lr', 'optimizer.step_size', 'optimizer.gamma', 'optimizer.plateau_patience'],
      },
    ],
  },
  {
    id: 'loss',
    title: 'Loss',
    sections: [
      { fields: ['loss.type', 'loss.label_smoothing', 'loss.focal_alpha', 'loss.focal_gamma'] },
      { title: 'Class weights', fields: ['loss.class_weights', 'loss.custom_weights.negative', 'loss.custom_weights.positive', 'loss.hard_negative_weight', 'loss.recorded_weight'] },
    ],
  },
  {
    id: 'advanced',
    title: 'Advanced',
    sections: [
      {
        title: 'Features (log-mel front end)',
        fields: ['features.n_mels', 'features.n_fft', 'features.win_length', 'features.hop_length', 'features.f_min', 'features.f_max', 'features.cmvn'],
      },
      { title: 'Early stopping', fields: ['training.early_stopping.enabled', 'training.early_stopping.patience', 'training.early_stopping.metric'] },
      { title: 'Checkpoints', fields: ['training.checkpoint.keep_last', 'training.checkpoint.save_best'] },
      { title: 'Weight averaging (EMA)', fields: ['training.ema.enabled', 'training.ema.decay'] },
      { title: 'Run', fields: ['training.prefetch', 'training.seed'] },
      {
        title: 'Long negative recordings and hard-negative mining (openWakeWord models)',
        architectures: ['oww_dnn', 'oww_rnn'],
        fields: [
          'training.long_negatives.hop',
          'training.long_negatives.windows_per_epoch',
          'training.mining.rounds',
          'training.mining.first_epoch',
          'training.mining.every',
          'training.mining.top_windows',
          'training.mining.min_score',
          'training.mining.weight',
        ],
      },
    ],
  },
];

const rangedLabels = Object.fromEntries(
  RANGED_AUGMENTATIONS.flatMap(([key, title, unit]) => [
    [`augmentation.${key}.probability`, { label: `${title} probability` }],
    [`augmentation.${key}.min`, { label: `${title} min`, unit }],
    [`augmentation.${key}.max`, { label: `${title} max`, unit }],
  ]),
) as Record<string, FieldLabel>;

export const FIELD_LABELS: Readonly<Record<string, FieldLabel>> = {
  'data.sample_rate': { label: 'Sample rate', unit: 'Hz' },
  'data.clip_duration': { label: 'Clip duration', unit: 's' },
  'features.n_mels': { label: 'Mel bins' },
  'features.n_fft': { label: 'FFT size', unit: 'samples' },
  'features.win_length': { label: 'Window length', unit: 'samples' },
  'features.hop_length': { label: 'Hop length', unit: 'samples' },
  'features.f_min': { label: 'Lowest frequency', unit: 'Hz' },
  'features.f_max': { label: 'Highest frequency', unit: 'Hz' },
  'features.cmvn': { label: 'Mean/variance normalisation (CMVN)' },
  ...rangedLabels,
  'augmentation.telephone.probability': { label: 'Telephone band probability' },
  'augmentation.synthetic_reverb.enabled': { label: 'Generate rooms when rirs/ is empty' },
  'augmentation.synthetic_reverb.rt60_min': { label: 'Room RT60 min', unit: 's' },
  'augmentation.synthetic_reverb.rt60_max': { label: 'Room RT60 max', unit: 's' },
  'augmentation.spec_augment.probability': { label: 'SpecAugment probability' },
  'augmentation.spec_augment.time_masks': { label: 'Time masks' },
  'augmentation.spec_augment.time_mask_width': { label: 'Time mask width', unit: 'frames' },
  'augmentation.spec_augment.freq_masks': { label: 'Frequency masks' },
  'augmentation.spec_augment.freq_mask_width': { label: 'Frequency mask width', unit: 'mel bins' },
  'model.architecture': { label: 'Architecture' },
  'model.dropout': { label: 'Dropout' },
  'model.dscnn.channels': { label: 'DS-CNN channels' },
  'model.dscnn.blocks': { label: 'DS-CNN blocks' },
  'model.res8.channels': { label: 'Res8 feature maps' },
  'model.tc_resnet8.width_multiplier': { label: 'TC-ResNet8 width multiplier', unit: '×' },
  'model.crnn.conv_channels': { label: 'CRNN conv channels' },
  'model.crnn.gru_units': { label: 'CRNN GRU units' },
  'model.crnn.gru_layers': { label: 'CRNN GRU layers' },
  'model.oww.layers': { label: 'oww layers (dense or LSTM)' },
  'model.oww.width': { label: 'oww layer width (per LSTM direction)', unit: 'units' },
  'model.oww.augment_copies': { label: 'oww augmented copies per clip', unit: 'copies' },
  'model.budget.max_params': { label: 'Parameter budget', unit: 'parameters' },
  'model.budget.max_size_kb': { label: 'Size budget', unit: 'KB (float32)' },
  'training.batch_size': { label: 'Batch size', unit: 'clips' },
  'training.epochs': { label: 'Epochs' },
  'training.prefetch': { label: 'Prefetch', unit: 'batches' },
  'training.early_stopping.enabled': { label: 'Stop early' },
  'training.early_stopping.patience': { label: 'Patience', unit: 'epochs' },
  'training.early_stopping.metric': { label: 'Watch' },
  'training.checkpoint.keep_last': { label: 'Keep last', unit: 'checkpoints' },
  'training.checkpoint.save_best': { label: 'Keep the best checkpoint' },
  'training.ema.enabled': { label: 'Use EMA weights' },
  'training.ema.decay': { label: 'EMA decay' },
  'training.seed': { label: 'Random seed' },
  'training.backend': { label: 'Backend' },
  'training.long_negatives.hop': { label: 'Long-negative window hop', unit: '80 ms steps' },
  'training.long_negatives.windows_per_epoch': { label: 'Long-negative windows per epoch', unit: 'windows' },
  'training.mining.rounds': { label: 'Mining rounds (0 = off)' },
  'training.mining.first_epoch': { label: 'First mining after epoch' },
  'training.mining.every': { label: 'Mine again every', unit: 'epochs' },
  'training.mining.top_windows': { label: 'Windows mined per round', unit: 'windows' },
  'training.mining.min_score': { label: 'Lowest score mined' },
  'training.mining.weight': { label: 'Mined-negative weight' },
  'optimizer.type': { label: 'Optimizer' },
  'optimizer.lr': { label: 'Learning rate' },
  'optimizer.weight_decay': { label: 'Weight decay' },
  'optimizer.momentum': { label: 'Momentum (sgd)' },
  'optimizer.schedule': { label: 'Schedule' },
  'optimizer.warmup_epochs': { label: 'Warm-up', unit: 'epochs' },
  'optimizer.min_lr': { label: 'Minimum learning rate' },
  'optimizer.step_size': { label: 'Step every', unit: 'epochs' },
  'optimizer.gamma': { label: 'Decay factor' },
  'optimizer.plateau_patience': { label: 'Plateau patience', unit: 'epochs' },
  'optimizer.grad_clip': { label: 'Gradient clip (0 = off)', unit: 'norm' },
  'loss.type': { label: 'Loss' },
  'loss.label_smoothing': { label: 'Label smoothing' },
  'loss.focal_alpha': { label: 'Focal alpha' },
  'loss.focal_gamma': { label: 'Focal gamma' },
  'loss.class_weights': { label: 'Class weights' },
  'loss.custom_weights.negative': { label: 'Negative weight (custom)' },
  'loss.custom_weights.positive': { label: 'Positive weight (custom)' },
  'loss.hard_negative_weight': { label: 'Hard-negative weight' },
  'loss.recorded_weight': { label: 'Recorded-voice weight' },
  'selection.metric': { label: 'Best model by' },
  'selection.target_fah': { label: 'Target false accepts', unit: 'per hour' },
  'split.train': { label: 'Train share' },
  'split.validation': { label: 'Validation share' },
  'split.test': { label: 'Test share' },
};
