import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from './defaults';
import { ASSUMED_TRAIN_CLIPS, estimateConfig, OWW_EMBEDDED_EXAMPLES_PER_SECOND, formatBytes, formatDuration, inputFrames } from './estimate';
import { setAtPath } from './fields';
import { describeModel } from './model-shapes';
import { trainingConfigSchema, type TrainingConfig } from './schema';

function withChanges(changes: Record<string, unknown>): TrainingConfig {
  let config: Record<string, unknown> = { ...DSCNN_DEFAULT_CONFIG };
  for (const [path, value] of Object.entries(changes)) config = setAtPath(config, path, value);
  return trainingConfigSchema.parse(config);
}

describe('model shapes (documented formulas)', () => {
  it('counts DS-CNN-S: 22,530 trainable + 1,152 non-trainable', () => {
    const shape = describeModel(DSCNN_DEFAULT_CONFIG, 101, 40);
    expect(shape.trainableParams).toBe(40 * 64 + 128 + 4 * (9 * 64 + 128 + 64 * 64 + 128) + 64 * 2 + 2);
    expect(shape.trainableParams).toBe(22530);
    expect(shape.nonTrainableParams).toBe(1152);
    expect(shape.layers[0]?.output).toEqual([51, 20, 64]);
    expect(shape.layers.at(-1)?.output).toEqual([2]);
  });

  it('counts Res8 as Tang & Lin (45 maps): 109,847 trainable + 540 BN statistics', () => {
    const shape = describeModel(withChanges({ 'model.architecture': 'res8' }), 101, 40);
    expect(shape.trainableParams).toBe(9 * 45 + 6 * 9 * 45 * 45 + 45 * 2 + 2);
    expect(shape.nonTrainableParams).toBe(540);
    expect(shape.layers[1]?.output).toEqual([25, 13, 45]);
  });

  it('counts TC-ResNet8 (k = 1) near the paper\'s 66K, and scales with the width multiplier', () => {
    const shape = describeModel(withChanges({ 'model.architecture': 'tc_resnet8' }), 101, 40);
    const block = (i: number, c: number): number => 9 * i * c + 9 * c * c + i * c + 6 * c;
    expect(shape.trainableParams).toBe(3 * 40 * 16 + 32 + block(16, 24) + block(24, 32) + block(32, 48) + 48 * 2 + 2);
    expect(shape.totalParams).toBeGreaterThan(60000);
    expect(shape.totalParams).toBeLessThan(70000);
    expect(shape.layers.at(-2)?.output).toEqual([48]);
    const wide = describeModel(withChanges({ 'model.architecture': 'tc_resnet8', 'model.tc_resnet8.width_multiplier': 1.5 }), 101, 40);
    expect(wide.totalParams).toBeGreaterThan(shape.totalParams * 1.8);
  });

  it('counts the CRNN with TF.js GRU weights (3 gates, one bias each)', () => {
    const shape = describeModel(withChanges({ 'model.architecture': 'crnn' }), 101, 40);
    const gru = 3 * (20 * 16 * 64 + 64 * 64 + 64);
    expect(shape.trainableParams).toBe(25 * 16 + 32 + gru + 64 * 2 + 2);
    const twoLayers = describeModel(withChanges({ 'model.architecture': 'crnn', 'model.crnn.gru_layers': 2 }), 101, 40);
    expect(twoLayers.trainableParams - shape.trainableParams).toBe(3 * (64 * 64 + 64 * 64 + 64));
  });
});

describe('config estimates', () => {
  it('derives frames from clip length and hop', () => {
    expect(inputFrames(DSCNN_DEFAULT_CONFIG)).toBe(101);
    expect(inputFrames(withChanges({ 'data.clip_duration': 1.5 }))).toBe(151);
  });

  it('reports size as float32 and int8 weights', () => {
    const estimate = estimateConfig(DSCNN_DEFAULT_CONFIG);
    expect(estimate.sizeBytesFloat32).toBe(23682 * 4);
    expect(estimate.sizeBytesInt8).toBe(23682);
  });

  it('grows memory with the batch and with optimiser state', () => {
    const small = estimateConfig(withChanges({ 'training.batch_size': 16 }));
    const large = estimateConfig(withChanges({ 'training.batch_size': 128 }));
    expect(large.batchMemoryBytes).toBeGreaterThan(small.batchMemoryBytes * 4);
    const sgd = estimateConfig(withChanges({ 'optimizer.type': 'sgd', 'optimizer.momentum': 0 }));
    expect(estimateConfig(DSCNN_DEFAULT_CONFIG).batchMemoryBytes - sgd.batchMemoryBytes).toBe(23682 * 4 * 2);
  });

  it('scales time per epoch with the dataset and the backend', () => {
    const assumed = estimateConfig(DSCNN_DEFAULT_CONFIG, { autoBackend: 'wasm' });
    expect(assumed.epoch).toMatchObject({ backend: 'wasm', trainClips: ASSUMED_TRAIN_CLIPS, assumedClips: true, steps: 16 });
    const known = estimateConfig(DSCNN_DEFAULT_CONFIG, { autoBackend: 'wasm', trainClips: 5000 });
    expect(known.epoch).toMatchObject({ trainClips: 5000, assumedClips: false, steps: 79 });
    expect(known.epoch.seconds).toBeGreaterThan(assumed.epoch.seconds * 4);
    const cpu = estimateConfig(DSCNN_DEFAULT_CONFIG, { autoBackend: 'cpu', trainClips: 5000 });
    expect(cpu.epoch.seconds).toBeGreaterThan(known.epoch.seconds);
    const explicit = estimateConfig(withChanges({ 'training.backend': 'tensorflow' }), { autoBackend: 'cpu' });
    expect(explicit.epoch.backend).toBe('tensorflow');
    expect(known.preparation).toBeNull();
  });

  it('counts augmented copies for oww_* models and a one-time embedding pass instead of a front end per epoch', () => {
    const config = DEFAULT_CONFIG;
    expect(config.model.architecture).toBe('oww_dnn');
    const copies = config.model.oww.augment_copies;
    const estimate = estimateConfig(config, { autoBackend: 'wasm', trainClips: 1000 });
    const examples = 1000 * (1 + copies);
    expect(estimate.epoch.steps).toBe(Math.ceil(examples / config.training.batch_size));
    const validation = Math.round((1000 * config.split.validation) / config.split.train);
    expect(estimate.preparation).toEqual({ examples: examples + validation, seconds: (examples + validation) / OWW_EMBEDDED_EXAMPLES_PER_SECOND });
    // Epochs on cached embeddings are cheap next to embedding the data once.
    expect(estimate.epoch.seconds).toBeLessThan(estimate.preparation!.seconds);
    const moreCopies = estimateConfig(trainingConfigSchema.parse(setAtPath(config, 'model.oww.augment_copies', copies + 2)), { autoBackend: 'wasm', trainClips: 1000 });
    expect(moreCopies.preparation!.seconds).toBeGreaterThan(estimate.preparation!.seconds);
    expect(moreCopies.epoch.steps).toBeGreaterThan(estimate.epoch.steps);
  });

  it('formats bytes and durations for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(94728)).toBe('92.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatDuration(0.2)).toBe('< 1 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(7200)).toBe('2.0 h');
  });
});
