import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteLength, writeExportFiles } from './write-export';

describe('writing an export', () => {
  it('writes every file and lists each with its size on disk (strings as UTF-8)', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'write-export-')), 'hey-nova');
    const written = await writeExportFiles(out, { 'model.onnx': Uint8Array.of(1, 2, 3), 'wakeword.json': '{"phrase":"hé"}\n' });
    expect(written).toEqual([
      { name: 'model.onnx', bytes: 3 },
      { name: 'wakeword.json', bytes: 17 },
    ]);
    expect(readdirSync(out).sort()).toEqual(['model.onnx', 'wakeword.json']);
    expect(readFileSync(path.join(out, 'wakeword.json'), 'utf8')).toBe('{"phrase":"hé"}\n');
    expect(byteLength(undefined)).toBe(0);
  });

  it('refuses an export without wakeword.json and writes nothing', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'write-export-')), 'hey-nova');
    await expect(writeExportFiles(out, { 'model.onnx': Uint8Array.of(1) })).rejects.toThrow('without wakeword.json');
    expect(() => readdirSync(out)).toThrow();
  });
});
