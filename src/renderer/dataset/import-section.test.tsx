import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WakewordApi } from '../../shared/contract/api';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import type { ImportResult, UploadChunkResult } from '../../shared/core/dataset/import/import-types';
import { UPLOAD_CHUNK_BYTES } from '../../shared/core/dataset/import/import-types';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { DatasetPanel } from './dataset-panel';

const WS: WorkspaceStatus = { path: '/data/ws', exists: true, missingFolders: [] };

interface UploadArgs {
  uploadId: string;
  category: string;
  name: string;
  size: number;
  offset: number;
  data: string;
  last: boolean;
}

/** A fake service side of dataset:import-upload: checks the chunk order per upload and keeps the base64 parts, as main does. */
function uploadServer() {
  const received = new Map<string, { name: string; size: number; parts: string[] }>();
  const respond = (raw: unknown): UploadChunkResult => {
    const args = raw as UploadArgs;
    const upload = received.get(args.uploadId) ?? { name: args.name, size: 0, parts: [] };
    expect(args.offset).toBe(upload.size);
    upload.parts.push(args.data);
    upload.size += atob(args.data).length;
    received.set(args.uploadId, upload);
    if (!args.last) return { status: 'partial', received: upload.size };
    return { status: 'saved', file: { source: args.name, savedAs: `${args.category}/${args.name}` } };
  };
  return { received, respond };
}

function decode(parts: readonly string[]): Uint8Array {
  const binary = parts.map((part) => atob(part)).join('');
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function renderPanel(responders: FakeResponders, options: { host?: WakewordApi['host']; pathForFile?: (file: File) => string; workspace?: WorkspaceStatus | null } = {}) {
  const fake = createFakeApi({
    'dataset:overview': () => ({ workspace: options.workspace === undefined ? WS : options.workspace, scan: null, split: null }),
    'dataset:synth-engines': () => ({ engines: [], voices: ['espeak-ng:en-us+m1'] }),
    'dataset:scan': () => new Promise(() => undefined),
    ...responders,
  });
  const api: WakewordApi = { ...fake.api, host: options.host ?? 'serve', ...(options.pathForFile ? { pathForFile: options.pathForFile } : {}) };
  render(
    <ApiProvider api={api}>
      <DatasetPanel />
    </ApiProvider>,
  );
  return fake;
}

/** A stand-in for the browser's FileSystemEntry tree of a dropped folder. */
function dirEntry(name: string, children: readonly FileSystemEntry[]): FileSystemEntry {
  let read = false;
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => ({
      readEntries: (ok: (entries: FileSystemEntry[]) => void) => {
        ok(read ? [] : [...children]);
        read = true;
      },
    }),
  } as unknown as FileSystemEntry;
}

function fileEntry(file: File): FileSystemEntry {
  return { name: file.name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(file) } as unknown as FileSystemEntry;
}

function dropOn(zone: HTMLElement, files: readonly File[], entries: readonly FileSystemEntry[] = []): void {
  const items = entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry }));
  fireEvent.dragOver(zone, { dataTransfer: { files, items, dropEffect: 'none' } });
  fireEvent.drop(zone, { dataTransfer: { files, items } });
}

async function readyZone(category: string): Promise<HTMLElement> {
  const zone = await screen.findByRole('group', { name: `Import into ${category}` });
  await waitFor(() => expect(within(zone).getByRole('button', { name: 'Add files…' })).toBeEnabled());
  return zone;
}

describe('Dataset panel import (drag and drop)', () => {
  it('uploads a dropped folder from a browser in ordered chunks, skips non-audio files by name, then rescans', { timeout: 30_000 }, async () => {
    const server = uploadServer();
    const fake = renderPanel({ 'dataset:import-upload': server.respond });
    const big = new Uint8Array(UPLOAD_CHUNK_BYTES + 1000).map((_, i) => i % 251);
    const clip = new File([big], 'a.wav');
    const notes = new File(['hello'], 'notes.txt');
    const loose = new File([new Uint8Array([1, 2, 3])], 'b.wav');
    const zone = await readyZone('positive');

    dropOn(zone, [loose], [dirEntry('speaker', [fileEntry(clip), dirEntry('deeper', [fileEntry(notes)])]), fileEntry(loose)]);

    const result = await screen.findByTestId('import-result', {}, { timeout: 15_000 });
    expect(result).toHaveTextContent('Imported 2 files into positive; skipped 1.');
    expect(within(result).getByRole('list', { name: 'Skipped files' })).toHaveTextContent('speaker/deeper/notes.txt: not an audio file (.txt)');
    const uploads = [...server.received.values()];
    expect(uploads.map((u) => u.name)).toEqual(['speaker/a.wav', 'b.wav']);
    const sent = decode(uploads[0]?.parts ?? []);
    expect(sent.length).toBe(big.length);
    expect(sent.every((byte, i) => byte === big[i])).toBe(true);
    expect(Array.from(decode(uploads[1]?.parts ?? []))).toEqual([1, 2, 3]);
    const chunkCalls = fake.invoke.mock.calls.filter(([name]) => name === 'dataset:import-upload').map(([, args]) => args as UploadArgs);
    expect(chunkCalls.map((c) => [c.name, c.offset, c.last])).toEqual([
      ['speaker/a.wav', 0, false],
      ['speaker/a.wav', UPLOAD_CHUNK_BYTES, true],
      ['b.wav', 0, true],
    ]);
    expect(chunkCalls.every((c) => c.data.length <= Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4)).toBe(true);
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:scan'));
  });

  it('imports by path on the desktop, with progress from the service and the skipped files listed', async () => {
    let finish: (result: ImportResult) => void = () => undefined;
    const paths = new Map<File, string>();
    const fake = renderPanel({ 'dataset:import-paths': () => new Promise<ImportResult>((resolve) => (finish = resolve)) }, { host: 'electron', pathForFile: (file) => paths.get(file) ?? '' });
    const folder = new File([], 'speaker_b');
    const clip = new File([new Uint8Array(4)], 'x.wav');
    paths.set(folder, '/home/me/speaker_b');
    paths.set(clip, '/home/me/x.wav');
    const zone = await readyZone('negative');

    dropOn(zone, [folder, clip]);

    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:import-paths', { category: 'negative', paths: ['/home/me/speaker_b', '/home/me/x.wav'] }));
    expect(within(zone).getByRole('button', { name: 'Add files…' })).toBeDisabled();
    fake.emit('dataset:import-progress', { category: 'negative', done: 1, total: 3, current: 'speaker_b/one.wav' });
    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '1'));
    expect(screen.getByText('Importing into negative: 1 of 3 files')).toBeInTheDocument();

    finish({
      category: 'negative',
      imported: [{ source: '/home/me/x.wav', savedAs: 'negative/x (2).wav' }],
      skipped: [{ source: '/home/me/speaker_b/bad.wav', reason: 'not a WAV file (RIFF header missing)' }],
    });
    expect(await screen.findByTestId('import-result')).toHaveTextContent('Imported 1 file into negative; skipped 1.');
    expect(screen.getByRole('list', { name: 'Skipped files' })).toHaveTextContent('/home/me/speaker_b/bad.wav: not a WAV file (RIFF header missing)');
    expect(screen.queryByRole('progressbar', { name: 'Import progress' })).not.toBeInTheDocument();
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:scan'));
    expect(fake.invoke.mock.calls.some(([name]) => name === 'dataset:import-upload')).toBe(false);
  });

  it('uploads files picked with "Add files…" and does not rescan when nothing was imported', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({
      'dataset:import-upload': (raw) => ({ status: 'skipped', file: { source: (raw as UploadArgs).name, reason: 'zero-length file' } }),
    });
    const zone = await readyZone('hard_negative');
    await user.upload(within(zone).getByLabelText('Choose files for hard_negative'), [new File([new Uint8Array(2)], 'c.wav')]);
    expect(await screen.findByTestId('import-result')).toHaveTextContent('Imported 0 files into hard_negative; skipped 1.');
    expect(fake.invoke).toHaveBeenCalledWith('dataset:import-upload', expect.objectContaining({ category: 'hard_negative', name: 'c.wav', offset: 0, last: true }));
    expect(fake.invoke).not.toHaveBeenCalledWith('dataset:scan');
  });

  it('shows a failed import', async () => {
    renderPanel({ 'dataset:import-upload': () => Promise.reject(new Error('disk full')) });
    const zone = await readyZone('background');
    dropOn(zone, [new File([new Uint8Array(8)], 'noise.wav')]);
    expect(await screen.findByText('disk full')).toBeInTheDocument();
    expect(within(zone).getByRole('button', { name: 'Add files…' })).toBeEnabled();
  });

  it('disables import without a workspace', async () => {
    const fake = renderPanel({}, { workspace: null });
    const zone = await screen.findByRole('group', { name: 'Import into positive' });
    expect(within(zone).getByRole('button', { name: 'Add files…' })).toBeDisabled();
    dropOn(zone, [new File([new Uint8Array(8)], 'x.wav')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.invoke.mock.calls.some(([name]) => String(name).startsWith('dataset:import'))).toBe(false);
  });
});
