import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { findElectronBinary } from './support/electron-binary';
import { ROOT } from './support/serve';

const binary = findElectronBinary();
const reason = 'missing' in binary ? binary.missing : null;
if (reason) console.log(`SKIPPED: no Electron binary (${reason})`);

describe.skipIf(reason !== null)('desktop app (Electron)', () => {
  let app: ElectronApplication;

  beforeAll(async () => {
    app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [path.join(ROOT, 'out', 'main', 'index.js')],
      cwd: ROOT,
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens one hardened window with the five tabs', async () => {
    const page = await app.firstWindow();
    const tabs = page.getByRole('tablist', { name: 'Panels' }).getByRole('tab');
    await expect.poll(() => tabs.allTextContents()).toEqual(['Dataset', 'Configuration', 'Training', 'Evaluation', 'Export']);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // No Node in the page: nodeIntegration off, and the preload's globals stay in its isolated world.
    const globals = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      return { require: typeof scope.require, process: typeof scope.process, api: typeof scope.api };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: 'object' });
  });

  it('round-trips app:info over IPC and refuses unknown requests in the preload', async () => {
    const page = await app.firstWindow();
    const info = await page.evaluate(() => (globalThis as unknown as { api: { invoke(name: string): Promise<{ host: string }> } }).api.invoke('app:info'));
    expect(info.host).toBe('electron');
    const refused = await page.evaluate(() =>
      (globalThis as unknown as { api: { invoke(name: string): Promise<unknown> } }).api.invoke('fs:rm').then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
    );
    expect(refused).toContain('Unknown request');
  });

  it('denies window.open and navigation away from the app', async () => {
    const page = await app.firstWindow();
    type Browserish = { open(url: string): unknown; location: { href: string } };
    await page.evaluate(() => (globalThis as unknown as Browserish).open('https://example.com'));
    await page.evaluate(() => {
      (globalThis as unknown as Browserish).location.href = 'https://example.com';
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toMatch(/^app:\/\/wakeword\//);
  });

  it('reports a finished run with a native notification and clears the taskbar progress', async () => {
    const page = await app.firstWindow();
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-electron-ws-'));
    await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 4 });
    // Record what the shell shows instead of popping real notifications on the test machine.
    await app.evaluate(({ Notification, BrowserWindow }) => {
      const record = globalThis as unknown as { shown: { title: string; body: string }[]; progress: number[] };
      record.shown = [];
      record.progress = [];
      Notification.prototype.show = function show(this: Electron.Notification) {
        record.shown.push({ title: this.title, body: this.body });
      };
      const [win] = BrowserWindow.getAllWindows();
      const original = win?.setProgressBar.bind(win);
      if (win && original) {
        win.setProgressBar = (value: number, options?: Electron.ProgressBarOptions) => {
          record.progress.push(value);
          original(value, options);
        };
      }
    });
    type Api = { invoke(name: string, args?: unknown): Promise<{ started?: boolean; reason?: string }> };
    const started = await page.evaluate(async (ws) => {
      const api = (globalThis as unknown as { api: Api }).api;
      await api.invoke('workspace:open', { path: ws });
      return api.invoke('training:start', { preset: 'fast', sets: ['training.epochs=1', 'training.batch_size=8'] });
    }, workspace);
    expect(started).toMatchObject({ started: true });
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { shown: { title: string; body: string }[] }).shown), { timeout: 120_000 })
      .toEqual([expect.objectContaining({ title: 'Training completed', body: expect.stringMatching(/best FRR .* FA\/h, epoch 1$/) })]);
    const progress = await app.evaluate(() => (globalThis as unknown as { progress: number[] }).progress);
    expect(progress.at(-1)).toBe(-1);
  });
});
