import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeFileSync } from '../probe-file';
import { ESPEAK_INSTALL_HELP, EspeakMissingError, espeakStatus, findOnPath, requireEspeak } from './espeak';
import { synthesizeSet } from './synthesize-set';
import { synthesizePhrase } from './synthesize-phrase';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-synth-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const md5 = (file: string): string => createHash('md5').update(readFileSync(file)).digest('hex');
/** PATH with every folder holding espeak-ng removed. */
const pathWithoutEspeak = (): string =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => findOnPath('espeak-ng', { PATH: dir }) === null)
    .join(path.delimiter);

describe('espeak-ng synthesis (the real program)', () => {
  it('finds espeak-ng and reports its version', async () => {
    const status = await espeakStatus();
    expect(status.available).toBe(true);
    expect(status.version).toMatch(/eSpeak NG/);
  });

  it('writes distinct 16 kHz mono 16-bit WAVs that the scanner accepts, reproducibly for a seed', async () => {
    const program = requireEspeak();
    const out = path.join(root, 'a');
    const made = await synthesizePhrase({ program, phrase: 'hey nova', count: 4, seed: 11, outDir: out });
    expect(made.files).toHaveLength(4);
    expect(readdirSync(out).sort()).toEqual(['hey_nova_s11_0001.wav', 'hey_nova_s11_0002.wav', 'hey_nova_s11_0003.wav', 'hey_nova_s11_0004.wav']);
    for (const file of made.files) {
      const probe = probeFileSync(file, 'wav');
      expect(probe.outcome).toMatchObject({ ok: true, info: { format: 'wav', codec: 'pcm', sampleRate: 16000, channels: 1, bitDepth: 16 } });
      const info = (probe.outcome as { info: { durationSeconds: number } }).info;
      expect(info.durationSeconds).toBeGreaterThan(0.3);
      expect(info.durationSeconds).toBeLessThan(4);
      expect(probe.outcome).toMatchObject({ warnings: [] });
    }
    expect(new Set(made.files.map(md5)).size).toBe(4);
    expect(made.seconds).toBeGreaterThan(1);

    const again = await synthesizePhrase({ program, phrase: 'hey nova', count: 4, seed: 11, outDir: path.join(root, 'b') });
    expect(again.files.map(md5)).toEqual(made.files.map(md5));
    // Same folder again: nothing is overwritten.
    const third = await synthesizePhrase({ program, phrase: 'hey nova', count: 1, seed: 11, outDir: out });
    expect(path.basename(third.files[0] as string)).toBe('hey_nova_s11_0001 (2).wav');
  });

  it('speaks hard negatives into one folder per phrase, spreading the count', async () => {
    const progress: number[] = [];
    const result = await synthesizeSet({
      program: requireEspeak(),
      phrase: 'hey nova',
      count: 2,
      seed: 3,
      negatives: ['hey nora', 'a nova'],
      negativeCount: 3,
      positivesDir: path.join(root, 'positive'),
      negativesDir: path.join(root, 'hard_negative'),
      onProgress: (_phase, done) => progress.push(done),
    });
    expect(result.positives).toEqual({ phrase: 'hey nova', folder: path.join(root, 'positive'), files: 2 });
    expect(result.negatives).toEqual([
      { phrase: 'hey nora', folder: path.join(root, 'hard_negative', 'hey_nora'), files: 2 },
      { phrase: 'a nova', folder: path.join(root, 'hard_negative', 'a_nova'), files: 1 },
    ]);
    expect(readdirSync(path.join(root, 'hard_negative', 'a_nova'))).toHaveLength(1);
    expect(progress.at(-1)).toBe(5);
  });

  it('explains how to install espeak-ng when it is not on PATH', async () => {
    const env = { ...process.env, PATH: pathWithoutEspeak() };
    const status = await espeakStatus(env);
    expect(status).toEqual({ available: false, version: null, installHelp: ESPEAK_INSTALL_HELP });
    expect(status.installHelp).toMatch(/apt install espeak-ng/);
    expect(status.installHelp).toMatch(/brew install espeak-ng/);
    expect(status.installHelp).toMatch(/choco install espeak-ng/);
    expect(status.installHelp).toMatch(/github\.com\/espeak-ng\/espeak-ng\/releases/);
    expect(() => requireEspeak(env)).toThrow(EspeakMissingError);
  });

  it('reports a program that fails instead of writing empty files', async () => {
    await expect(synthesizePhrase({ program: '/bin/false', phrase: 'hey nova', count: 1, seed: 1, outDir: path.join(root, 'x') })).rejects.toThrow(/espeak-ng failed for .* \(exit code 1\)/);
    expect(readdirSync(path.join(root, 'x'))).toEqual([]);
  });
});
