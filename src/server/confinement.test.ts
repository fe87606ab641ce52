/**
 * Every request that names a path, sent as a `wakeword serve` client sends it: nothing outside the open
 * workspace is read, listed, scored or written, links planted inside included (issue: serve locked down).
 */
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import { dispatch } from '../shared/contract/dispatch';
import { createServiceHost, type ServiceHost } from '../services/app-services';
import { createWorkspace } from '../node/dataset/workspace';
import { findProjectRoot } from '../node/project-root';
import { pcm16Wav } from '../../tests/support/synthetic-workspace';

let host: ServiceHost;
let workspace: string;
let outside: string;
const SECRET = 'secret.wav';

async function listOutside(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      out.push(path.relative(outside, full));
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(outside);
  return out.sort();
}

beforeAll(async () => {
  const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wakeword-confine-')));
  workspace = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  await createWorkspace(workspace);
  await mkdir(path.join(outside, 'private'), { recursive: true });
  await writeFile(path.join(outside, SECRET), pcm16Wav(Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 9) * 0.3), 16000));
  await writeFile(path.join(outside, 'private', 'id_rsa'), 'PRIVATE KEY');
  // Links planted inside the workspace that lead out of it.
  await symlink(path.join(outside, SECRET), path.join(workspace, 'data', 'raw', 'negative', 'link.wav'));
  await symlink(outside, path.join(workspace, 'data', 'raw', 'negative', 'escape'));
  await symlink(outside, path.join(workspace, 'evaluation-uploads'));
  await rm(path.join(workspace, 'exports'), { recursive: true, force: true });
  await symlink(outside, path.join(workspace, 'exports'));
  await mkdir(path.join(workspace, 'runs', 'r1', 'best'), { recursive: true });
  await writeFile(path.join(workspace, 'runs', 'r1', 'config.json'), JSON.stringify(DEFAULT_CONFIG));
  await writeFile(path.join(workspace, 'runs', 'r1', 'best', 'model.json'), '{}');
  host = createServiceHost({ host: 'serve', root: findProjectRoot(), settingsStore: { store: {}, path: 'memory' }, warnings: [] });
  host.services.settings.set({ workspace });
});

const request = (name: string, args: unknown) => dispatch(host.handlers, name, args, { transport: 'websocket' });

describe('serve API confinement to the workspace', () => {
  const outsideFile = (): string => path.join(outside, SECRET);
  const cases: [string, () => unknown][] = [
    ['evaluation:clip through a link', () => ({ path: 'negative/link.wav' })],
    ['evaluation:clip through a linked folder', () => ({ path: 'negative/escape/secret.wav' })],
    ['evaluation:add-hard-negative through a link', () => ({ path: 'negative/link.wav' })],
    ['detection:segment-audio outside', () => ({ file: outsideFile(), start: 0, end: 0.5 })],
    ['detection:save-candidate outside', () => ({ file: outsideFile(), start: 0, end: 0.5 })],
    ['detection:run outside', () => ({ runId: 'any', file: outsideFile() })],
    ['evaluation:score-files outside', () => ({ runId: 'r1', files: [outsideFile()] })],
    ['evaluation:score-files through a link', () => ({ runId: 'r1', files: ['data/raw/negative/link.wav'] })],
    ['evaluation:file-audio outside', () => ({ file: outsideFile() })],
    ['evaluation:file-audio through a linked folder', () => ({ file: 'data/raw/negative/escape/secret.wav' })],
    ['evaluation:upload into an uploads folder that links outside', () => ({ uploadId: 'upload-0001', name: '../x.wav', size: 4, offset: 0, data: 'UklGRg==', last: false })],
    // r1 is an openWakeWord run (the default config), so oww is the format it supports.
    ['export:run outside', () => ({ runId: 'r1', format: 'oww', outDir: '../../outside/x' })],
    ['export:run into an exports folder that links outside', () => ({ runId: 'r1', format: 'oww', outDir: 'exports/x' })],
    ['export:run to the default folder, which links outside', () => ({ runId: 'r1', format: 'oww' })],
  ];

  for (const [title, args] of cases) {
    it(`refuses ${title}`, async () => {
      const name = title.split(' ')[0] as string;
      const envelope = await request(name, args());
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.message).toMatch(/not (a file |a path |a folder )?inside|must lie inside the workspace's exports/);
    });
  }

  it('lists nothing outside through dataset:import-paths', async () => {
    const envelope = await request('dataset:import-paths', { category: 'negative', paths: [outside, path.join(outside, 'private', 'id_rsa'), path.join(workspace, 'data', 'raw', 'negative')] });
    expect(envelope.ok).toBe(true);
    if (envelope.ok) {
      const result = envelope.value as { imported: unknown[]; skipped: { source: string }[] };
      expect(result.imported).toEqual([]);
      expect(result.skipped.some((file) => file.source.includes('id_rsa') && !file.source.endsWith(path.join('private', 'id_rsa')))).toBe(false);
    }
  });

  it('after all of that, nothing outside was written or changed', async () => {
    expect(await listOutside()).toEqual(['private', path.join('private', 'id_rsa'), SECRET]);
    expect(await readFile(path.join(outside, 'private', 'id_rsa'), 'utf8')).toBe('PRIVATE KEY');
  });
});
