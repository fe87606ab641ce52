import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write';

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
