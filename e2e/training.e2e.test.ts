/**
 * The Training panel in Chromium against the real `wakeword serve`: a tiny `fast` run on a generated
 * workspace, driven by its buttons (start, pause, resume, stop), with a reload in the middle.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { ROOT, startServe, type ServeProcess } from './support/serve';

type Api = { invoke(name: string, args?: unknown): Promise<unknown> };
type Resolved = { ok: boolean; merged: Record<string, unknown> | null; errors: unknown[] };

/** Small enough to run in seconds on wasm, long enough (40 epochs) to pause, reload and stop mid-run. */
const SETS = ['model.dscnn.channels=16', 'model.dscnn.blocks=1', 'training.epochs=40', 'training.batch_size=16', 'training.early_stopping.enabled=false'];

async function invoke<T>(page: Page, name: string, args?: unknown): Promise<T> {
  return (await page.evaluate(([n, a]) => (globalThis as unknown as { api: Api }).api.invoke(n as string, a), [name, args] as const)) as T;
}

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).textContent()) ?? '').trim();
const epochsDone = async (page: Page): Promise<number> => Number((await text(page, 'training-epoch')).split('/')[0]) || 0;

/** Charts whose figure reports drawn points (data-points counts what was handed to chart.js). */
async function chartsWithData(page: Page): Promise<string[]> {
  return page.$$eval('figure[data-chart]', (figures) => figures.filter((f) => Number(f.getAttribute('data-points')) > 0).map((f) => f.getAttribute('data-chart') ?? ''));
}

describe('Training panel against wakeword serve', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-train-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    serve = await startServe({ workspace });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('trains a fast run with live charts, pause/resume, a reload mid-run and stop', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${serve.url}#training`);
    await page.getByTestId('training-state').waitFor();
    expect(await text(page, 'training-state')).toBe('Idle');
    // Idle: no "Time left" (it only means something while a run runs).
    expect(await page.getByTestId('training-eta').count()).toBe(0);

    // The current config, as the Configuration panel would leave it: the fast preset, made tiny.
    const resolved = await invoke<Resolved>(page, 'config:resolve', { preset: 'fast', sets: SETS });
    expect(resolved.errors).toEqual([]);
    await invoke(page, 'config:current-set', { preset: 'fast', config: resolved.merged });

    const start = page.getByRole('button', { name: 'Start training' });
    await expect.poll(() => start.isEnabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Run name' }).fill('e2e');
    await start.click();

    await expect.poll(() => text(page, 'training-state'), { timeout: 60_000 }).toMatch(/Running/);
    await expect.poll(() => epochsDone(page), { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => chartsWithData(page), { timeout: 30_000 }).toEqual(expect.arrayContaining(['loss', 'accuracy', 'detection']));
    expect(await text(page, 'training-eta')).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await page.getByRole('progressbar', { name: 'Batch progress' }).getAttribute('aria-valuenow')).toMatch(/^\d+(\.\d+)?$/);
    expect(await text(page, 'training-backend')).toMatch(/wasm|cpu|tensorflow/);
    expect(await text(page, 'training-gpu')).toBe('no NVIDIA GPU');

    // One training at a time: a second start is refused with a message.
    const second = await invoke<{ started: boolean; reason?: string }>(page, 'training:start', {});
    expect(second.started).toBe(false);
    expect(second.reason).toMatch(/already/);

    await page.getByRole('button', { name: 'Pause training' }).click();
    await expect.poll(() => text(page, 'training-state'), { timeout: 30_000 }).toBe('Paused');
    const pausedAt = await epochsDone(page);
    await page.waitForTimeout(2000);
    expect(await epochsDone(page)).toBe(pausedAt);

    await page.getByRole('button', { name: 'Resume training' }).click();
    await expect.poll(() => text(page, 'training-state'), { timeout: 30_000 }).toBe('Running');
    await expect.poll(() => epochsDone(page), { timeout: 60_000, interval: 250 }).toBeGreaterThan(pausedAt);

    // A reload mid-run gets the whole history and the current state back.
    const before = await invoke<{ history: unknown[] }>(page, 'training:status');
    await page.reload();
    await page.getByTestId('training-state').waitFor();
    await expect.poll(() => text(page, 'training-state')).toBe('Running');
    await expect.poll(() => chartsWithData(page)).toEqual(expect.arrayContaining(['loss', 'accuracy', 'detection', 'lr', 'throughput']));
    const lossPoints = Number(await page.locator('figure[data-chart="loss"]').getAttribute('data-points'));
    expect(lossPoints).toBeGreaterThanOrEqual(2 * before.history.length);
    expect(await page.getByRole('log', { name: 'Training log' }).locator('.log-line').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Stop training' }).click();
    await expect.poll(() => text(page, 'training-state'), { timeout: 60_000 }).toBe('Stopped');
    expect(await page.getByRole('button', { name: 'Start training' }).isEnabled()).toBe(true);
    await expect.poll(() => text(page, 'best-epoch')).toMatch(/^\d+$/);
    expect(await text(page, 'best-val-loss')).toMatch(/^\d+\.\d{4}$/);
    expect(await text(page, 'best-path')).toContain(path.join(workspace, 'runs'));

    // Exports: each chart as PNG, the history as CSV (downloads, allowed by the page's CSP).
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save Loss chart as PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/-e2e-loss\.png$/);
    const pngBytes = await readFile(await png.path());
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history as CSV' }).first().click()]);
    const csvLines = (await readFile(await csv.path(), 'utf8')).trimEnd().split('\n');
    expect(csvLines[0]).toMatch(/^epoch,epochs,train_loss,val_loss/);
    expect(csvLines.length - 1).toBe((await invoke<{ history: unknown[] }>(page, 'training:status')).history.length);

    // The charts follow the window size without being rebuilt.
    // (The grid reflows to one chart per row on a narrow window, so the canvas then fills the whole row.)
    const widths = () =>
      page.locator('figure[data-chart="loss"]').evaluate((figure) => ({
        canvas: Math.round(figure.querySelector('canvas')?.getBoundingClientRect().width ?? 0),
        box: Math.round(figure.querySelector('.training-chart__canvas')?.getBoundingClientRect().width ?? -1),
      }));
    const wide = await widths();
    expect(wide.canvas).toBe(wide.box);
    await page.setViewportSize({ width: 700, height: 1000 });
    await expect.poll(async () => (await widths()).canvas).not.toBe(wide.canvas);
    await expect
      .poll(async () => {
        const w = await widths();
        return w.canvas - w.box;
      })
      .toBe(0);
    await page.setViewportSize({ width: 1400, height: 1000 });

    // The run is in the history, and its charts open read-only.
    const row = page.getByRole('row').filter({ hasText: 'stopped' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: /Open charts of/ }).click();
    await page.getByRole('heading', { name: /\(read-only\)/ }).waitFor();
    expect(await page.locator('.run-history__opened figure[data-chart="loss"]').getAttribute('data-points')).not.toBe('0');

    await page.screenshot({ path: path.join(ROOT, 'test-results', 'training-panel.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('Training panel on a workspace without a split', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-nosplit-'));
    await writeSyntheticWorkspace(workspace, { positive: 3, negative: 3, hard_negative: 0 }, { splits: false });
    serve = await startServe({ workspace });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('refuses to start, says why, and takes the user to the Dataset panel', async () => {
    const page = await browser.newPage();
    await page.goto(`${serve.url}#training`);
    const start = page.getByRole('button', { name: 'Start training' });
    await expect.poll(() => start.isEnabled()).toBe(true);
    await start.click();
    const alert = page.getByRole('alert').filter({ hasText: 'No dataset split' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/scan and split the dataset first/);
    await alert.getByRole('button', { name: 'Go to the Dataset panel' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Dataset' }).getAttribute('aria-selected')).toBe('true');
    expect(new URL(page.url()).hash).toBe('#dataset');
    await page.close();
  });
});
