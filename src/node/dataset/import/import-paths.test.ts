import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../../tests/fixtures/dataset/audio-bytes';
import { createWorkspace } from '../workspace';
import { IMPORT_TEMP_DIR, importPaths } from './import-paths';

let root: string;
let workspace: string;
let outside: string;

function put(file: string, bytes: Uint8Array | string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-import-'));
  workspace = path.join(root, 'ws');
  outside = path.join(root, 'outside');
  await createWorkspace(workspace);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const raw = (rel: string): string => path.join(workspace, 'data', 'raw', rel);

describe('importPaths', () => {
  it('copies files byte for byte and renames on collision instead of overwriting', async () => {
    const original = wavBytes({ frames: 800 });
    put(raw('positive/clip.wav'), original);
    const incoming = wavBytes({ frames: 1600, bits: 24 });
    const a = put(path.join(outside, 'clip.wav'), incoming);
    const b = put(path.join(outside, 'other', 'clip.wav'), incoming);

    const result = await importPaths({ workspace, category: 'positive', paths: [a] });
    expect(result.imported).toEqual([{ source: a, savedAs: 'positive/clip (2).wav' }]);
    const again = await importPaths({ workspace, category: 'positive', paths: [b] });
    expect(again.imported).toEqual([{ source: b, savedAs: 'positive/clip (3).wav' }]);
    expect(readFileSync(raw('positive/clip.wav'))).toEqual(Buffer.from(original));
    expect(readFileSync(raw('positive/clip (2).wav'))).toEqual(Buffer.from(incoming));
    expect(readFileSync(raw('positive/clip (3).wav'))).toEqual(Buffer.from(incoming));
    expect(existsSync(a)).toBe(true);
    // No temp files are left behind.
    expect(readdirSync(path.join(workspace, IMPORT_TEMP_DIR))).toEqual([]);
  });

  it('copies a dropped folder recursively under its own name, audio files only, and lists what it skipped', async () => {
    const folder = path.join(outside, 'speaker_a');
    put(path.join(folder, 'one.wav'), wavBytes());
    put(path.join(folder, 'session 2', 'two.WAV'), wavBytes({ codec: 'float' }));
    put(path.join(folder, 'notes.txt'), 'hello');
    put(path.join(folder, 'cover.jpg'), 'jpeg');
    put(path.join(folder, 'broken.wav'), 'RIFF....not a wave');
    put(path.join(folder, 'empty.wav'), '');
    put(path.join(folder, 'sneaky.wav'), wavBytes({ formatTag: 7 }));
    put(path.join(folder, '.DS_Store'), 'x');
    symlinkSync(path.join(folder, 'missing.wav'), path.join(folder, 'dangling.wav'));
    const progress: number[] = [];

    const result = await importPaths({ workspace, category: 'negative', paths: [folder], onProgress: (done) => progress.push(done) });

    expect(result.category).toBe('negative');
    expect(result.imported.map((f) => f.savedAs).sort()).toEqual(['negative/speaker_a/one.wav', 'negative/speaker_a/session 2/two.WAV']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [path.basename(s.source), s.reason]));
    expect(reasons['notes.txt']).toBe('not an audio file (.txt): Wakeword Studio imports .wav, .flac, .mp3 and .ogg files');
    expect(reasons['cover.jpg']).toMatch(/^not an audio file \(\.jpg\)/);
    expect(reasons['broken.wav']).toMatch(/not a WAV file/);
    expect(reasons['empty.wav']).toBe('zero-length file');
    expect(reasons['sneaky.wav']).toMatch(/unsupported codec \(µ-law/);
    expect(reasons['.DS_Store']).toBe('hidden file or folder');
    expect(reasons['dangling.wav']).toBe('broken symbolic link');
    expect(existsSync(raw('negative/speaker_a/notes.txt'))).toBe(false);
    expect(existsSync(raw('negative/speaker_a/broken.wav'))).toBe(false);
    expect(progress.at(-1)).toBe(7);
  });

  it('merges a folder dropped twice, renaming only the colliding files', async () => {
    const folder = path.join(outside, 'speaker_b');
    put(path.join(folder, 'a.wav'), wavBytes());
    await importPaths({ workspace, category: 'positive', paths: [folder] });
    put(path.join(folder, 'b.wav'), wavBytes());
    const second = await importPaths({ workspace, category: 'positive', paths: [folder] });
    expect(second.imported.map((f) => f.savedAs).sort()).toEqual(['positive/speaker_b/a (2).wav', 'positive/speaker_b/b.wav']);
  });

  it('refuses relative and missing paths, and files already in the category folder', async () => {
    const inside = put(raw('positive/here.wav'), wavBytes());
    const result = await importPaths({ workspace, category: 'positive', paths: ['relative/x.wav', path.join(outside, 'nope.wav'), inside, raw('positive')] });
    expect(result.imported).toEqual([]);
    expect(result.skipped).toEqual([
      { source: 'relative/x.wav', reason: 'not an absolute path' },
      { source: path.join(outside, 'nope.wav'), reason: 'not found (moved or deleted?)' },
      { source: inside, reason: 'already in the positive folder' },
      { source: raw('positive'), reason: 'already in the positive folder' },
    ]);
    expect(readdirSync(raw('positive'))).toEqual(['here.wav']);
  });

  it('does not loop on a folder that links to itself', async () => {
    const folder = path.join(outside, 'loop');
    put(path.join(folder, 'x.wav'), wavBytes());
    symlinkSync(folder, path.join(folder, 'again'));
    const result = await importPaths({ workspace, category: 'hard_negative', paths: [folder] });
    expect(result.imported.map((f) => f.savedAs)).toEqual(['hard_negative/loop/x.wav']);
  });

  it('from the browser (confined): refuses paths outside the workspace and links out of it, without telling whether they exist', async () => {
    const secret = put(path.join(outside, 'home', 'id_rsa.wav'), wavBytes({ frames: 800 }));
    put(path.join(workspace, 'incoming', 'ok.wav'), wavBytes({ frames: 800 }));
    symlinkSync(path.join(outside, 'home'), path.join(workspace, 'incoming', 'home-link'));
    symlinkSync(secret, path.join(workspace, 'incoming', 'secret-link.wav'));
    const result = await importPaths({
      workspace,
      category: 'positive',
      paths: [path.join(outside, 'home'), path.join(outside, 'missing.wav'), path.join(workspace, 'incoming')],
      confineTo: workspace,
    });
    expect(result.imported.map((file) => file.savedAs)).toEqual(['positive/incoming/ok.wav']);
    const reasons = new Map(result.skipped.map((file) => [file.source, file.reason]));
    const outsideReason = 'not inside the open workspace (in the browser, upload files instead)';
    expect(reasons.get(path.join(outside, 'home'))).toBe(outsideReason);
    expect(reasons.get(path.join(outside, 'missing.wav'))).toBe(outsideReason);
    expect(reasons.get(path.join(workspace, 'incoming', 'home-link'))).toBe(outsideReason);
    expect(reasons.get(path.join(workspace, 'incoming', 'secret-link.wav'))).toBe(outsideReason);
    // Nothing under the outside folder was even listed.
    expect(result.skipped.some((file) => file.source.includes('id_rsa'))).toBe(false);
  });

  it('never places a file in a category folder that links outside the workspace', async () => {
    const source = put(path.join(outside, 'in', 'clip.wav'), wavBytes({ frames: 800 }));
    mkdirSync(path.join(outside, 'target'), { recursive: true });
    rmSync(raw('negative'), { recursive: true, force: true });
    symlinkSync(path.join(outside, 'target'), raw('negative'));
    const result = await importPaths({ workspace, category: 'negative', paths: [source] });
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]?.reason).toMatch(/not a folder inside the open workspace/);
    expect(readdirSync(path.join(outside, 'target'))).toEqual([]);
  });
});
