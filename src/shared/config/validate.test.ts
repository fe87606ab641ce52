import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from './defaults';
import { setAtPath } from './fields';
import { checkConfig, formatIssue, validateConfig, type ValidationContext } from './validate';

function errorsFor(changes: Record<string, unknown>, context: ValidationContext = {}): string[] {
  let config: Record<string, unknown> = { ...DSCNN_DEFAULT_CONFIG };
  for (const [path, value] of Object.entries(changes)) config = setAtPath(config, path, value);
  return validateConfig(config, context).errors.map(formatIssue);
}

function warningsFor(changes: Record<string, unknown>): string[] {
  let config: Record<string, unknown> = { ...DSCNN_DEFAULT_CONFIG };
  for (const [path, value] of Object.entries(changes)) config = setAtPath(config, path, value);
  const result = validateConfig(config);
  expect(result.ok).toBe(true);
  return result.warnings.map(formatIssue);
}

describe('config validation', () => {
  it('accepts the default config with no warnings', () => {
    const result = validateConfig(DSCNN_DEFAULT_CONFIG);
    expect(result).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(result.config).toEqual(DSCNN_DEFAULT_CONFIG);
  });

  describe('per-field ranges name the field and the allowed range', () => {
    it.each([
      ['training.epochs', 0, 'training.epochs: must be a whole number from 1 to 1000 (got 0)'],
      ['training.epochs', 2.5, 'training.epochs: must be a whole number from 1 to 1000 (got 2.5)'],
      ['optimizer.lr', 2, 'optimizer.lr: must be a number from 0.000001 to 1 (got 2)'],
      ['augmentation.gain.probability', -0.1, 'augmentation.gain.probability: must be a number from 0 to 1 (got -0.1)'],
      ['model.architecture', 'resnet50', 'model.architecture: must be one of dscnn | res8 | tc_resnet8 | crnn | oww_dnn | oww_rnn (got "resnet50")'],
      ['features.cmvn', 'yes', 'features.cmvn: must be true or false (got "yes")'],
      ['training.batch_size', 'abc', 'training.batch_size: must be a whole number from 1 to 4096 (got "abc")'],
      ['data.sample_rate', undefined, 'data.sample_rate: is required: a whole number from 8000 to 48,000'],
    ])('%s = %j', (path, value, message) => {
      expect(errorsFor({ [path]: value })).toEqual([message]);
    });

    it('names unknown fields with a suggestion', () => {
      expect(errorsFor({ 'model.architectur': 'res8' })).toEqual(['model.architectur: unknown field (did you mean model.architecture?)']);
    });

    it('names a missing or malformed section', () => {
      const { loss: _loss, ...noLoss } = DSCNN_DEFAULT_CONFIG;
      expect(validateConfig(noLoss).errors.map(formatIssue)).toEqual(['loss: section is required']);
      expect(errorsFor({ loss: 3 })).toEqual(['loss: must be a section of settings (got 3)']);
    });
  });

  describe('cross-field rules', () => {
    it.each([
      [{ 'split.test': 0.2 }, 'split: split.train + split.validation + split.test must add up to 1 (got 1.1)'],
      [{ 'optimizer.warmup_epochs': 30 }, 'optimizer.warmup_epochs: must be less than training.epochs: a whole number from 0 to 29 (got 30)'],
      [{ 'optimizer.min_lr': 0.01 }, 'optimizer.min_lr: must not exceed optimizer.lr: a number from 0 to 0.001 (got 0.01)'],
      [{ 'features.f_max': 11000 }, 'features.f_max: must be at most data.sample_rate / 2: a number from 0 to 8000 Hz (got 11000)'],
      [{ 'features.f_min': 8000 }, 'features.f_min: must be below features.f_max: a number from 0 to 8000 Hz (got 8000)'],
      [{ 'features.win_length': 512 }, 'features.win_length: must not exceed features.n_fft: a whole number from 16 to 400 (got 512)'],
      [{ 'data.clip_duration': 0.1, 'features.n_fft': 2048, 'features.win_length': 2048 }, 'data.clip_duration: must be at least features.n_fft / data.sample_rate = 0.128 s so one FFT window fits (got 0.1 s)'],
      [
        { 'data.clip_duration': 0.1, 'features.hop_length': 320, 'augmentation.spec_augment.time_mask_width': 3 },
        'data.clip_duration: gives 6 frames at features.hop_length 320; dscnn needs at least 10: at least 0.18 s (got 0.1 s)',
      ],
      [{ 'model.architecture': 'dscnn', 'features.n_mels': 8, 'augmentation.spec_augment.freq_mask_width': 3 }, null],
      [{ 'augmentation.speed.min': 1.2 }, 'augmentation.speed.max: must be at least augmentation.speed.min (1.2) (got 1.1)'],
      [{ 'augmentation.spec_augment.freq_mask_width': 41 }, 'augmentation.spec_augment.freq_mask_width: must not exceed features.n_mels: a whole number from 0 to 40 (got 41)'],
      [{ 'augmentation.spec_augment.time_mask_width': 100, 'data.clip_duration': 0.5 }, "augmentation.spec_augment.time_mask_width: must be shorter than the clip's 51 frames: a whole number from 0 to 50 (got 100)"],
      [{ 'model.budget.max_params': 20000 }, 'model.budget.max_params: the dscnn model has 23,682 parameters, over the budget of 20,000: choose a smaller architecture or width'],
      [{ 'model.budget.max_size_kb': 50 }, 'model.budget.max_size_kb: the dscnn model takes 92.5078 KB as float32, over the budget of 50 KB: choose a smaller architecture or width'],
    ] as const)('%j', (changes, message) => {
      const errors = errorsFor(changes as Record<string, unknown>);
      if (message === null) expect(errors).toEqual([]);
      else expect(errors).toEqual([message]);
    });

    it('needs enough mel bins for the architecture', () => {
      expect(errorsFor({ 'model.architecture': 'crnn', 'features.n_mels': 4, 'augmentation.spec_augment.freq_mask_width': 2 }).join()).toBe(
        'features.n_mels: must be a whole number from 8 to 128 (got 4)',
      );
    });

    it('never blocks a batch larger than the training set (the default preset on 104 clips): one smaller batch per epoch', () => {
      expect(errorsFor({ 'training.batch_size': 128 })).toEqual([]);
      expect(errorsFor({ 'training.batch_size': 128 }, { trainClips: 100 })).toEqual([]);
      const checked = checkConfig(DEFAULT_CONFIG, { trainClips: 100 });
      expect(checked.ok).toBe(true);
      expect(checked.warnings.map(formatIssue)).toContain('training.batch_size: is larger than the 100 training clips, so each epoch trains on one batch of 100 clips');
      expect(checkConfig(DEFAULT_CONFIG, { trainClips: 500 }).warnings.map((w) => w.path)).not.toContain('training.batch_size');
    });
  });

  describe('warnings do not block', () => {
    it.each([
      [{ 'split.train': 0.9, 'split.test': 0 }, 'split.test: no test split: final figures will come from data the model was selected on'],
      [{ 'optimizer.lr': 0.05 }, 'optimizer.lr: 0.05 is unusually high for adam; 0.0001 to 0.01 is typical'],
      [{ 'training.early_stopping.patience': 40 }, 'training.early_stopping.patience: is not below training.epochs (30), so early stopping can never trigger'],
      [{ 'model.dropout': 0.7 }, 'model.dropout: 0.7 is high; training may learn slowly'],
      [{ 'features.hop_length': 500, 'features.n_fft': 512, 'features.win_length': 400 }, 'features.hop_length: is longer than features.win_length (400): some samples fall between windows'],
    ] as const)('%j', (changes, message) => {
      expect(warningsFor(changes)).toEqual([message]);
    });
  });

  it('checkConfig reports a missing version by name', () => {
    const { version: _version, ...rest } = DSCNN_DEFAULT_CONFIG;
    expect(checkConfig(rest).errors.map(formatIssue)).toEqual(['version: version is required (the current version is 2)']);
  });

  describe('oww_dnn (openWakeWord embeddings)', () => {
    it('needs 16 kHz audio and no CMVN, naming the field', () => {
      expect(errorsFor({ 'model.architecture': 'oww_dnn', 'features.cmvn': false })).toEqual([]);
      expect(errorsFor({ 'model.architecture': 'oww_dnn', 'features.cmvn': true })).toEqual(["features.cmvn: must be false for oww_dnn: openWakeWord's embeddings are used as they come (got true)"]);
      expect(errorsFor({ 'model.architecture': 'oww_dnn', 'features.cmvn': false, 'data.sample_rate': 22050, 'features.f_max': 8000 })).toEqual([
        "data.sample_rate: oww_dnn uses openWakeWord's feature models, which take 16000 Hz audio (got 22050)",
      ]);
    });

    it('warns when hard-negative mining would start after the last epoch, and accepts configs without the mining section', () => {
      const oww = { 'model.architecture': 'oww_dnn', 'features.cmvn': false } as const;
      expect(warningsFor({ ...oww, 'training.mining.first_epoch': 30 })).toEqual(['training.mining.first_epoch: is not below training.epochs (30), so no epoch trains on the mined negatives']);
      expect(warningsFor({ ...oww, 'training.mining.first_epoch': 30, 'training.mining.rounds': 0 })).toEqual([]);
      expect(warningsFor({ 'training.mining.first_epoch': 30 })).toEqual([]);
      const { long_negatives: _l, mining: _m, ...olderTraining } = DSCNN_DEFAULT_CONFIG.training;
      const older = checkConfig({ ...DSCNN_DEFAULT_CONFIG, training: olderTraining });
      expect(older.errors).toEqual([]);
      expect(older.config?.training.mining).toEqual({ rounds: 3, first_epoch: 5, every: 5, top_windows: 500, min_score: 0.2, weight: 2 });
      expect(older.config?.training.long_negatives).toEqual({ hop: 1, windows_per_epoch: 10_000 });
    });

    it('fills model.oww with defaults in configs written before it existed, and checks its ranges', () => {
      const { oww: _oww, ...model } = DSCNN_DEFAULT_CONFIG.model;
      const result = checkConfig({ ...DSCNN_DEFAULT_CONFIG, model });
      expect(result.config?.model.oww).toEqual({ layers: 2, width: 128, augment_copies: 2 });
      expect(errorsFor({ 'model.oww.width': 4 })).toEqual(['model.oww.width: must be a whole number from 8 to 1024 (got 4)']);
    });
  });
});

describe('speaker and channel augmentation fields', () => {
  it('checks their ranges and that each minimum stays below its maximum', () => {
    expect(errorsFor({ 'augmentation.vtlp.max': 2 })).toEqual(['augmentation.vtlp.max: must be a number from 0.7 to 1.4 (got 2)']);
    expect(errorsFor({ 'augmentation.tempo.min': 1.2, 'augmentation.tempo.max': 1.1 })).toEqual(['augmentation.tempo.max: must be at least augmentation.tempo.min (1.2) (got 1.1)']);
    expect(errorsFor({ 'augmentation.voice_pitch.min': 4, 'augmentation.voice_pitch.max': -2 })).toEqual(['augmentation.voice_pitch.max: must be at least augmentation.voice_pitch.min (4) (got -2)']);
    expect(errorsFor({ 'augmentation.other_speaker.min': 300, 'augmentation.other_speaker.max': 200 })).toEqual(['augmentation.other_speaker.max: must be at least augmentation.other_speaker.min (300) (got 200)']);
    expect(errorsFor({ 'augmentation.other_speaker.min': 20 })).toEqual(['augmentation.other_speaker.min: must be a number from 50 to 400 (got 20)']);
    expect(errorsFor({ 'augmentation.synthetic_reverb.rt60_min': 0.9, 'augmentation.synthetic_reverb.rt60_max': 0.5 })).toEqual([
      'augmentation.synthetic_reverb.rt60_max: must be at least augmentation.synthetic_reverb.rt60_min (0.9) (got 0.5)',
    ]);
    expect(errorsFor({ 'augmentation.telephone.probability': 1.5 })).toEqual(['augmentation.telephone.probability: must be a number from 0 to 1 (got 1.5)']);
    expect(errorsFor({ 'augmentation.low_pass.min': 100 })).toEqual(['augmentation.low_pass.min: must be a number from 500 to 24,000 (got 100)']);
  });
});
