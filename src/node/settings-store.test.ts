import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliConfigDir, openCliSettingsStore } from './settings-store';

describe('CLI settings store', () => {
  it('round-trips values through the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
    const first = await openCliSettingsStore(dir);
    first.store.store = { theme: 'dark' };
    const second = await openCliSettingsStore(dir);
    expect(second.warning).toBeNull();
    expect(second.store.store).toEqual({ theme: 'dark' });
  });

  it('moves a corrupt file aside, reports it and starts from defaults', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
    const file = path.join(dir, 'settings.json');
    await writeFile(file, '{"theme": "dark",');
    const opened = await openCliSettingsStore(dir);
    expect(opened.warning).toContain(file);
    expect(opened.warning).toContain('moved to');
    expect(opened.store.store).toEqual({});
    const aside = (await readdir(dir)).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0] ?? ''), 'utf8')).toBe('{"theme": "dark",');
  });

  it('treats a JSON value that is not an object as corrupt', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
    await writeFile(path.join(dir, 'settings.json'), '[1,2]');
    const opened = await openCliSettingsStore(dir);
    expect(opened.warning).toContain('not a JSON object');
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
  });

  it('leaves an unreadable settings file alone and runs on defaults in memory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
    // A folder where the file should be: reading it fails (EISDIR) the way a mode-000 file does for a user.
    await mkdir(path.join(dir, 'settings.json'));
    const opened = await openCliSettingsStore(dir);
    expect(opened.warning).toMatch(/cannot be read \(EISDIR\); it was left as it is/);
    expect(await readdir(dir)).toEqual(['settings.json']);
    opened.store.store = { theme: 'dark' };
    expect(opened.store.store).toEqual({ theme: 'dark' });
  });

  it('runs on defaults in memory when the settings folder cannot be created', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
    const notAFolder = path.join(dir, 'file');
    await writeFile(notAFolder, 'x');
    const opened = await openCliSettingsStore(path.join(notAFolder, 'config'));
    expect(opened.warning).toMatch(/cannot be opened \(ENOTDIR\); changes will not be saved/);
    opened.store.store = { theme: 'light' };
    expect(opened.store.store).toEqual({ theme: 'light' });
  });

  it('keeps CLI settings apart from the desktop app, per platform', () => {
    expect(cliConfigDir({ WAKEWORD_CONFIG_DIR: '/x' }, 'linux')).toBe('/x');
    expect(cliConfigDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(path.join('/cfg', 'wakeword-studio-cli'));
    expect(cliConfigDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('wakeword-studio-cli');
  });
});
