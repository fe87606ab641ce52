import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../tests/fixtures/dataset/audio-bytes';
import type { SplitManifest } from '../shared/core/dataset/manifest';
import { ConfigStateStore, openConfigStateStore } from '../node/config/config-state-store';
import { main } from './index';

let workspace: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

function put(relative: string, bytes: Uint8Array | string): void {
  const file = path.join(workspace, 'data', 'raw', relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-cli-scan-'));
  for (let i = 0; i < 10; i++) put(`positive/p${i}.wav`, wavBytes({ frames: 16000 }));
  for (let i = 0; i < 20; i++) put(`negative/n${i}.wav`, wavBytes({ frames: 8000 }));
  put('background/noise.wav', wavBytes({ frames: 32000 }));
  put('positive/broken.wav', 'not audio');
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('wakeword scan', () => {
  it('prints the documented JSON and writes the manifest', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'scan', '--workspace', workspace, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      total_files: 32,
      categories: {
        positive: { files: 11, seconds: 10 },
        negative: { files: 20, seconds: 10 },
        hard_negative: { files: 0, seconds: 0 },
        background: { files: 1, seconds: 2 },
        rirs: { files: 0, seconds: 0 },
      },
      invalid: [{ path: 'positive/broken.wav', reason: 'not a WAV file (RIFF header missing)' }],
    });
    expect(existsSync(path.join(workspace, 'data', 'manifest.json'))).toBe(true);
  });

  it('prints a readable table and the health findings', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'scan', '--workspace', workspace], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/positive\s+11\s+1\s+10\.0 s/);
    expect(text).toContain('positive/broken.wav: not a WAV file (RIFF header missing)');
    expect(text).toContain('only 10 positives: aim for 1,000+');
    expect(text).toMatch(/Health score: \d+\/100/);
  });

  it('exits non-zero naming a missing workspace', async () => {
    const { io, err } = capture();
    const missing = path.join(workspace, 'does-not-exist');
    expect(await main(['node', 'wakeword', 'scan', '--workspace', missing, '--json'], io)).toBe(1);
    expect(err).toEqual([`wakeword: workspace folder not found: ${missing}`]);
  });
});

describe('wakeword split', () => {
  it('needs a scan first', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace], io)).toBe(1);
    expect(err.join()).toContain('scan the dataset first');
  });

  it('splits reproducibly and writes the three manifests', async () => {
    await main(['node', 'wakeword', 'scan', '--workspace', workspace, '--json'], capture().io);
    const first = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace, '--ratios', '0.6,0.2,0.2', '--seed', '7', '--json'], first.io)).toBe(0);
    const json = JSON.parse(first.out.join('\n')) as { splits: Record<string, Record<string, number>>; not_split: Record<string, number>; skipped_invalid: number };
    expect(json.splits.train).toMatchObject({ positive: 6, negative: 12, files: 18 });
    expect(json.splits.val).toMatchObject({ positive: 2, negative: 4 });
    expect(json.not_split).toEqual({ background: 1, rirs: 0 });
    expect(json.skipped_invalid).toBe(1);
    const read = (name: string) => JSON.parse(readFileSync(path.join(workspace, 'data', 'splits', `${name}.json`), 'utf8')) as SplitManifest;
    const test1 = read('test').files.map((f) => f.path);
    await main(['node', 'wakeword', 'split', '--workspace', workspace, '--ratios', '0.6,0.2,0.2', '--seed', '7'], capture().io);
    expect(read('test').files.map((f) => f.path)).toEqual(test1);
    expect(read('train').augmentation.background).toEqual(['background/noise.wav']);
  });

  it('refuses ratios that do not add up', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace, '--ratios', '0.7,0.2,0.2'], io)).not.toBe(0);
    expect(err.join('\n')).toContain('ratios must add up to 1');
  });
});

describe('wakeword split without --ratios: the workspace configuration\'s split shares', () => {
  let configDir: string;
  const savedEnv = process.env.WAKEWORD_CONFIG_DIR;

  beforeEach(async () => {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'wakeword-cli-split-config-'));
    process.env.WAKEWORD_CONFIG_DIR = configDir;
    await main(['node', 'wakeword', 'scan', '--workspace', workspace, '--json'], capture().io);
  });

  afterEach(() => {
    if (savedEnv === undefined) delete process.env.WAKEWORD_CONFIG_DIR;
    else process.env.WAKEWORD_CONFIG_DIR = savedEnv;
    rmSync(configDir, { recursive: true, force: true });
  });

  /** What the Configuration panel of `serve` keeps for a workspace: the default preset with other split shares. */
  async function storeCurrentSplit(split: { train: number; validation: number; test: number }): Promise<void> {
    const preset = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'presets', 'default.json'), 'utf8')) as Record<string, unknown>;
    const { description: _description, ...config } = preset;
    const { store } = await openConfigStateStore(configDir);
    new ConfigStateStore(store).setCurrent(path.resolve(workspace), { preset: 'default', name: null, config: { ...config, split }, updatedAt: new Date().toISOString() });
  }

  const splitJson = async (): Promise<{ ratios: number[]; ratios_source: string; splits: Record<string, Record<string, number>> }> => {
    const { io, out, err } = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace, '--json'], io), err.join('\n')).toBe(0);
    return JSON.parse(out.join('\n')) as { ratios: number[]; ratios_source: string; splits: Record<string, Record<string, number>> };
  };

  it('uses the default preset\'s shares (0.8/0.1/0.1, as the app) when no configuration is kept for the workspace', async () => {
    const json = await splitJson();
    expect(json.ratios).toEqual([0.8, 0.1, 0.1]);
    expect(json.ratios_source).toContain("default preset's split shares");
    expect(json.splits.train).toMatchObject({ positive: 8, negative: 16 });
    const train = JSON.parse(readFileSync(path.join(workspace, 'data', 'splits', 'train.json'), 'utf8')) as SplitManifest;
    expect(train.ratios).toEqual([0.8, 0.1, 0.1]);
  });

  it('uses the shares the Configuration panel keeps for this workspace, and says so', async () => {
    await storeCurrentSplit({ train: 0.6, validation: 0.2, test: 0.2 });
    const json = await splitJson();
    expect(json.ratios).toEqual([0.6, 0.2, 0.2]);
    expect(json.ratios_source).toBe("the workspace configuration's split shares (preset default, as edited)");
    expect(json.splits.train).toMatchObject({ positive: 6, negative: 12 });
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace], io)).toBe(0);
    expect(out[0]).toBe("Split with seed 42, ratios 0.6/0.2/0.2 (the workspace configuration's split shares (preset default, as edited)), grouping: none.");
    // --ratios still wins.
    const given = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace, '--ratios', '0.5,0.25,0.25', '--json'], given.io)).toBe(0);
    expect(JSON.parse(given.out.join('')) as unknown).toMatchObject({ ratios: [0.5, 0.25, 0.25], ratios_source: '--ratios' });
  });

  it('names configured shares that are not valid ratios instead of splitting with something else', async () => {
    await storeCurrentSplit({ train: 0.7, validation: 0.2, test: 0.2 });
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'split', '--workspace', workspace], io)).toBe(1);
    expect(err.join('\n')).toContain("the workspace configuration's split shares (preset default, as edited): ratios must add up to 1 (they add up to 1.1)");
    expect(err.join('\n')).toContain('pass --ratios');
  });

  it('says in --help where the default ratios come from', async () => {
    const { io, out } = capture();
    await main(['node', 'wakeword', 'split', '--help'], io);
    const help = out.join('\n').replace(/\s+/g, ' ');
    expect(help).toContain("default: the workspace configuration's split shares");
    expect(help).toContain("else the default preset's");
  });
});
