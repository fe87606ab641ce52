import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChunkedUploads, type UploadChunkHeader } from './chunked-upload';

function setup(options: { maxSessions?: number; now?: () => number; idleMs?: number } = {}) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'chunked-upload-'));
  let made = 0;
  const uploads = createChunkedUploads<UploadChunkHeader, { readonly n: number }, string>({
    ...options,
    start: async (_workspace, chunk) => (chunk.name.endsWith('.txt') ? { refused: `${chunk.name}: no text` } : { temp: path.join(workspace, `${String(made)}.part`), meta: { n: made++ } }),
  });
  const chunk = (uploadId: string, name: string, size: number, offset: number, bytes: string, last: boolean): UploadChunkHeader => ({ uploadId, name, size, offset, data: Buffer.from(bytes).toString('base64'), last });
  return { workspace, uploads, chunk };
}

describe('chunked uploads', () => {
  it('assembles ordered chunks into the temp file and hands the finished session over', async () => {
    const { uploads, chunk } = setup();
    expect(await uploads.receive('/ws', chunk('u1', 'a.wav', 6, 0, 'abc', false))).toEqual({ status: 'partial', received: 3 });
    const done = await uploads.receive('/ws', chunk('u1', 'a.wav', 6, 3, 'def', true));
    if (done.status !== 'complete') throw new Error(`expected complete, got ${done.status}`);
    expect(readFileSync(done.session.temp, 'utf8')).toBe('abcdef');
    expect(done.session.meta).toEqual({ n: 0 });
    expect(uploads.pending()).toBe(0);
  });

  it('a refusal writes nothing; a short upload removes its temp file', async () => {
    const { workspace, uploads, chunk } = setup();
    expect(await uploads.receive('/ws', chunk('u1', 'notes.txt', 3, 0, 'abc', true))).toEqual({ status: 'refused', refused: 'notes.txt: no text' });
    expect(readdirSync(workspace)).toEqual([]);
    expect(await uploads.receive('/ws', chunk('u2', 'a.wav', 9, 0, 'abc', true))).toEqual({ status: 'incomplete', received: 3, size: 9 });
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('refuses out-of-order, oversized, foreign and unknown chunks, dropping the partial file', async () => {
    const { workspace, uploads, chunk } = setup();
    await uploads.receive('/ws', chunk('u1', 'a.wav', 6, 0, 'abc', false));
    await expect(uploads.receive('/ws', chunk('u1', 'a.wav', 6, 4, 'ef', true))).rejects.toThrow('expected bytes from 3, got 4');
    expect(existsSync(path.join(workspace, '0.part'))).toBe(false);
    await uploads.receive('/ws', chunk('u2', 'b.wav', 2, 0, '', false));
    await expect(uploads.receive('/ws', chunk('u2', 'b.wav', 2, 0, 'abc', true))).rejects.toThrow('more bytes than the 2 announced');
    await uploads.receive('/ws', chunk('u3', 'c.wav', 2, 0, 'a', false));
    await expect(uploads.receive('/other', chunk('u3', 'c.wav', 2, 1, 'b', true))).rejects.toThrow('does not belong to this upload');
    await expect(uploads.receive('/ws', chunk('u4', 'd.wav', 2, 1, 'b', true))).rejects.toThrow('unknown or timed out');
    expect(uploads.pending()).toBe(0);
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('caps uploads at once and drops the ones that went quiet', async () => {
    let clock = 0;
    const { workspace, uploads, chunk } = setup({ maxSessions: 1, idleMs: 1000, now: () => clock });
    await uploads.receive('/ws', chunk('u1', 'a.wav', 6, 0, 'abc', false));
    await expect(uploads.receive('/ws', chunk('u2', 'b.wav', 6, 0, 'abc', false))).rejects.toThrow('too many uploads at once (1)');
    clock = 5000;
    expect(await uploads.receive('/ws', chunk('u2', 'b.wav', 6, 0, 'abc', false))).toEqual({ status: 'partial', received: 3 });
    expect(existsSync(path.join(workspace, '0.part'))).toBe(false);
    await expect(uploads.receive('/ws', chunk('u1', 'a.wav', 6, 3, 'def', true))).rejects.toThrow('unknown or timed out');
  });
});
