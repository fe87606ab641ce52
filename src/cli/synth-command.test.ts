import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../node/dataset/synth/run-program';
import { encodeWavPcm16, readPcm16Wav } from '../shared/core/audio/pcm16-wav';
import { probeFileSync } from '../node/dataset/probe-file';
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
    expect((json as unknown as { voices: string[] }).voices).toHaveLength(101);
    expect(json.positives).toEqual({ phrase: 'hey nova', folder: dir, files: 3 });
    expect(json.negatives).toEqual([
      { phrase: 'hey nora', folder: path.join(dir, 'hard_negative', 'hey_nora'), files: 1 },
      { phrase: 'hey now', folder: path.join(dir, 'hard_negative', 'hey_now'), files: 1 },
    ]);
    expect(readdirSync(path.join(dir, 'hard_negative', 'hey_now'))).toEqual(['hey_now_s9_0001.wav', 'synth-voices.jsonl']);
    const wavs = readdirSync(dir).filter((name) => name.endsWith('.wav'));
    expect(wavs).toHaveLength(3);
    for (const name of wavs) expect(probeFileSync(path.join(dir, name), 'wav').outcome).toMatchObject({ ok: true, info: { sampleRate: 16000, channels: 1, bitDepth: 16 } });
  });

  it('prints a readable summary with the seed to replay', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'synth', '--phrase', 'ok computer', '--count', '1', '--out', path.join(root, 'x')], io)).toBe(0);
    expect(out[0]).toMatch(/^Wrote 1 clip of "ok computer" to .*x \(16 kHz mono 16-bit WAV, seed \d+, from \d+ voices\)\.$/);
    expect(out.at(-1)).toMatch(/--seed \d+ \(and the same voices\) to get the same files/);
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
      // commander's "error: ..." for bad values; a missing --out names the options each mode needs.
      expect(err.join('\n')).toMatch(/error|give --phrase TEXT --count N --out DIR for wake-phrase clips, or --negative-hours H/);
    }
  });

  it('says when --out is a file rather than a folder', async () => {
    const file = path.join(root, 'notes.txt');
    writeFileSync(file, 'x');
    for (const args of [['--phrase', 'hey', '--count', '1', '--out', file], ['--negative-hours', '0.001', '--phrase', 'hey', '--out', file]]) {
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'synth', ...args], io)).toBe(1);
      expect(err.join('\n')).toBe(`wakeword: --out ${file} is a file, not a folder`);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('explains how to install a speech engine when none is on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = (saved ?? '').split(path.delimiter).filter((dir) => findOnPath('espeak-ng', { PATH: dir }) === null && findOnPath('flite', { PATH: dir }) === null).join(path.delimiter);
    try {
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '2', '--out', path.join(root, 'none')], io)).toBe(1);
      expect(err.join('\n')).toMatch(/^wakeword: Synthetic samples need a speech synthesizer, and none was found/);
      expect(err.join('\n')).toContain('sudo apt install espeak-ng');
      expect(err.join('\n')).toContain('sudo apt install flite');
      const demo = capture();
      expect(await main(['node', 'wakeword', 'demo', '--out', path.join(root, 'demo')], demo.io)).toBe(1);
      expect(demo.err.join('\n')).toContain('brew install espeak-ng');
      const voices = capture();
      expect(await main(['node', 'wakeword', 'voices'], voices.io)).toBe(0);
      expect(voices.out.join('\n')).toMatch(/^flite: not available: flite was not found on PATH\n {2}install:\n {4}Debian\/Ubuntu: sudo apt install flite$/m);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('picks voices with --voices and --exclude-voices, and names a mistyped one', async () => {
    const { io, out } = capture();
    const dir = path.join(root, 'flite-only');
    expect(await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '4', '--out', dir, '--seed', '1', '--voices', 'flite', '--exclude-voices', 'flite:slt,flite:kal16', '--json'], io)).toBe(0);
    const json = JSON.parse(out.join('\n')) as { voices: string[] };
    expect(json.voices).toEqual(['flite:kal', 'flite:awb', 'flite:rms']);
    const used = readFileSync(path.join(dir, 'synth-voices.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { voice: string }).voice);
    expect(new Set(used)).toEqual(new Set(['flite:kal', 'flite:awb', 'flite:rms']));

    for (const [args, message] of [
      [['--exclude-voices', 'flite:sl'], /--exclude-voices: unknown voice "flite:sl"; available voices:\n {2}espeak-ng: .*\n {2}flite: flite:kal, flite:kal16, flite:awb, flite:rms, flite:slt/],
      [['--voices', 'festival:kal'], /"festival:kal" is not a voice id/],
      [['--voices', ' , '], /give voice ids or engine names/],
      [['--voices', 'espeak-ng', '--exclude-voices', 'espeak-ng'], /no voices are left/],
      [['--piper-model', path.join(root, 'nope.onnx')], /--piper-model .*nope\.onnx: no such file or folder/],
    ] as const) {
      const bad = capture();
      expect(await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '1', '--out', path.join(root, 'bad'), ...args], bad.io)).not.toBe(0);
      expect(bad.err.join('\n')).toMatch(message);
    }
  });

  it('makes negative speech of the asked length, with JSON progress on stderr', async () => {
    const { io, out, err } = capture();
    const dir = path.join(root, 'speech');
    expect(await main(['node', 'wakeword', 'synth', '--negative-hours', '0.004', '--out', dir, '--phrase', 'hey nova', '--seed', '2', '--json'], io)).toBe(0);
    const json = JSON.parse(out.join('\n')) as { files: string[]; seconds: number; phrase: string; voices: number };
    expect(json).toMatchObject({ phrase: 'hey nova', seconds: 14.4, files: [path.join(dir, 'speech_s2_001.wav')] });
    expect(json.voices).toBeGreaterThan(2);
    const audio = readPcm16Wav(readFileSync(path.join(dir, 'speech_s2_001.wav')));
    expect(audio.sampleRate).toBe(16000);
    expect(Math.abs(audio.samples.length / 16000 - 14.4)).toBeLessThan(1.44);
    const events = err.map((line) => JSON.parse(line) as { event: string; phase: string; done: number; total: number });
    expect(events.every((e) => e.event === 'progress' && e.phase === 'speech' && e.total === 14.4)).toBe(true);
    expect(events.at(-1)?.done).toBe(14.4);

    const human = capture();
    expect(await main(['node', 'wakeword', 'synth', '--negative-hours', '0.001', '--out', path.join(root, 'h'), '--phrase', 'hey nova', '--voices', 'espeak-ng:en-us'], human.io)).toBe(0);
    expect(human.err.at(-1)).toBe('Speaking everyday sentences: 4 s of 4 s (100 %)');
    expect(human.out[0]).toMatch(/^Wrote 1 file of negative speech \(0\.1 min, \d+ sentences, \d+ voices, never "hey nova"\)/);

    for (const [args, message] of [
      [['--negative-hours', '0'], /must be a number of hours above 0/],
      [['--negative-hours', '1', '--count', '3'], /--negative-hours makes negative speech only/],
      [['--negative-hours', '0.01', '--workspace', root], /give the wake phrase the sentences must never contain/],
    ] as const) {
      const bad = capture();
      expect(await main(['node', 'wakeword', 'synth', ...args], bad.io)).toBe(1);
      expect(bad.err.join('\n')).toMatch(message);
    }
  });

  it('uses piper voices from --piper and --piper-model (a fake piper program)', async () => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'tone.wav'), encodeWavPcm16(new Float32Array(8000).map((_, i) => 0.2 * Math.sin(i / 5)), 16000));
    const piper = path.join(bin, 'my-piper');
    writeFileSync(piper, `#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = "--output_file" ]; then out="$2"; fi; shift; done\n/bin/cat > /dev/null\n/bin/cp "${path.join(bin, 'tone.wav')}" "$out"\n`);
    chmodSync(piper, 0o755);
    writeFileSync(path.join(bin, 'amy.onnx'), 'onnx');
    writeFileSync(path.join(bin, 'amy.onnx.json'), '{"num_speakers": 1}');
    const listing = capture();
    expect(await main(['node', 'wakeword', 'voices', '--piper', piper, '--piper-model', path.join(bin, 'amy.onnx'), '--json'], listing.io)).toBe(0);
    const engines = JSON.parse(listing.out.join('\n')) as { voices: string[] };
    expect(engines.voices.at(-1)).toBe(`piper:${path.join(bin, 'amy.onnx')}`);
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', 'synth', '--phrase', 'hey nova', '--count', '2', '--out', path.join(root, 'p'), '--piper', piper, '--voices', `piper:${path.join(bin, 'amy.onnx')}`, '--json'], io)).toBe(0);
    expect((JSON.parse(out.join('\n')) as { voices: string[] }).voices).toEqual([`piper:${path.join(bin, 'amy.onnx')}`]);
    expect(readdirSync(path.join(root, 'p')).filter((name) => name.endsWith('.wav'))).toHaveLength(2);
  });
});

describe('wakeword demo', () => {
  it('creates a scanned, split workspace and refuses a folder that is not empty', { timeout: 180_000 }, async () => {
    const { io, out } = capture();
    const demo = path.join(root, 'demo');
    // A settings folder with no configuration for the new folder: the default preset's split shares apply, as in the app.
    const savedConfigDir = process.env.WAKEWORD_CONFIG_DIR;
    process.env.WAKEWORD_CONFIG_DIR = path.join(root, 'config');
    try {
      expect(await main(['node', 'wakeword', 'demo', '--out', demo, '--json'], io)).toBe(0);
    } finally {
      if (savedConfigDir === undefined) delete process.env.WAKEWORD_CONFIG_DIR;
      else process.env.WAKEWORD_CONFIG_DIR = savedConfigDir;
    }
    const json = JSON.parse(out.join('\n')) as { workspace: string; counts: Record<string, number>; splits: Record<string, { files: number }>; ratios: number[] };
    expect(json.workspace).toBe(demo);
    expect(json.ratios).toEqual([0.8, 0.1, 0.1]);
    expect(json.counts).toEqual({ positive: 60, negative: 165, hard_negative: 30, background: 4 });
    expect(json.splits.train?.files).toBeGreaterThan(100);
    expect(readdirSync(path.join(demo, 'data', 'splits')).sort()).toEqual(['test.json', 'train.json', 'val.json']);
    const again = capture();
    expect(await main(['node', 'wakeword', 'demo', '--out', demo], again.io)).toBe(1);
    expect(again.err.join('\n')).toContain('the folder is not empty');
  });
});
