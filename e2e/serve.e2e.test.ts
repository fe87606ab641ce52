import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../src/shared/contract/api';
import { launchChromium } from './support/browser';
import { ROOT, startServe, type ServeProcess } from './support/serve';
import { readPackageVersion } from '../src/node/project-root';

describe('wakeword serve in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-ws-'));
    serve = await startServe({ workspace });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('renders the five tabs and round-trips app:info over the WebSocket', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(serve.url);

    const tabs = page.getByRole('tablist', { name: 'Panels' }).getByRole('tab');
    await expect.poll(() => tabs.allTextContents()).toEqual(['Dataset', 'Configuration', 'Training', 'Evaluation', 'Export']);

    await page.getByRole('tab', { name: 'Training' }).click();
    expect(await page.getByRole('tab', { name: 'Training' }).getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('selected-backend').waitFor();

    const info = await page.evaluate(() => (globalThis as unknown as { api: { invoke(name: string): Promise<AppInfo> } }).api.invoke('app:info'));
    expect(info.version).toBe(readPackageVersion(ROOT));
    expect(info.host).toBe('serve');
    expect(info.backends.map((backend) => backend.id)).toEqual(['tensorflow', 'wasm', 'cpu']);
    await expect.poll(() => page.getByTestId('status-backend').textContent()).toBe(`Backend: ${info.selectedBackend.id}`);

    await page.screenshot({ path: path.join(ROOT, 'test-results', 'serve-training-tab.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the selected tab across a reload', async () => {
    const page = await browser.newPage();
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: 'Export' }).getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it('syncs a settings change to another open browser tab', async () => {
    const first = await browser.newPage();
    const second = await browser.newPage();
    await first.goto(serve.url);
    await second.goto(serve.url);
    await first.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(() => second.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('dark');
    expect(await second.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme)).toBe('dark');
    await first.close();
    await second.close();
  });
});
