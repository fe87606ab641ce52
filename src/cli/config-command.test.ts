import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import { BUILT_IN_PRESETS } from '../shared/config/presets';
import { main } from './index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

let stateDir = '';
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-config-'));
  process.env.WAKEWORD_CONFIG_DIR = stateDir;
});

describe('wakeword config', () => {
  it('prints the config a preset and --set overrides resolve to', async () => {
    const { io, out } = capture();
    const code = await main(['node', 'wakeword', 'config', '--preset', 'fast', '--set', 'model.architecture=res8', '--set', 'training.epochs=5'], io);
    expect(code).toBe(0);
    const config = JSON.parse(out.join('\n'));
    expect(config.model.architecture).toBe('res8');
    expect(config.training.epochs).toBe(5);
    expect(config.model.dscnn.channels).toBe(32);
  });

  it('prints machine-readable output with --json', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'config', '--json'], io)).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({ ok: true, preset: 'default', errors: [] });
    expect(result.config.model.architecture).toBe('oww_dnn');
  });

  it('exits non-zero naming each invalid field and its range', async () => {
    const { io, err } = capture();
    const code = await main(['node', 'wakeword', 'config', '--set', 'training.epochs=0', '--set', 'optimizer.lr=5'], io);
    expect(code).toBe(2);
    expect(err.join('\n')).toBe(
      [
        'wakeword: invalid configuration (2 errors):',
        '  training.epochs: must be a whole number from 1 to 1000 (got 0)',
        '  optimizer.lr: must be a number from 0.000001 to 1 (got 5)',
      ].join('\n'),
    );
  });

  it('reports errors as JSON too, still exiting non-zero', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'config', '--json', '--set', 'split.test=0.3'], io)).toBe(2);
    const result = JSON.parse(out.join('\n'));
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ path: 'split', severity: 'error' });
  });

  it('lays a saved config file over the preset, migrating an old version', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-file-'));
    const file = path.join(dir, 'old.json');
    await writeFile(file, JSON.stringify({ version: 1, data: { clip_ms: 1500 } }));
    const { io, out, err } = capture();
    expect(await main(['node', 'wakeword', 'config', '--preset', 'edge', '--config', file], io)).toBe(0);
    expect(JSON.parse(out.join('\n')).data.clip_duration).toBe(1.5);
    expect(err.join('\n')).toContain('note: ');
  });

  it('names a missing config file and an unknown preset', async () => {
    const missing = capture();
    expect(await main(['node', 'wakeword', 'config', '--config', '/nonexistent/c.json'], missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('config: /nonexistent/c.json: file not found');
    const unknown = capture();
    expect(await main(['node', 'wakeword', 'config', '--preset', 'turbo'], unknown.io)).toBe(2);
    expect(unknown.err.join('\n')).toContain('preset: unknown preset "turbo"; available presets: fast, default, high_accuracy, small_dataset, edge');
  });

  it('prints warnings without failing', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'config', '--set', 'model.dropout=0.7'], io)).toBe(0);
    expect(err).toContain('warning: model.dropout: 0.7 is high; training may learn slowly');
  });
});

describe('wakeword presets', () => {
  it('lists every preset with its description', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'presets'], io)).toBe(0);
    expect(out.map((line) => line.split(/\s+/)[0])).toEqual(['fast', 'default', 'high_accuracy', 'small_dataset', 'edge', 'oww_fast', 'oww_default', 'dscnn_default']);
    expect(out[4]).toContain('Microcontrollers');
  });

  it('includes user presets from its store, and survives a corrupt store file', async () => {
    const state = { version: 1, current: {}, userPresets: { kitchen: { description: 'my kitchen', config: DEFAULT_CONFIG } } };
    await writeFile(path.join(stateDir, 'config-state.json'), JSON.stringify(state));
    const ok = capture();
    expect(await main(['node', 'wakeword', 'presets'], ok.io)).toBe(0);
    expect(ok.out.at(-1)).toMatch(/^kitchen\s+\(yours\) my kitchen$/);

    await writeFile(path.join(stateDir, 'config-state.json'), 'not json');
    const corrupt = capture();
    expect(await main(['node', 'wakeword', 'presets'], corrupt.io)).toBe(0);
    expect(corrupt.out).toHaveLength(BUILT_IN_PRESETS.length);
    expect(corrupt.err.join('\n')).toMatch(/warning: .*config-state\.json was unreadable .* moved to/);
  });
});
