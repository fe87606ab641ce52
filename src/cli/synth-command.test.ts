import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../main/services/dataset/synth/espeak';
import { probeFileSync } from '../main/services/dataset/probe-file';
import { main } from './index';

let root: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-cli-synth-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('wakeword synth', () => {
  it('writes the positives to --out and the hard negatives beside them, seeded', async () => {
    const { io, out } = capture();
    const dir = path.join(root, 'clips');
    const code = await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '3', '--out', dir, '--seed', '9', '--negatives', 'hey nora;hey now', '--negative-count', '2', '--json'], io);
    expect(code).toBe(0);
    const json = JSON.parse(out.join('\n')) as { seed: number; positives: { files: number; folder: string }; negatives: { phrase: string; files: number; folder: string }[] };
    expect(json.seed).toBe(9);
    expect(json.positives).toEqual({ phrase: 'hey nova', folder: dir, files: 3 });
    expect(json.negatives).toEqual([
      { phrase: 'hey nora', folder: path.join(dir, 'hard_negative', 'hey_nora'), files: 1 },
      { phrase: 'hey now', folder: path.join(dir, 'hard_negative', 'hey_now'), files: 1 },
    ]);
    expect(readdirSync(path.join(dir, 'hard_negative', 'hey_now'))).toEqual(['hey_now_s9_0001.wav']);
    const wavs = readdirSync(dir).filter((name) => name.endsWith('.wav'));
    expect(wavs).toHaveLength(3);
    for (const name of wavs) expect(probeFileSync(path.join(dir, name), 'wav').outcome).toMatchObject({ ok: true, info: { sampleRate: 16000, channels: 1, bitDepth: 16 } });
  });

  it('prints a readable summary with the seed to replay', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'synth', '--phrase', 'ok computer', '--count', '1', '--out', path.join(root, 'x')], io)).toBe(0);
    expect(out[0]).toMatch(/^Wrote 1 clip of "ok computer" to .*x \(16 kHz mono 16-bit WAV, seed \d+\)\.$/);
    expect(out.at(-1)).toMatch(/--seed \d+ to get the same files/);
  });

  it('refuses bad options', async () => {
    for (const args of [
      ['--phrase', 'hey', '--count', '0', '--out', root],
      ['--phrase', 'hey', '--count', 'ten', '--out', root],
      ['--phrase', '   ', '--count', '1', '--out', root],
      ['--phrase', 'hey', '--count', '1', '--out', root, '--seed', '-1'],
      ['--phrase', 'hey', '--count', '1', '--out', root, '--negatives', ' ; '],
      ['--phrase', 'hey', '--count', '1'],
    ]) {
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'synth', ...args], io)).not.toBe(0);
      expect(err.join('\n')).toMatch(/error/);
    }
  });

  it('explains how to install espeak-ng when it is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = (saved ?? '').split(path.delimiter).filter((dir) => findOnPath('espeak-ng', { PATH: dir }) === null).join(path.delimiter);
    try {
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '2', '--out', path.join(root, 'none')], io)).toBe(1);
      expect(err.join('\n')).toMatch(/^wakeword: Synthetic samples need the espeak-ng speech synthesizer/);
      expect(err.join('\n')).toContain('sudo apt install espeak-ng');
      const demo = capture();
      expect(await main(['node', 'wakeword', 'demo', '--out', path.join(root, 'demo')], demo.io)).toBe(1);
      expect(demo.err.join('\n')).toContain('brew install espeak-ng');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('wakeword demo', () => {
  it('creates a scanned, split workspace and refuses a folder that is not empty', { timeout: 180_000 }, async () => {
    const { io, out } = capture();
    const demo = path.join(root, 'demo');
    expect(await main(['node', 'wakeword', 'demo', '--out', demo, '--json'], io)).toBe(0);
    const json = JSON.parse(out.join('\n')) as { workspace: string; counts: Record<string, number>; splits: Record<string, { files: number }> };
    expect(json.workspace).toBe(demo);
    expect(json.counts).toEqual({ positive: 60, negative: 120, hard_negative: 30, background: 4 });
    expect(json.splits.train?.files).toBeGreaterThan(100);
    expect(readdirSync(path.join(demo, 'data', 'splits')).sort()).toEqual(['test.json', 'train.json', 'val.json']);
    const again = capture();
    expect(await main(['node', 'wakeword', 'demo', '--out', demo], again.io)).toBe(1);
    expect(again.err.join('\n')).toContain('the folder is not empty');
  });
});
