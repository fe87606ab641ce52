import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPcm16Wav } from '../../../shared/core/audio/pcm16-wav';
import { requestSchemas } from '../../../shared/contract/api';
import { deleteRecording, saveRecording } from './recordings';
import { synthesisPhrase } from './synthesis-phrase';

let root: string;
let ws: string;

/** A sine of `seconds` at `rate`, as the renderer sends it: 16-bit little-endian PCM in base64. */
function pcm16(seconds: number, rate: number, amplitude = 0.5, hz = 440): string {
  const count = Math.round(seconds * rate);
  const bytes = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) bytes.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  return bytes.toString('base64');
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-recordings-'));
  ws = path.join(root, 'ws');
  for (const category of ['positive', 'negative']) mkdirSync(path.join(ws, 'data/raw', category), { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('saveRecording', () => {
  it('saves a 48 kHz take as a 16 kHz mono 16-bit WAV in data/raw/positive/recorded/', async () => {
    const saved = await saveRecording(ws, { category: 'positive', sampleRate: 48000, pcm16: pcm16(1.5, 48000) });
    expect(saved.path).toMatch(/^data\/raw\/positive\/recorded\/take-\d{8}-\d{6}-[0-9a-f]{6}\.wav$/);
    expect(saved.durationSeconds).toBeCloseTo(1.5, 3);
    expect(saved.peak).toBeGreaterThan(0.48);
    expect(saved.peak).toBeLessThan(0.52);
    const bytes = readFileSync(path.join(ws, saved.path));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint16(34, true)).toBe(16);
    const audio = readPcm16Wav(bytes);
    expect(audio.sampleRate).toBe(16000);
    expect(audio.samples.length).toBe(24000);
    // The tone survives resampling: its zero crossings still come 880 times a second.
    let crossings = 0;
    for (let i = 1; i < audio.samples.length; i++) if (((audio.samples[i - 1] as number) < 0) !== ((audio.samples[i] as number) < 0)) crossings += 1;
    expect(crossings / 1.5).toBeGreaterThan(870);
    expect(crossings / 1.5).toBeLessThan(890);
    // Written atomically: nothing but the take is left in the folder.
    expect(readdirSync(path.join(ws, 'data/raw/positive/recorded'))).toEqual([path.basename(saved.path)]);
  });

  it('saves "anything else" takes to data/raw/negative/recorded/ and two takes in one second under different names', async () => {
    const now = new Date('2026-12-07T15:00:00Z');
    const a = await saveRecording(ws, { category: 'negative', sampleRate: 16000, pcm16: pcm16(0.5, 16000) }, now);
    const b = await saveRecording(ws, { category: 'negative', sampleRate: 16000, pcm16: pcm16(0.5, 16000) }, now);
    expect(a.path.startsWith('data/raw/negative/recorded/take-20261207-150000-')).toBe(true);
    expect(b.path).not.toBe(a.path);
    expect(readdirSync(path.join(ws, 'data/raw/negative/recorded'))).toHaveLength(2);
  });

  it('refuses a take longer than 30 s, shorter than 0.1 s, or with half a sample', async () => {
    await expect(saveRecording(ws, { category: 'positive', sampleRate: 8000, pcm16: pcm16(31, 8000) })).rejects.toThrow('the take is 31.0 s long; takes are at most 30 s');
    await expect(saveRecording(ws, { category: 'positive', sampleRate: 16000, pcm16: pcm16(0.05, 16000) })).rejects.toThrow('takes are at least 0.1 s');
    await expect(saveRecording(ws, { category: 'positive', sampleRate: 16000, pcm16: Buffer.alloc(3201).toString('base64') })).rejects.toThrow('not a whole number of 16-bit samples');
    expect(existsSync(path.join(ws, 'data/raw/positive/recorded'))).toBe(false);
  });

  it('refuses to save through a recorded/ folder that links outside the workspace', async () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, path.join(ws, 'data/raw/positive/recorded'));
    await expect(saveRecording(ws, { category: 'positive', sampleRate: 16000, pcm16: pcm16(0.5, 16000) })).rejects.toThrow('links to another folder');
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('deleteRecording', () => {
  const refusal = /is not a recording of this workspace: only \.wav takes under data\/raw\/<category>\/recorded\/ can be deleted/;

  it('deletes a saved take', async () => {
    const saved = await saveRecording(ws, { category: 'positive', sampleRate: 16000, pcm16: pcm16(0.5, 16000) });
    await expect(deleteRecording(ws, saved.path)).resolves.toEqual({ deleted: saved.path });
    expect(existsSync(path.join(ws, saved.path))).toBe(false);
    await expect(deleteRecording(ws, saved.path)).rejects.toThrow('no such recording');
  });

  it('refuses ../ paths, absolute paths and files outside recorded/, with the same message whether the target exists or not', async () => {
    writeFileSync(path.join(root, 'secret.wav'), 'x');
    writeFileSync(path.join(ws, 'data/raw/positive/mine.wav'), 'x');
    const attempts = [
      'data/raw/positive/recorded/../../../../secret.wav',
      'data/raw/positive/recorded/../../../../missing.wav',
      '../secret.wav',
      path.join(root, 'secret.wav'),
      path.join(root, 'missing.wav'),
      'data/raw/positive/mine.wav',
      'data/raw/positive/recorded',
      'data/raw/positive/recorded/notes.txt',
      'data\\raw\\positive\\recorded\\..\\..\\..\\..\\secret.wav',
    ];
    for (const attempt of attempts) await expect(deleteRecording(ws, attempt), attempt).rejects.toThrow(refusal);
    expect(existsSync(path.join(root, 'secret.wav'))).toBe(true);
    expect(existsSync(path.join(ws, 'data/raw/positive/mine.wav'))).toBe(true);
  });

  it('refuses links that lead outside: a linked take, a linked sub-folder and a linked recorded/ folder', async () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'victim.wav'), 'x');
    const recorded = path.join(ws, 'data/raw/positive/recorded');
    mkdirSync(recorded);
    symlinkSync(path.join(outside, 'victim.wav'), path.join(recorded, 'link.wav'));
    symlinkSync(outside, path.join(recorded, 'sub'));
    symlinkSync(outside, path.join(ws, 'data/raw/negative/recorded'));
    for (const attempt of ['data/raw/positive/recorded/link.wav', 'data/raw/positive/recorded/sub/victim.wav', 'data/raw/positive/recorded/sub/missing.wav', 'data/raw/negative/recorded/victim.wav', 'data/raw/negative/recorded/missing.wav']) {
      await expect(deleteRecording(ws, attempt), attempt).rejects.toThrow(refusal);
    }
    expect(existsSync(path.join(outside, 'victim.wav'))).toBe(true);
  });
});

describe('dataset:save-recording arguments', () => {
  const schema = requestSchemas['dataset:save-recording'];

  it('accepts capture rates from 8 to 48 kHz and the longest take at 48 kHz', () => {
    expect(schema.safeParse({ category: 'positive', sampleRate: 44100, pcm16: pcm16(0.2, 44100) }).success).toBe(true);
    expect(schema.safeParse({ category: 'negative', sampleRate: 48000, pcm16: pcm16(30, 48000) }).success).toBe(true);
  });

  it('refuses other rates, longer takes, other categories and text that is not base64', () => {
    const refused = (args: unknown): string => {
      const result = schema.safeParse(args);
      return result.success ? 'accepted' : result.error.issues.map((issue) => issue.message).join('; ');
    };
    expect(refused({ category: 'positive', sampleRate: 96000, pcm16: 'AAAA' })).toMatch(/48000/);
    expect(refused({ category: 'positive', sampleRate: 4000, pcm16: 'AAAA' })).toMatch(/8000/);
    expect(refused({ category: 'positive', sampleRate: 22050.5, pcm16: 'AAAA' })).not.toBe('accepted');
    expect(refused({ category: 'positive', sampleRate: 48000, pcm16: pcm16(30.1, 48000) })).toBe('the take is too long: takes are at most 30 s');
    expect(refused({ category: 'hard_negative', sampleRate: 16000, pcm16: 'AAAA' })).not.toBe('accepted');
    expect(refused({ category: 'positive', sampleRate: 16000, pcm16: 'not base64!' })).toBe('pcm16 must be base64');
  });
});

describe('synthesisPhrase', () => {
  it('reads the newest data/raw/positive/synthetic/<slug>/ folder as the phrase, and is null without one', async () => {
    expect(await synthesisPhrase(ws)).toBeNull();
    mkdirSync(path.join(ws, 'data/raw/positive/synthetic/hey_nova'), { recursive: true });
    expect(await synthesisPhrase(ws)).toBe('hey nova');
  });
});
