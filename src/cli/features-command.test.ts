import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import { decodeNpy } from '../shared/core/audio/npy';
import { main } from './index';

const FIXTURES = path.join(__dirname, '../../tests/fixtures/audio');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

/** 16-bit PCM WAV of a sine. */
function sineWav(rate: number, seconds: number, channels: number): Uint8Array {
  const frames = Math.round(rate * seconds);
  const bytes = new Uint8Array(44 + frames * channels * 2);
  const view = new DataView(bytes.buffer);
  const text = (o: number, s: string): void => [...s].forEach((c, i) => view.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, frames * channels * 2, true);
  for (let i = 0; i < frames; i += 1) {
    for (let c = 0; c < channels; c += 1) view.setInt16(44 + (i * channels + c) * 2, Math.round(8000 * Math.sin((2 * Math.PI * 500 * i) / rate)), true);
  }
  return bytes;
}

describe('wakeword features', () => {
  let input: string;
  let work: string;

  beforeAll(() => {
    process.env.WAKEWORD_CONFIG_DIR ??= '/tmp/wakeword-cli-test-config';
    work = mkdtempSync(path.join(tmpdir(), 'wakeword-features-'));
    input = path.join(work, 'in');
    mkdirSync(path.join(input, 'positive'), { recursive: true });
    mkdirSync(path.join(input, 'negative', 'deep'), { recursive: true });
    writeFileSync(path.join(input, 'positive', 'a.wav'), sineWav(16000, 1, 1));
    writeFileSync(path.join(input, 'negative', 'deep', 'b.wav'), sineWav(44100, 0.5, 2));
    copyFileSync(path.join(FIXTURES, 'tone-440hz-44k1-stereo.flac'), path.join(input, 'negative', 'c.flac'));
    writeFileSync(path.join(input, 'readme.txt'), 'not audio, ignored');
  });

  it('writes one .npy per audio file with the same relative names', async () => {
    const out = path.join(work, 'out-default');
    const { io, out: lines, err } = capture();
    expect(await main(['node', 'wakeword', 'features', '--input', input, '--out', out], io)).toBe(0);
    expect(err).toEqual([]);
    expect(lines.at(-1)).toMatch(/^wrote 3 feature file\(s\) to .*out-default \(40 mel bins, hop 160\)$/);
    const a = decodeNpy(readFileSync(path.join(out, 'positive', 'a.npy')), 'a.npy');
    expect(a.shape).toEqual([101, 40]);
    // 44.1 kHz stereo, 0.5 s -> 8000 samples at 16 kHz -> 51 frames.
    expect(decodeNpy(readFileSync(path.join(out, 'negative', 'deep', 'b.npy')), 'b.npy').shape).toEqual([51, 40]);
    expect(decodeNpy(readFileSync(path.join(out, 'negative', 'c.npy')), 'c.npy').shape).toEqual([26, 40]);
    expect(existsSync(path.join(out, 'readme.npy'))).toBe(false);
    // The 500 Hz tone's energy lands in the low mel bins, far above the top bins.
    const frame = a.data.subarray(50 * 40, 51 * 40);
    expect(Math.max(...frame.subarray(0, 10))).toBeGreaterThan((frame[39] as number) + 40);
  });

  it('applies --set to the front end', async () => {
    const out = path.join(work, 'out-64');
    const { io } = capture();
    const file = path.join(input, 'positive', 'a.wav');
    expect(await main(['node', 'wakeword', 'features', '--input', file, '--out', out, '--set', 'features.n_mels=64', '--set', 'features.hop_length=320', '-q'], io)).toBe(0);
    expect(decodeNpy(readFileSync(path.join(out, 'a.npy')), 'a.npy').shape).toEqual([51, 64]);
  });

  it('takes a user preset by name, while a built-in preset of the same name wins as everywhere else', async () => {
    const previous = process.env.WAKEWORD_CONFIG_DIR;
    process.env.WAKEWORD_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'wakeword-features-state-'));
    try {
      const config = { ...DEFAULT_CONFIG, features: { ...DEFAULT_CONFIG.features, n_mels: 16 } };
      const userPresets = { kitchen: { description: 'mine', config }, default: { description: 'shadowed', config } };
      writeFileSync(path.join(process.env.WAKEWORD_CONFIG_DIR, 'config-state.json'), JSON.stringify({ version: 1, current: {}, userPresets }));
      const file = path.join(input, 'positive', 'a.wav');
      const shape = async (preset: string): Promise<readonly number[]> => {
        const out = path.join(work, `out-preset-${preset}`);
        expect(await main(['node', 'wakeword', 'features', '-i', file, '-o', out, '--preset', preset, '-q'], capture().io)).toBe(0);
        return decodeNpy(readFileSync(path.join(out, 'a.npy')), 'a.npy').shape;
      };
      expect(await shape('kitchen')).toEqual([101, 16]);
      expect(await shape('default')).toEqual([101, 40]);
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'features', '-i', file, '-o', path.join(work, 'x'), '--preset', 'nope'], io)).toBe(2);
      expect(err.join('\n')).toMatch(/unknown preset "nope"; available presets: .*default.*kitchen/);
    } finally {
      process.env.WAKEWORD_CONFIG_DIR = previous;
    }
  });

  it('reads the front end from --config, with --set applied on top', async () => {
    const configFile = path.join(work, 'partial.json');
    writeFileSync(configFile, JSON.stringify({ version: 2, features: { n_mels: 32, hop_length: 200 } }));
    const out = path.join(work, 'out-config');
    const { io } = capture();
    const file = path.join(input, 'positive', 'a.wav');
    expect(await main(['node', 'wakeword', 'features', '-i', file, '-o', out, '--config', configFile, '--set', 'features.n_mels=24', '-q'], io)).toBe(0);
    expect(decodeNpy(readFileSync(path.join(out, 'a.npy')), 'a.npy').shape).toEqual([81, 24]);
  });

  it('refuses an invalid --set naming the field', async () => {
    const { io, err } = capture();
    const code = await main(['node', 'wakeword', 'features', '--input', input, '--out', path.join(work, 'x'), '--set', 'features.n_mels=abc'], io);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('features.n_mels');
  });

  it('reports a corrupt file by name, still writes the good ones, and exits non-zero', async () => {
    const mixed = path.join(work, 'mixed');
    mkdirSync(mixed, { recursive: true });
    writeFileSync(path.join(mixed, 'good.wav'), sineWav(16000, 0.5, 1));
    writeFileSync(path.join(mixed, 'clip_17.wav'), 'not really a wav');
    writeFileSync(path.join(mixed, 'tiny.wav'), sineWav(16000, 0.005, 1));
    const out = path.join(work, 'out-mixed');
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'features', '--input', mixed, '--out', out], io)).toBe(1);
    expect(err).toContain('error: clip_17.wav: not a WAV file (RIFF header missing)');
    expect(err).toContain('error: tiny.wav: too short for features (80 samples at 16000 Hz, need 201)');
    expect(err.at(-1)).toBe('wakeword: 2 file(s) could not be converted');
    expect(existsSync(path.join(out, 'good.npy'))).toBe(true);
  });

  it('reads --files-from (folders expanded), mirrors the folder holding them all, and names a missing listed file', async () => {
    const list = path.join(work, 'list.txt');
    const missing = path.join(input, 'positive', 'gone.wav');
    writeFileSync(list, [path.join(input, 'positive', 'a.wav'), missing, path.join(input, 'negative')].join('\n'));
    const out = path.join(work, 'out-list');
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'features', '--files-from', list, '--out', out, '-q'], io)).toBe(1);
    expect(err).toEqual(['error: positive/gone.wav: file not found', 'wakeword: 1 file(s) could not be converted']);
    expect(decodeNpy(readFileSync(path.join(out, 'positive', 'a.npy')), 'a.npy').shape).toEqual([101, 40]);
    expect(existsSync(path.join(out, 'negative', 'c.npy'))).toBe(true);
    expect(existsSync(path.join(out, 'negative', 'deep', 'b.npy'))).toBe(true);
  });

  it('asks for an input when given neither --input nor --files-from', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'features', '--out', path.join(work, 'o')], io)).toBe(2);
    expect(err.at(-1)).toBe('wakeword: give --input FILE_OR_DIR, or --files-from FILE (- reads the list from standard input)');
  });

  it('names a missing input and an empty folder', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'features', '--input', path.join(work, 'nope'), '--out', path.join(work, 'o')], io)).toBe(1);
    expect(err.at(-1)).toBe(`wakeword: input not found: ${path.join(work, 'nope')}`);
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    expect(await main(['node', 'wakeword', 'features', '--input', empty, '--out', path.join(work, 'o')], io)).toBe(1);
    expect(err.at(-1)).toMatch(/no audio files .* found in .*empty/);
  });
});
