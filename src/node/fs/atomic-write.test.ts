import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesTogether, writeJsonAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp files behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atomic-'));
    const target = path.join(dir, 'nested', 'manifest.json');
    await writeJsonAtomic(target, { version: 1 });
    await writeJsonAtomic(target, { version: 2 });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ version: 2 });
    expect(await readdir(path.dirname(target))).toEqual(['manifest.json']);
  });

  it('keeps the previous file when the write fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atomic-'));
    const target = path.join(dir, 'config.json');
    await writeFile(target, 'old');
    const failing = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('disk full')) }) };
    await expect(writeFileAtomic(target, failing as unknown as Uint8Array)).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['config.json']);
  });
});

describe('writeFilesTogether', () => {
  it('adds all files beside what the folder already holds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'together-'));
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await writeFilesTogether(dir, { 'model.onnx': new Uint8Array([1, 2, 3]), 'wakeword.json': '{}' });
    expect((await readdir(dir)).sort()).toEqual(['model.onnx', 'notes.txt', 'wakeword.json']);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('leaves the folder as it was when a write fails part-way (a full disk)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'together-'));
    await writeFile(path.join(dir, 'wakeword.json'), 'previous export');
    const failing = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('ENOSPC: no space left on device')) }) };
    await expect(writeFilesTogether(dir, { 'model.onnx': new Uint8Array([1]), 'example.mjs': failing as unknown as Uint8Array, 'wakeword.json': 'new' })).rejects.toThrow('ENOSPC');
    expect(await readdir(dir)).toEqual(['wakeword.json']);
    expect(await readFile(path.join(dir, 'wakeword.json'), 'utf8')).toBe('previous export');
    // No hidden staging folder is left beside it either.
    expect((await readdir(path.dirname(dir))).filter((name) => name.startsWith(`.${path.basename(dir)}.`))).toEqual([]);
  });

  it('names the folder and says it is untouched when the disk is full', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'together-'));
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: path.join(dir, 'example.mjs') });
    const failing = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(enospc) }) };
    await expect(writeFilesTogether(dir, { 'example.mjs': failing as unknown as Uint8Array })).rejects.toThrow(
      `The disk holding ${dir} is full (no space left while writing example.mjs): nothing was written there, ${dir} is as it was before. Free some space, then try again.`,
    );
  });
});
