import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { estimateConfig } from '../../shared/config/estimate';
import { BUILT_IN_PRESETS } from '../../shared/config/presets';
import { checkConfig, validateConfig } from '../../shared/config/validate';
import { findProjectRoot } from '../project-root';
import { loadBuiltInPreset, loadBuiltInPresets, presetsDir } from './preset-files';

describe('built-in presets (presets/*.json)', () => {
  it('ships every documented preset, each valid and described, in order', async () => {
    const { presets, problems } = await loadBuiltInPresets(presetsDir(findProjectRoot()));
    expect(problems).toEqual([]);
    expect(presets.map((preset) => preset.name)).toEqual([...BUILT_IN_PRESETS]);
    for (const preset of presets) {
      expect(preset.description.length, preset.name).toBeGreaterThan(30);
      const result = validateConfig(preset.config);
      expect(result.errors, preset.name).toEqual([]);
      expect(result.warnings, preset.name).toEqual([]);
    }
  });

  it('still reads presets written before the speaker augmentations, with them off', async () => {
    for (const name of ['oww_fast', 'default', 'oww_default', 'dscnn_default']) {
      const preset = JSON.parse(await readFile(path.join(presetsDir(findProjectRoot()), `${name}.json`), 'utf8')) as { augmentation: Record<string, unknown> };
      const augmentation = { ...preset.augmentation };
      for (const field of ['tempo', 'vtlp', 'voice_pitch', 'other_speaker', 'telephone', 'low_pass', 'synthetic_reverb']) delete augmentation[field];
      const result = checkConfig({ ...preset, augmentation });
      expect(result.errors, name).toEqual([]);
      expect(result.migratedFrom, name).toBeUndefined();
      const parsed = result.config!.augmentation;
      expect([parsed.tempo.probability, parsed.vtlp.probability, parsed.voice_pitch.probability, parsed.other_speaker.probability, parsed.telephone.probability, parsed.low_pass.probability, parsed.synthetic_reverb.enabled], name).toEqual([0, 0, 0, 0, 0, 0, false]);
    }
  });

  it('keeps default.json equal to DEFAULT_CONFIG', async () => {
    const { presets } = await loadBuiltInPresets(presetsDir(findProjectRoot()));
    const { description: _d, ...config } = presets.find((preset) => preset.name === 'default')!.config;
    expect(config).toEqual(DEFAULT_CONFIG);
    const { description: _o, ...oww } = presets.find((preset) => preset.name === 'oww_default')!.config;
    // default is the family bench/families.bench.ts measured best: the openWakeWord one, as oww_default.
    expect(config).toEqual(oww);
    expect(config.model.architecture).toBe('oww_dnn');
    const { description: _s, ...dscnn } = presets.find((preset) => preset.name === 'dscnn_default')!.config;
    expect(dscnn).toEqual(DSCNN_DEFAULT_CONFIG);
  });

  it('gives each preset its intent: fast is cheapest, edge fits its budget, high_accuracy is largest', async () => {
    const { presets } = await loadBuiltInPresets(presetsDir(findProjectRoot()));
    const byName = new Map(presets.map((preset) => [preset.name, estimateConfig(preset.config, { autoBackend: 'cpu', trainClips: 2000 })]));
    const seconds = (name: string): number => byName.get(name)!.epoch.seconds * presets.find((p) => p.name === name)!.config.training.epochs;
    expect(seconds('fast')).toBeLessThan(seconds('dscnn_default'));
    expect(seconds('dscnn_default')).toBeLessThan(seconds('high_accuracy'));
    expect(seconds('oww_fast')).toBeLessThan(seconds('oww_default'));
    const edge = presets.find((preset) => preset.name === 'edge')!;
    expect(edge.config.model.budget.max_params).toBeGreaterThan(0);
    expect(byName.get('edge')!.model.totalParams).toBeLessThanOrEqual(edge.config.model.budget.max_params);
    expect(byName.get('high_accuracy')!.model.totalParams).toBeGreaterThan(byName.get('dscnn_default')!.model.totalParams);
    const small = presets.find((preset) => preset.name === 'small_dataset')!.config;
    expect(small.model.dropout).toBeGreaterThan(DSCNN_DEFAULT_CONFIG.model.dropout);
    expect(small.augmentation.background_noise.probability).toBeGreaterThan(DSCNN_DEFAULT_CONFIG.augmentation.background_noise.probability);
  });

  it('reports a broken preset file by name instead of failing the rest', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'presets-'));
    await writeFile(path.join(dir, 'good.json'), JSON.stringify({ ...DEFAULT_CONFIG, description: 'fine' }));
    await writeFile(path.join(dir, 'broken.json'), '{"version": 2,');
    await writeFile(path.join(dir, 'nodesc.json'), JSON.stringify(DEFAULT_CONFIG));
    const { presets, problems } = await loadBuiltInPresets(dir);
    expect(presets.map((preset) => preset.name)).toEqual(['good']);
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith('presets/broken.json: not valid JSON'))).toBeDefined();
    expect(problems).toContain('preset nodesc: description is required (a sentence saying what the preset is for)');
  });

  it('reports a missing presets folder', async () => {
    const { presets, problems } = await loadBuiltInPresets('/nonexistent/presets');
    expect(presets).toEqual([]);
    expect(problems[0]).toContain('presets folder /nonexistent/presets cannot be read');
  });

  it('reads one preset alone, the same as from the whole folder, and null for anything it cannot use', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'presets-one-'));
    await writeFile(path.join(dir, 'good.json'), JSON.stringify({ ...DEFAULT_CONFIG, description: 'fine' }));
    await writeFile(path.join(dir, 'broken.json'), '{"version": 2,');
    await writeFile(path.join(dir, 'nodesc.json'), JSON.stringify(DEFAULT_CONFIG));
    const all = await loadBuiltInPresets(dir);
    expect(await loadBuiltInPreset(dir, 'good')).toEqual(all.presets[0]);
    expect(await loadBuiltInPreset(dir, 'broken')).toBeNull();
    expect(await loadBuiltInPreset(dir, 'nodesc')).toBeNull();
    expect(await loadBuiltInPreset(dir, 'missing')).toBeNull();
    expect(await loadBuiltInPreset(dir, '../good')).toBeNull();
  });
});
