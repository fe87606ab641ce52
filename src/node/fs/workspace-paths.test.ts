import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFolderInside, resolveExistingInside } from './workspace-paths';

let workspace: string;
let outside: string;
beforeAll(async () => {
  const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'confine-')));
  workspace = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  await mkdir(path.join(workspace, 'data', 'raw', 'positive'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.wav'), 'x');
  await writeFile(path.join(workspace, 'data', 'raw', 'positive', 'a.wav'), 'x');
  await symlink(path.join(outside, 'secret.wav'), path.join(workspace, 'data', 'raw', 'positive', 'link.wav'));
  await symlink(outside, path.join(workspace, 'data', 'raw', 'escape'));
});

describe('paths named by requests', () => {
  it('resolve files inside the workspace, relative or absolute', async () => {
    expect(await resolveExistingInside(workspace, 'data/raw/positive/a.wav')).toBe(path.join(workspace, 'data', 'raw', 'positive', 'a.wav'));
    expect(await resolveExistingInside(workspace, path.join(workspace, 'data/raw/positive/a.wav'))).toBe(path.join(workspace, 'data', 'raw', 'positive', 'a.wav'));
  });

  it('refuse outside paths, traversal and links out, with one message whether the target exists or not', async () => {
    const message = /not a file inside the open workspace/;
    await expect(resolveExistingInside(workspace, path.join(outside, 'secret.wav'))).rejects.toThrow(message);
    await expect(resolveExistingInside(workspace, path.join(outside, 'missing.wav'))).rejects.toThrow(message);
    await expect(resolveExistingInside(workspace, '../outside/secret.wav')).rejects.toThrow(message);
    await expect(resolveExistingInside(workspace, 'data/raw/positive/link.wav')).rejects.toThrow(message);
    await expect(resolveExistingInside(workspace, 'data/raw/escape/secret.wav')).rejects.toThrow(message);
    await expect(resolveExistingInside(workspace, 'data/raw/positive/missing.wav')).rejects.toThrow('not found in the workspace');
  });

  it('create folders only where they really are inside', async () => {
    expect(await ensureFolderInside(workspace, 'exports/run-1')).toBe(path.join(workspace, 'exports', 'run-1'));
    await expect(ensureFolderInside(workspace, 'data/raw/escape/new')).rejects.toThrow(/not a folder inside the open workspace/);
    expect(existsSync(path.join(outside, 'new'))).toBe(false);
    await expect(ensureFolderInside(workspace, '../elsewhere')).rejects.toThrow(/not a folder inside/);
    expect(existsSync(path.join(path.dirname(workspace), 'elsewhere'))).toBe(false);
  });
});
