import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../tests/fixtures/dataset/audio-bytes';
import { MANIFEST_PATH } from '../../shared/core/dataset/categories';
import type { DatasetManifest, ManifestEntry } from '../../shared/core/dataset/manifest';
import { describeFsError } from './probe-file';
import { createWarningMemo, ScanCancelledError, scanTree } from './scan-tree';
import { fileWarnings } from '../../shared/core/dataset/file-warnings';
import type { DatasetCategory } from '../../shared/core/dataset/categories';
import type { AudioInfo } from '../../shared/core/dataset/formats/probe-types';
import { scanWorkspace } from './scan-workspace';

let workspace: string;

function put(relative: string, bytes: Uint8Array | string): string {
  const file = path.join(workspace, 'data', 'raw', relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function byPath(manifest: DatasetManifest): Map<string, ManifestEntry> {
  return new Map(manifest.files.map((e) => [e.path, e]));
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-scan-'));
  mkdirSync(path.join(workspace, 'data', 'raw'), { recursive: true });
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('scanTree', () => {
  it('finds audio in nested folders of every category, with per-file facts', async () => {
    put('positive/alice/one.wav', wavBytes({ frames: 16000 }));
    put('positive/two.WAV', wavBytes({ frames: 8000, sampleRate: 8000 }));
    put('negative/deep/er/speech.wav', wavBytes({ frames: 48000, bits: 24, channels: 2, sampleRate: 48000 }));
    put('background/noise.wav', wavBytes({ frames: 160000, codec: 'float' }));
    put('rirs/room.wav', wavBytes({ frames: 800 }));
    put('positive/README.txt', 'notes');
    put('positive/.DS_Store', 'junk');
    const { manifest, reusedFromCache } = await scanTree({ workspace });
    expect(reusedFromCache).toBe(0);
    expect(manifest.ignoredFiles).toBe(1);
    expect(manifest.files.map((e) => e.path)).toEqual([
      'background/noise.wav',
      'negative/deep/er/speech.wav',
      'positive/alice/one.wav',
      'positive/two.WAV',
      'rirs/room.wav',
    ]);
    const speech = byPath(manifest).get('negative/deep/er/speech.wav');
    expect(speech).toMatchObject({ category: 'negative', status: 'valid', sampleRate: 48000, channels: 2, bitDepth: 24, durationSeconds: 1 });
    expect(speech?.sizeBytes).toBe(44 + 48000 * 6);
    const lowRate = byPath(manifest).get('positive/two.WAV');
    expect(lowRate?.status === 'valid' && lowRate.warnings).toEqual(["8 kHz sample rate is below the model's 16 kHz: high frequencies are missing"]);
  });

  it('marks corrupt files invalid with a reason and keeps going', async () => {
    put('positive/empty.wav', new Uint8Array(0));
    put('positive/text.wav', 'this is not audio');
    const good = wavBytes({ frames: 16000 });
    put('positive/cut.wav', good.subarray(0, 5000));
    put('positive/ok.wav', good);
    const entries = byPath((await scanTree({ workspace })).manifest);
    expect(entries.get('positive/empty.wav')).toMatchObject({ status: 'invalid', reason: 'zero-length file' });
    expect(entries.get('positive/text.wav')).toMatchObject({ status: 'invalid', reason: 'not a WAV file (RIFF header missing)' });
    expect(entries.get('positive/cut.wav')).toMatchObject({ status: 'invalid', reason: expect.stringContaining('truncated data chunk') });
    expect(entries.get('positive/ok.wav')?.status).toBe('valid');
  });

  it('survives symlink loops, broken links, pipes and odd names', async () => {
    put('negative/a/clip.wav', wavBytes());
    symlinkSync(path.join(workspace, 'data', 'raw', 'negative'), path.join(workspace, 'data', 'raw', 'negative', 'a', 'loop'));
    symlinkSync('/nonexistent/target.wav', path.join(workspace, 'data', 'raw', 'negative', 'dangling.wav'));
    symlinkSync('self.wav', path.join(workspace, 'data', 'raw', 'negative', 'self.wav'));
    execFileSync('mkfifo', [path.join(workspace, 'data', 'raw', 'negative', 'pipe.wav')]);
    const odd = ['sp ace.wav', 'ünï cödé 音.wav', '-dash.wav', '#hash%20.wav', 'new\nline.wav'];
    for (const name of odd) put(`negative/${name}`, wavBytes({ frames: 1600 }));
    const entries = byPath((await scanTree({ workspace })).manifest);
    expect(entries.get('negative/a/clip.wav')?.status).toBe('valid');
    expect(entries.get('negative/dangling.wav')).toMatchObject({ status: 'invalid', reason: 'broken symbolic link' });
    expect(entries.get('negative/self.wav')).toMatchObject({ status: 'invalid', reason: 'symbolic link loop' });
    expect(entries.get('negative/pipe.wav')).toMatchObject({ status: 'invalid', reason: 'not a regular file (a device, pipe or socket)' });
    for (const name of odd) expect(entries.get(`negative/${name}`)?.status).toBe('valid');
    // The loop is entered once: no duplicate under negative/a/loop/...
    expect([...entries.keys()].filter((p) => p.includes('loop'))).toEqual([]);
  });

  it('names a file whose name is not valid UTF-8 instead of calling it gone', async () => {
    const dir = path.join(workspace, 'data', 'raw', 'positive');
    mkdirSync(dir, { recursive: true });
    // "caf\xe9.wav": Latin-1 bytes, as an old tool or another OS may leave them.
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.wav')]), wavBytes({ frames: 1600 }));
    put('positive/fine.wav', wavBytes({ frames: 1600 }));
    const entries = byPath((await scanTree({ workspace })).manifest);
    expect(entries.get('positive/fine.wav')?.status).toBe('valid');
    expect(entries.get('positive/caf\uFFFD.wav')).toMatchObject({ status: 'invalid', reason: 'the name is not valid UTF-8 text: rename it (dataset manifests keep paths as text)' });
    // A valid UTF-8 name that really contains U+FFFD is still an ordinary file.
    put('positive/odd\uFFFD.wav', wavBytes({ frames: 1600 }));
    expect(byPath((await scanTree({ workspace })).manifest).get('positive/odd\uFFFD.wav')?.status).toBe('valid');
  });

  it('explains file-system errors in words', () => {
    const error = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(describeFsError(error('EACCES'))).toBe('cannot read the file (permission denied)');
    expect(describeFsError(error('EACCES'), 'the folder')).toBe('cannot read the folder (permission denied)');
    expect(describeFsError(error('EIO'))).toBe('read error on the file (the disk or file may be damaged)');
    expect(describeFsError(error('EMFILE'))).toBe('cannot read the file (EMFILE)');
  });

  it('reuses cached entries for unchanged files and re-probes changed ones', async () => {
    const a = put('positive/a.wav', wavBytes({ frames: 16000 }));
    put('positive/b.wav', wavBytes({ frames: 16000 }));
    const first = await scanTree({ workspace });
    expect(first.reusedFromCache).toBe(0);
    const second = await scanTree({ workspace, previous: first.manifest });
    expect(second.reusedFromCache).toBe(2);
    expect(second.manifest.files).toEqual(first.manifest.files);

    writeFileSync(a, wavBytes({ frames: 32000 }));
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    const third = await scanTree({ workspace, previous: second.manifest });
    expect(third.reusedFromCache).toBe(1);
    expect(byPath(third.manifest).get('positive/a.wav')).toMatchObject({ durationSeconds: 2 });

    // A cache from another scanner version is not trusted.
    const stale = await scanTree({ workspace, previous: { ...third.manifest, scannerVersion: -1 } });
    expect(stale.reusedFromCache).toBe(0);
  });

  it('reports progress and stops when cancelled', async () => {
    for (let i = 0; i < 200; i++) put(`negative/${String(i)}.wav`, wavBytes({ frames: 160 }));
    const seen: [string, number, number][] = [];
    const done = await scanTree({ workspace, progressIntervalMs: 0, onProgress: (phase, n, total) => seen.push([phase, n, total]) });
    expect(done.manifest.files).toHaveLength(200);
    expect(seen.at(-1)).toEqual(['reading', 200, 200]);
    expect(seen.some(([phase]) => phase === 'listing')).toBe(true);
    // Stamped when the scan began, so a change made while it ran (which it may have missed) reads as newer.
    let during = '';
    const stamped = await scanTree({ workspace, progressIntervalMs: 0, onProgress: () => (during ||= new Date().toISOString()) });
    expect(stamped.manifest.scannedAt <= during).toBe(true);

    const controller = new AbortController();
    const cancelled = scanTree({
      workspace,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (phase, n) => {
        if (phase === 'reading' && n >= 50) controller.abort();
      },
    });
    await expect(cancelled).rejects.toBeInstanceOf(ScanCancelledError);
  });
});

describe('createWarningMemo', () => {
  const info = (sampleRate: number, channels: number, durationSeconds: number | null): AudioInfo => ({ format: 'wav', codec: 'pcm', sampleRate, channels, bitDepth: 16, durationSeconds });

  it('answers exactly as fileWarnings, sharing one array per repeated combination', () => {
    const warn = createWarningMemo();
    const cases: [DatasetCategory, AudioInfo][] = [
      ['positive', info(8000, 1, 0.1)],
      ['positive', info(16000, 1, 1)],
      ['background', info(16000, 1, 0.1)],
      ['negative', info(16000, 4, 7200)],
      ['rirs', info(44100, 2, null)],
      ['positive', info(8000, 2, 0.1)],
    ];
    for (const [category, facts] of cases) {
      expect(warn(category, facts)).toEqual(fileWarnings(category, facts));
      expect(warn(category, { ...facts })).toBe(warn(category, facts));
    }
    expect(warn('positive', info(8000, 1, 0.1))).not.toEqual(warn('background', info(8000, 1, 0.1)));
  });

  it('keeps answering correctly once it stops remembering', () => {
    const warn = createWarningMemo(2);
    for (let i = 0; i < 10; i++) expect(warn('positive', info(8000, 1, i / 10))).toEqual(fileWarnings('positive', info(8000, 1, i / 10)));
  });
});

describe('scanWorkspace', () => {
  it('writes data/manifest.json atomically and uses it as the cache next time', async () => {
    put('positive/a.wav', wavBytes());
    const first = await scanWorkspace({ workspace });
    const written = JSON.parse(readFileSync(path.join(workspace, MANIFEST_PATH), 'utf8')) as DatasetManifest;
    expect(written.files).toEqual(first.manifest.files);
    expect(first.cacheWarning).toBeNull();
    const second = await scanWorkspace({ workspace });
    expect(second.reusedFromCache).toBe(1);
  });

  it('rebuilds a damaged manifest and says so', async () => {
    put('positive/a.wav', wavBytes());
    mkdirSync(path.join(workspace, 'data'), { recursive: true });
    writeFileSync(path.join(workspace, MANIFEST_PATH), '{"files": [');
    const result = await scanWorkspace({ workspace });
    expect(result.cacheWarning).toContain('not valid JSON');
    expect(result.manifest.files).toHaveLength(1);
  });

  it('refuses a missing workspace or one without data/raw', async () => {
    await expect(scanWorkspace({ workspace: path.join(workspace, 'nope') })).rejects.toThrow(`workspace folder not found: ${path.join(workspace, 'nope')}`);
    rmSync(path.join(workspace, 'data'), { recursive: true });
    await expect(scanWorkspace({ workspace })).rejects.toThrow('has no data/raw folder');
  });
});
