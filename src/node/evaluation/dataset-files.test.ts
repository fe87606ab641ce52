import { mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcm16Wav } from '../../../tests/support/synthetic-workspace';
import { decodeAudioBytes } from '../audio/decode-audio';
import { addToHardNegative, rawFile, readClip, saveCandidate, segmentWav } from './dataset-files';

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eval-files-'));
  await mkdir(path.join(dir, 'data', 'raw', 'negative'), { recursive: true });
  await mkdir(path.join(dir, 'data', 'raw', 'hard_negative'), { recursive: true });
  return dir;
}

const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => (i % 100) / 200);

describe('data/raw file operations', () => {
  it('refuses paths that leave data/raw', async () => {
    const ws = await workspace();
    await writeFile(path.join(ws, 'data', 'raw', 'negative', 'a.wav'), 'x');
    await expect(rawFile(ws, '../splits/train.json')).rejects.toThrow('../splits/train.json: not a path inside data/raw');
    await expect(rawFile(ws, '/etc/passwd')).rejects.toThrow(/not a path inside data\/raw/);
    expect(await rawFile(ws, 'negative/a.wav')).toBe(path.join(await realpath(ws), 'data', 'raw', 'negative', 'a.wav'));
  });

  it('does not follow links out of the workspace, and says the same whether the outside file exists or not', async () => {
    const ws = await workspace();
    const outside = await mkdtemp(path.join(os.tmpdir(), 'eval-outside-'));
    await writeFile(path.join(outside, 'secret.wav'), pcm16Wav(ramp(16000), 16000));
    await symlink(path.join(outside, 'secret.wav'), path.join(ws, 'data', 'raw', 'negative', 'link.wav'));
    await symlink(path.join(outside, 'missing.wav'), path.join(ws, 'data', 'raw', 'negative', 'dangling.wav'));
    await expect(readClip(ws, 'negative/link.wav')).rejects.toThrow('negative/link.wav: not a path inside data/raw');
    await expect(addToHardNegative(ws, 'negative/link.wav')).rejects.toThrow('not a path inside data/raw');
    await expect(saveCandidate(ws, path.join(outside, 'secret.wav'), 0, 0.5)).rejects.toThrow('file: not a file inside the open workspace');
    await expect(saveCandidate(ws, path.join(outside, 'nothing-here.wav'), 0, 0.5)).rejects.toThrow('file: not a file inside the open workspace');
    // A hard_negative folder that links elsewhere receives nothing.
    await writeFile(path.join(ws, 'data', 'raw', 'negative', 'a.wav'), 'x');
    await rm(path.join(ws, 'data', 'raw', 'hard_negative'), { recursive: true });
    await symlink(outside, path.join(ws, 'data', 'raw', 'hard_negative'));
    await expect(addToHardNegative(ws, 'negative/a.wav')).rejects.toThrow(/not a folder inside the open workspace/);
    expect((await readdir(outside)).sort()).toEqual(['secret.wav']);
  });

  it('reads a clip as base64 with its type, and names a missing one', async () => {
    const ws = await workspace();
    const bytes = pcm16Wav(ramp(1600), 16000);
    await writeFile(path.join(ws, 'data', 'raw', 'negative', 'a.wav'), bytes);
    const clip = await readClip(ws, 'negative/a.wav');
    expect(clip.mime).toBe('audio/wav');
    expect(Buffer.from(clip.base64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    await expect(readClip(ws, 'negative/missing.wav')).rejects.toThrow('negative/missing.wav: file not found in data/raw');
  });

  it('copies a false positive into hard_negative, renaming on collision', async () => {
    const ws = await workspace();
    await writeFile(path.join(ws, 'data', 'raw', 'negative', 'a.wav'), 'first');
    await writeFile(path.join(ws, 'data', 'raw', 'hard_negative', 'a.wav'), 'already here');
    expect(await addToHardNegative(ws, 'negative/a.wav')).toBe('hard_negative/a_2.wav');
    expect(await addToHardNegative(ws, 'negative/a.wav')).toBe('hard_negative/a_3.wav');
    expect(await readFile(path.join(ws, 'data', 'raw', 'hard_negative', 'a.wav'), 'utf8')).toBe('already here');
    expect(await readFile(path.join(ws, 'data', 'raw', 'hard_negative', 'a_2.wav'), 'utf8')).toBe('first');
    // The original stays where it was.
    expect(await readdir(path.join(ws, 'data', 'raw', 'negative'))).toEqual(['a.wav']);
    await expect(addToHardNegative(ws, 'negative/nope.wav')).rejects.toThrow('negative/nope.wav: file not found');
  });

  it('cuts a detection out of a long recording as a 16 kHz WAV candidate', async () => {
    const ws = await workspace();
    const long = path.join(ws, 'long.wav');
    await writeFile(long, pcm16Wav(ramp(16000 * 5), 16000));
    const relative = await saveCandidate(ws, long, 1.5, 2.5);
    expect(relative).toBe('hard_negative/mined/long_1500ms.wav');
    const decoded = await decodeAudioBytes(await readFile(path.join(ws, 'data', 'raw', relative)), relative);
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.channels[0]?.length).toBe(16000);
    expect(await saveCandidate(ws, long, 1.5, 2.5)).toBe('hard_negative/mined/long_1500ms_2.wav');
    await expect(segmentWav(long, 2, 1)).rejects.toThrow(/must come after its start/);
    await expect(segmentWav(long, 6, 7)).rejects.toThrow(/lies beyond its 5.00 s/);
  });
});
