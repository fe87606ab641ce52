import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { deepMerge, parseSet, resolveConfigData } from './resolve';
import { formatIssue } from './validate';
import { diffConfigs, parsePreset, checkName } from './presets';

const base = { value: DEFAULT_CONFIG, label: 'preset "default"' };

describe('--set parsing', () => {
  it('coerces values to the field type', () => {
    expect(parseSet('training.epochs=5')).toEqual({ ok: true, path: 'training.epochs', value: 5 });
    expect(parseSet('optimizer.lr = 3e-4')).toEqual({ ok: true, path: 'optimizer.lr', value: 0.0003 });
    expect(parseSet('features.cmvn=off')).toEqual({ ok: true, path: 'features.cmvn', value: false });
    expect(parseSet('model.architecture=res8')).toEqual({ ok: true, path: 'model.architecture', value: 'res8' });
  });

  it.each([
    ['training.epochs', '', '--set expects key=value, like model.architecture=res8 (got "training.epochs")'],
    ['training.epochs=five', 'training.epochs', 'must be a whole number from 1 to 1000 (got "five")'],
    ['training.epochs=', 'training.epochs', 'must be a whole number from 1 to 1000 (got "")'],
    ['features.cmvn=maybe', 'features.cmvn', 'must be true or false (got "maybe")'],
    ['model=res8', 'model', 'is a section; set one of its fields, such as model.architecture'],
    ['model.architectur=res8', 'model.architectur', 'unknown field (did you mean model.architecture?)'],
    ['version=1', 'version', 'is set by the file format and cannot be overridden'],
  ])('rejects %j', (text, path, message) => {
    expect(parseSet(text)).toEqual({ ok: false, issue: { path, message, severity: 'error' } });
  });
});

describe('config resolution', () => {
  it('applies overrides over the preset and validates', () => {
    const result = resolveConfigData({ base, sets: ['model.architecture=res8', 'training.epochs=5'] });
    expect(result.ok).toBe(true);
    expect(result.config?.model.architecture).toBe('res8');
    expect(result.config?.training.epochs).toBe(5);
    expect(diffConfigs(DEFAULT_CONFIG, result.config)).toEqual([
      { path: 'model.architecture', from: 'oww_dnn', to: 'res8' },
      { path: 'training.epochs', from: 60, to: 5 },
    ]);
  });

  it('lays a partial config file over the preset, migrating it first', () => {
    const overlay = { value: { version: 1, data: { clip_ms: 1500 } }, label: 'old.json' };
    const result = resolveConfigData({ base, overlay });
    expect(result.errors).toEqual([]);
    expect(result.config?.data).toEqual({ sample_rate: 16000, clip_duration: 1.5 });
    expect(result.notes).toContain('old.json (version 1): data.clip_ms 1500 -> data.clip_duration 1.5 (seconds)');
  });

  it('reports bad overrides and range errors together, naming fields', () => {
    const result = resolveConfigData({ base, sets: ['training.epochs=0', 'model.widht=3'] });
    expect(result.ok).toBe(false);
    expect(result.config).toBeNull();
    expect(result.errors.map(formatIssue)).toEqual([
      'model.widht: unknown field (in --set model.widht=3)',
      'training.epochs: must be a whole number from 1 to 1000 (got 0)',
    ]);
  });

  it('applies cross-field checks after overrides (warm-up vs epochs)', () => {
    const result = resolveConfigData({ base, sets: ['training.epochs=1'] });
    expect(result.errors.map(formatIssue)).toEqual(['optimizer.warmup_epochs: must be less than training.epochs: a whole number from 0 to 0 (got 1)']);
  });

  it('names the source whose version is unreadable', () => {
    const result = resolveConfigData({ base, overlay: { value: { version: 9 }, label: 'future.json' } });
    expect(result.errors.map(formatIssue)).toEqual(['version: future.json: version 9 was written by a newer Wakeword Studio; this one reads versions 1 to 2']);
    expect(result.merged).toBeNull();
  });

  it('merges objects deeply and replaces everything else', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [2] })).toEqual({ a: { b: 1, c: 3 }, d: [2] });
  });
});

describe('presets', () => {
  it('requires a description and a valid config', () => {
    expect(parsePreset('x', DEFAULT_CONFIG, false)).toEqual({ error: 'preset x: description is required (a sentence saying what the preset is for)' });
    const bad = parsePreset('x', { ...DEFAULT_CONFIG, description: 'd', training: { ...DEFAULT_CONFIG.training, epochs: 0 } }, false);
    expect(bad).toEqual({ error: 'preset x: training.epochs: must be a whole number from 1 to 1000 (got 0)' });
    const good = parsePreset('mine', { ...DEFAULT_CONFIG, description: 'mine' }, false);
    expect(good).toMatchObject({ preset: { name: 'mine', description: 'mine', builtIn: false } });
  });

  it('accepts only file-safe names', () => {
    expect(checkName('run-1_a', 'config')).toBeNull();
    expect(checkName('../evil', 'config')).toContain('config name "../evil" must be 1 to 64 letters');
    expect(checkName('', 'preset')).not.toBeNull();
  });
});
