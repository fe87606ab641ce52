import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ROOT, startServe, type ServeProcess } from './support/serve';

describe('wakeword serve: the connection lost banner', () => {
  let browser: Browser;
  let serve: ServeProcess | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows a banner while serve is down, reconnects when it is back and shows the fresh state', async () => {
    const first = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-ws-a-'));
    const second = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-ws-b-'));
    // No token, so the restarted server (a new process) accepts the page that is already open.
    serve = await startServe({ workspace: first, extraArgs: ['--no-token'] });
    const port = new URL(serve.url).port;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(serve.url);
    await expect.poll(() => page.getByTestId('workspace-path').textContent()).toContain(first);
    const banner = page.getByTestId('connection-banner');
    expect(await banner.count()).toBe(0);

    await serve.stop();
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toContain('Connection to the Wakeword Studio server lost');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'serve-connection-lost.png') });

    // The same port, another workspace: what the panels show after reconnecting must come from the new server.
    serve = await startServe({ workspace: second, extraArgs: ['--no-token', '--port', port] });
    expect(await banner.getByRole('button', { name: 'Retry now' }).count()).toBe(1);
    // What "Retry now" does, without racing a back-off retry that may already have reconnected (then a no-op).
    await page.evaluate(() => (globalThis as unknown as { api: { reconnectNow(): void } }).api.reconnectNow());
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('workspace-path').textContent()).toContain(second);
    // Event subscriptions carry over to the new socket: a settings change made by another tab arrives here.
    const other = await browser.newPage();
    await other.goto(serve.url);
    await other.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(() => page.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('dark');
    expect(pageErrors).toEqual([]);
    await other.close();
    await page.close();
  });
});
