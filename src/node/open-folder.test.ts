import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openFolderInWorkspace } from './open-folder';

describe('openFolderInWorkspace', () => {
  it('opens a folder inside the workspace', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    await mkdir(path.join(workspace, 'runs', 'r1', 'best'), { recursive: true });
    const open = vi.fn(async () => '');
    expect(await openFolderInWorkspace(path.join(workspace, 'runs', 'r1', 'best'), workspace, open)).toEqual({ opened: true });
    expect(open).toHaveBeenCalledWith(path.join(workspace, 'runs', 'r1', 'best'));
  });

  it('refuses folders outside the workspace, missing folders and hosts without a file manager', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    const open = vi.fn(async () => '');
    expect(await openFolderInWorkspace('/etc', workspace, open)).toMatchObject({ opened: false, reason: expect.stringContaining('outside the workspace') });
    expect(await openFolderInWorkspace(path.join(workspace, '..', path.basename(workspace) + '-x'), workspace, open)).toMatchObject({ opened: false });
    expect(await openFolderInWorkspace(path.join(workspace, 'nope'), workspace, open)).toMatchObject({ opened: false, reason: expect.stringContaining('not a folder') });
    expect(await openFolderInWorkspace(workspace, workspace, undefined)).toMatchObject({ opened: false, reason: expect.stringContaining('desktop app') });
    expect(open).not.toHaveBeenCalled();
  });

  it('passes on the file manager error', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-'));
    expect(await openFolderInWorkspace(workspace, workspace, async () => 'Failed to open path')).toEqual({ opened: false, reason: 'Failed to open path' });
  });
});
