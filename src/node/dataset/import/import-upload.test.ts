import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../../tests/fixtures/dataset/audio-bytes';
import type { DatasetCategory } from '../../../shared/core/dataset/categories';
import type { UploadChunkResult } from '../../../shared/core/dataset/import/import-types';
import { createWorkspace } from '../workspace';
import { IMPORT_TEMP_DIR } from './import-paths';
import { createUploadReceiver, type UploadReceiver } from './import-upload';

let root: string;
let workspace: string;
let receiver: UploadReceiver;
let ids = 0;

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-upload-'));
  workspace = path.join(root, 'ws');
  await createWorkspace(workspace);
  receiver = createUploadReceiver();
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const raw = (rel: string): string => path.join(workspace, 'data', 'raw', rel);

/** Sends `bytes` the way the panel does: ordered base64 chunks of `chunk` bytes. */
async function upload(name: string, bytes: Uint8Array, category: DatasetCategory = 'positive', chunk = 1000): Promise<UploadChunkResult> {
  const uploadId = `upload-${++ids}-test`;
  let offset = 0;
  for (;;) {
    const part = bytes.subarray(offset, offset + chunk);
    const last = offset + part.length >= bytes.length;
    const result = await receiver.receive(workspace, { uploadId, category, name, size: bytes.length, offset, data: Buffer.from(part).toString('base64'), last });
    if (result.status !== 'partial' || last) return result;
    expect(result.received).toBe(offset + part.length);
    offset += part.length;
  }
}

describe('browser upload receiver', () => {
  it('assembles chunks into the category folder, keeping sub-folders, and renames on collision', async () => {
    const bytes = wavBytes({ frames: 4000 });
    expect(await upload('speaker_a/clip.wav', bytes)).toEqual({ status: 'saved', file: { source: 'speaker_a/clip.wav', savedAs: 'positive/speaker_a/clip.wav' } });
    expect(await upload('speaker_a/clip.wav', bytes, 'positive', 3000)).toEqual({ status: 'saved', file: { source: 'speaker_a/clip.wav', savedAs: 'positive/speaker_a/clip (2).wav' } });
    expect(readFileSync(raw('positive/speaker_a/clip.wav'))).toEqual(Buffer.from(bytes));
    expect(readFileSync(raw('positive/speaker_a/clip (2).wav'))).toEqual(Buffer.from(bytes));
    expect(receiver.pending()).toBe(0);
    expect(readdirSync(path.join(workspace, IMPORT_TEMP_DIR))).toEqual([]);
  });

  it('keeps names with ../ inside the category folder', async () => {
    const result = await upload('../../x.wav', wavBytes(), 'negative');
    expect(result).toEqual({ status: 'saved', file: { source: '../../x.wav', savedAs: 'negative/x.wav' } });
    const nested = await upload('a/../../../../b/y.wav', wavBytes(), 'negative');
    expect(nested).toMatchObject({ status: 'saved', file: { savedAs: 'negative/a/b/y.wav' } });
    expect(existsSync(path.join(workspace, 'data', 'x.wav'))).toBe(false);
    expect(existsSync(path.join(root, 'x.wav'))).toBe(false);
    expect(existsSync(raw('negative/x.wav'))).toBe(true);
  });

  it('skips unsupported and unreadable files with the reason, leaving nothing behind', async () => {
    expect(await upload('notes.txt', new TextEncoder().encode('hello'))).toEqual({
      status: 'skipped',
      file: { source: 'notes.txt', reason: 'not an audio file (.txt): Wakeword Studio imports .wav, .flac, .mp3 and .ogg files' },
    });
    expect(await upload('fake.wav', new TextEncoder().encode('RIFF....this is not audio at all'))).toMatchObject({ status: 'skipped', file: { reason: expect.stringMatching(/not a WAV file/) } });
    expect(await upload('wrong.mp3', wavBytes())).toMatchObject({ status: 'skipped', file: { reason: 'content is WAV but the name ends in .mp3: rename it to .wav' } });
    expect(await upload('../..', wavBytes())).toMatchObject({ status: 'skipped', file: { reason: 'the name has no usable characters' } });
    expect(await upload('empty.wav', new Uint8Array(0))).toMatchObject({ status: 'skipped', file: { reason: 'zero-length file' } });
    expect(readdirSync(raw('positive'))).toEqual([]);
    expect(readdirSync(path.join(workspace, IMPORT_TEMP_DIR))).toEqual([]);
  });

  it('rejects chunks out of order, too many bytes and unknown uploads, and drops the partial file', async () => {
    const bytes = Buffer.from(wavBytes({ frames: 2000 }));
    const base = { uploadId: 'order-test-1', category: 'positive' as const, name: 'a.wav', size: bytes.length };
    await receiver.receive(workspace, { ...base, offset: 0, data: bytes.subarray(0, 100).toString('base64'), last: false });
    await expect(receiver.receive(workspace, { ...base, offset: 200, data: bytes.subarray(200, 300).toString('base64'), last: false })).rejects.toThrow('expected bytes from 100, got 200');
    expect(receiver.pending()).toBe(0);
    await expect(receiver.receive(workspace, { ...base, offset: 100, data: '', last: true })).rejects.toThrow('unknown or timed out');

    const small = { ...base, uploadId: 'order-test-2', size: 10 };
    await expect(receiver.receive(workspace, { ...small, offset: 0, data: bytes.subarray(0, 20).toString('base64'), last: false })).rejects.toThrow('more bytes than the 10 announced');

    const renamed = { ...base, uploadId: 'order-test-3' };
    await receiver.receive(workspace, { ...renamed, offset: 0, data: bytes.subarray(0, 100).toString('base64'), last: false });
    await expect(receiver.receive(workspace, { ...renamed, name: 'b.wav', offset: 100, data: '', last: false })).rejects.toThrow('does not belong to this upload');
    expect(readdirSync(path.join(workspace, IMPORT_TEMP_DIR))).toEqual([]);
  });

  it('reports an upload that ends short as incomplete', async () => {
    const bytes = Buffer.from(wavBytes());
    const result = await receiver.receive(workspace, { uploadId: 'short-test', category: 'positive', name: 'a.wav', size: bytes.length + 5, offset: 0, data: bytes.toString('base64'), last: true });
    expect(result).toEqual({ status: 'skipped', file: { source: 'a.wav', reason: `upload incomplete (${bytes.length} of ${bytes.length + 5} bytes arrived)` } });
  });

  it('drops uploads that went quiet', async () => {
    let now = 0;
    receiver = createUploadReceiver({ idleMs: 1000, now: () => now });
    const bytes = Buffer.from(wavBytes());
    await receiver.receive(workspace, { uploadId: 'idle-test-1', category: 'positive', name: 'a.wav', size: bytes.length, offset: 0, data: bytes.subarray(0, 10).toString('base64'), last: false });
    now = 5000;
    await receiver.receive(workspace, { uploadId: 'idle-test-2', category: 'positive', name: 'b.wav', size: 3, offset: 0, data: 'AAAA', last: false });
    expect(receiver.pending()).toBe(1);
    await expect(receiver.receive(workspace, { uploadId: 'idle-test-1', category: 'positive', name: 'a.wav', size: bytes.length, offset: 10, data: '', last: false })).rejects.toThrow('unknown or timed out');
    await receiver.dropAll();
    expect(readdirSync(path.join(workspace, IMPORT_TEMP_DIR))).toEqual([]);
  });
});
