import { describe, expect, it } from 'vitest';
import { CONFIG_V1 } from './config-v1.fixture';
import { DEFAULT_CONFIG } from './defaults';
import { ConfigMigrationError, migrateConfig } from './migrations';
import { checkConfig } from './validate';

/** A fresh copy of the frozen version 1 config (config-v1.fixture.ts). */
function v1Config(): Record<string, unknown> {
  return structuredClone(CONFIG_V1) as Record<string, unknown>;
}

describe('config migrations', () => {
  it('upgrades a version 1 config to a valid current one, keeping the user choices', () => {
    const migrated = migrateConfig(v1Config());
    expect(migrated.from).toBe(1);
    expect(migrated.config.version).toBe(2);
    const result = checkConfig(v1Config());
    expect(result.errors).toEqual([]);
    expect(result.migratedFrom).toBe(1);
    const config = result.config!;
    expect(config.data.clip_duration).toBe(1.5);
    expect(config.optimizer).toMatchObject({ type: 'sgd', lr: 0.05, weight_decay: 0.0001, momentum: 0.8, grad_clip: 1 });
    // Version 1 had a constant learning rate: the migration keeps that behaviour.
    expect(config.optimizer).toMatchObject({ schedule: 'constant', warmup_epochs: 0, min_lr: 0 });
    expect(config.split).toEqual({ train: 0.7, validation: 0.2, test: 0.1 });
    expect(config.training).not.toHaveProperty('learning_rate');
    expect(config.model.budget).toEqual({ max_params: 0, max_size_kb: 0 });
    // What version 1 said comes through unchanged (later fields are filled in beside it).
    const v1 = v1Config();
    for (const key of ['features', 'augmentation', 'loss', 'selection'] as const) expect(config[key]).toMatchObject(v1[key] as object);
    expect(config.training).toMatchObject({ batch_size: 64, epochs: 30, seed: 42 });
    expect(migrated.notes.join('\n')).toContain('data.clip_ms 1500 -> data.clip_duration 1.5');
  });

  it('leaves a current config as it is', () => {
    const migrated = migrateConfig(DEFAULT_CONFIG);
    expect(migrated.from).toBe(2);
    expect(migrated.config).toEqual(DEFAULT_CONFIG);
    expect(migrated.notes).toEqual([]);
  });

  it('refuses configs from a newer version, a missing version and non-objects', () => {
    expect(() => migrateConfig({ ...DEFAULT_CONFIG, version: 3 })).toThrow(/newer Wakeword Studio; this one reads versions 1 to 2/);
    expect(() => migrateConfig({ data: {} })).toThrow(ConfigMigrationError);
    expect(() => migrateConfig({ data: {} })).toThrow('version is required (the current version is 2)');
    expect(() => migrateConfig({ version: 'two' })).toThrow('version must be a whole number from 1 to 2 (got "two")');
    expect(() => migrateConfig([1])).toThrow('a config must be a JSON object');
  });

  it('reports the migrated field name when a v1 value is out of range', () => {
    const bad = { ...v1Config(), split: { train: 80, validation: 10, test: 20 } };
    const result = checkConfig(bad);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.path)).toContain('split');
  });
});
