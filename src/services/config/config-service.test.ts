import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CurrentConfig } from '../../shared/contract/config-contract';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import { formatIssue } from '../../shared/config/validate';
import { EventBus } from '../event-bus';
import { findProjectRoot } from '../../node/project-root';
import { createConfigService } from './config-service';
import { openConfigStateStore } from '../../node/config/config-state-store';
import { presetsDir } from '../../node/config/preset-files';

async function setup(options: { trainClips?: number } = {}) {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'config-state-'));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'workspace-'));
  let current: string | null = workspace;
  const bus = new EventBus();
  const events: CurrentConfig[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'config:current-changed') events.push(payload as CurrentConfig);
  });
  const make = () =>
    createConfigService({
      presetsDir: presetsDir(findProjectRoot()),
      store: openConfigStateStore(stateDir),
      workspace: () => current,
      bus,
      ...(options.trainClips === undefined ? {} : { trainClips: async () => options.trainClips ?? null }),
      autoBackend: async () => 'wasm',
    });
  return { stateDir, workspace, bus, events, make, setWorkspace: (value: string | null) => (current = value) };
}

const withEpochs = (epochs: number) => ({ ...DEFAULT_CONFIG, training: { ...DEFAULT_CONFIG.training, epochs } });

describe('config service', () => {
  it('starts a workspace from the default preset and reports it valid', async () => {
    const { make, workspace } = await setup();
    const current = await make().currentGet();
    expect(current).toMatchObject({ workspace, preset: 'default', name: null, storeWarnings: [] });
    expect(current.config).toEqual(DEFAULT_CONFIG);
    expect(current.validation.ok).toBe(true);
  });

  it('keeps the current config per workspace, across a restart, and announces changes', async () => {
    const { make, workspace, events, setWorkspace } = await setup();
    const service = make();
    const set = await service.currentSet({ preset: 'fast', config: withEpochs(0) });
    expect(set.validation.ok).toBe(false);
    expect(set.validation.errors.map(formatIssue)).toEqual(['training.epochs: must be a whole number from 1 to 1000 (got 0)']);
    expect(events).toHaveLength(1);
    expect(events[0]?.preset).toBe('fast');

    const restarted = await make().currentGet();
    expect(restarted).toMatchObject({ workspace, preset: 'fast' });
    expect((restarted.config.training as { epochs: number }).epochs).toBe(0);
    expect(restarted.validation.ok).toBe(false);

    const other = await mkdtemp(path.join(os.tmpdir(), 'workspace-'));
    setWorkspace(other);
    expect((await make().currentGet()).preset).toBe('default');
    setWorkspace(workspace);
    expect((await make().currentGet()).preset).toBe('fast');
  });

  it('moves a corrupt state file aside, reports it, and starts from defaults', async () => {
    const { make, stateDir } = await setup();
    await writeFile(path.join(stateDir, 'config-state.json'), '{"current": {');
    const current = await make().currentGet();
    expect(current.preset).toBe('default');
    expect(current.storeWarnings).toHaveLength(1);
    expect(current.storeWarnings[0]).toContain('was unreadable');
    expect(current.storeWarnings[0]).toContain('moved to');
    const files = await readdir(stateDir);
    expect(files.filter((name) => name.startsWith('config-state.json.corrupt-'))).toHaveLength(1);
  });

  it('drops malformed entries of a readable state file and reports them', async () => {
    const { make, stateDir, workspace } = await setup();
    const state = { version: 1, current: { [workspace]: { preset: 'fast', config: 'nope' } }, userPresets: { mine: { description: 'x' } } };
    await writeFile(path.join(stateDir, 'config-state.json'), JSON.stringify(state));
    const service = make();
    const current = await service.currentGet();
    expect(current.preset).toBe('default');
    expect(current.storeWarnings.join('\n')).toContain(`current config for workspace ${JSON.stringify(workspace)} is malformed and was ignored`);
    expect((await service.presets()).map((preset) => preset.name)).not.toContain('mine');
    expect((await service.currentGet()).storeWarnings.join('\n')).toContain('user preset "mine" is malformed');
  });

  it('migrates a stored version 1 draft when reading it', async () => {
    const { make, stateDir, workspace } = await setup();
    const v1 = { version: 1, data: { sample_rate: 16000, clip_ms: 2000 } };
    const state = { version: 1, current: { [workspace]: { preset: 'default', name: null, config: v1, updatedAt: '2024-01-01T00:00:00Z' } }, userPresets: {} };
    await writeFile(path.join(stateDir, 'config-state.json'), JSON.stringify(state));
    const current = await make().currentGet();
    expect(current.config).toMatchObject({ version: 2, data: { sample_rate: 16000, clip_duration: 2 } });
  });

  it('saves configs atomically to <workspace>/configs, lists and loads them', async () => {
    const { make, workspace } = await setup();
    const service = make();
    const saved = await service.save({ name: 'run-1', config: withEpochs(12) });
    expect(saved.path).toBe(path.join(workspace, 'configs', 'run-1.json'));
    expect(JSON.parse(await readFile(saved.path, 'utf8'))).toEqual(withEpochs(12));
    await expect(service.save({ name: 'run-1', config: withEpochs(13), overwrite: false })).rejects.toThrow('configs/run-1.json already exists');
    await expect(service.save({ name: 'bad', config: withEpochs(0) })).rejects.toThrow('not saved, the config is invalid: training.epochs: must be a whole number from 1 to 1000 (got 0)');
    expect(existsSync(path.join(workspace, 'configs', 'bad.json'))).toBe(false);

    await writeFile(path.join(workspace, 'configs', 'broken.json'), '{');
    const list = await service.list();
    expect(list.map((entry) => [entry.name, entry.problem === null])).toEqual([
      ['broken', false],
      ['run-1', true],
    ]);
    expect(list[0]?.problem).toContain('configs/broken.json: not valid JSON');
    expect((await service.load({ name: 'run-1' })).config.training.epochs).toBe(12);
    await expect(service.load({ name: 'broken' })).rejects.toThrow('configs/broken.json: not valid JSON');
    await expect(service.load({ name: 'missing' })).rejects.toThrow('configs/missing.json: file not found');
  });

  it('loads an older saved config, migrating it', async () => {
    const { make, workspace } = await setup();
    await mkdir(path.join(workspace, 'configs'));
    const { data: _data, split: _split, ...rest } = DEFAULT_CONFIG;
    const v1 = { ...rest, version: 1, data: { sample_rate: 16000, clip_ms: 1000 }, split: { train: 80, validation: 10, test: 10 } };
    await writeFile(path.join(workspace, 'configs', 'old.json'), JSON.stringify(v1));
    const loaded = await make().load({ name: 'old' });
    expect(loaded.migratedFrom).toBe(1);
    expect(loaded.config.data.clip_duration).toBe(1);
  });

  it('refuses to save without a workspace', async () => {
    const { make, setWorkspace } = await setup();
    setWorkspace(null);
    await expect(make().save({ name: 'x', config: DEFAULT_CONFIG })).rejects.toThrow('no workspace is open');
    expect(await make().list()).toEqual([]);
  });

  it('saves, lists and deletes user presets, never over a built-in one', async () => {
    const { make } = await setup();
    const service = make();
    const saved = await service.savePreset({ name: 'mine', description: 'Res8 for my kitchen', config: { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, architecture: 'res8' } } });
    expect(saved).toMatchObject({ name: 'mine', builtIn: false, description: 'Res8 for my kitchen' });
    const names = (await make().presets()).map((preset) => preset.name);
    expect(names).toEqual(['fast', 'default', 'high_accuracy', 'small_dataset', 'edge', 'oww_fast', 'oww_default', 'dscnn_default', 'mine']);
    await expect(service.savePreset({ name: 'fast', description: 'x', config: DEFAULT_CONFIG })).rejects.toThrow('fast is a built-in preset');
    await expect(service.savePreset({ name: 'bad', description: 'x', config: withEpochs(0) })).rejects.toThrow('preset bad: training.epochs');
    expect((await service.deletePreset({ name: 'mine' })).map((preset) => preset.name)).not.toContain('mine');
    await expect(service.deletePreset({ name: 'mine' })).rejects.toThrow('no user preset named mine');
  });

  it('resolves a user preset with overrides, and checks the batch against the dataset size', async () => {
    const { make } = await setup({ trainClips: 50 });
    const service = make();
    await service.savePreset({ name: 'mine', description: 'small batches', config: { ...DEFAULT_CONFIG, training: { ...DEFAULT_CONFIG.training, batch_size: 16 } } });
    const ok = await service.resolve({ preset: 'mine', sets: ['training.epochs=5'] });
    expect(ok.ok).toBe(true);
    expect(ok.config?.training).toMatchObject({ batch_size: 16, epochs: 5 });
    // Larger than the 50 training clips: one smaller batch per epoch, so a note but no block.
    const tooBig = await service.resolve({ preset: 'mine', sets: ['training.batch_size=64'] });
    expect(tooBig.ok).toBe(true);
    expect(tooBig.warnings.map(formatIssue)).toEqual(['training.batch_size: is larger than the 50 training clips, so each epoch trains on one batch of 50 clips']);
    const unknown = await service.resolve({ preset: 'nope' });
    expect(unknown.errors[0]?.message).toContain('unknown preset "nope"; available presets: fast, default');
  });

  it('estimates only valid configs, with the backend auto resolves to', async () => {
    const { make } = await setup();
    const service = make();
    const estimate = await service.estimate({ config: DEFAULT_CONFIG });
    expect(estimate.ok).toBe(true);
    expect(estimate.estimate?.model.totalParams).toBe(214018);
    expect(estimate.estimate?.epoch).toMatchObject({ backend: 'wasm', assumedClips: true });
    const bad = await service.estimate({ config: withEpochs(0) });
    expect(bad).toMatchObject({ ok: false, estimate: null });
  });
});
