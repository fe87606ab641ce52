import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../tests/fixtures/dataset/audio-bytes';
import type { SplitManifest } from '../shared/core/dataset/manifest';
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
