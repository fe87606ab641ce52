/**
 * "Evaluate any recording" in the browser over `wakeword serve`: a WAV from elsewhere on the machine is
 * uploaded from the Evaluation panel, lands inside the workspace (evaluation-uploads/), and comes back with
 * its score, detections and a score-over-time plot; a text file is refused by name; a path outside the
 * workspace sent over the WebSocket is refused. Screenshots of the panel go to e2e/screenshots/.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../tests/support/synthetic-run';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { ROOT, startServe, type ServeProcess } from './support/serve';

const SCREENSHOTS = path.join(ROOT, 'e2e', 'screenshots');

describe('Evaluation panel: evaluate any recording over `wakeword serve`', () => {
  let workspace = '';
  let elsewhere = '';
  let recording = '';
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-recordings-'));
    elsewhere = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-elsewhere-'));
    await writeSyntheticWorkspace(workspace, { positive: 5, negative: 5, hard_negative: 5 });
    // An untrained model is enough: threshold 0 makes every window a detection, so the plot has something to mark.
    await writeSyntheticRun(workspace, 'run-a', 0);
    const audio = new Float32Array(16000 * 8);
    for (let second = 0; second < 8; second++) audio.set(synthClip(second % 3 === 1 ? 'positive' : 'negative', 300 + second), second * 16000);
    recording = path.join(elsewhere, 'kitchen-recording-with-a-rather-long-name-from-tuesday-evening.wav');
    await writeFile(recording, pcm16Wav(audio, 16000));
    await writeFile(path.join(elsewhere, 'notes.txt'), 'not audio');
    await mkdir(SCREENSHOTS, { recursive: true });
    serve = await startServe({ workspace });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('uploads a WAV into the workspace, lists its scores and detections, plots it and plays it in its row', async () => {
    if (!browser || !serve) throw new Error('setup failed');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Evaluation' }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Run' }).inputValue()).toBe('run-a');
    await expect.poll(() => page.getByRole('spinbutton', { name: 'Detection threshold' }).inputValue()).toBe('0');

    await page.getByLabel('Recordings to evaluate', { exact: true }).setInputFiles([recording, path.join(elsewhere, 'notes.txt')]);
    const table = page.getByRole('table', { name: 'Recording results' });
    const name = path.basename(recording);
    const row = table.getByRole('row').filter({ hasText: name });
    await row.waitFor({ timeout: 120_000 });
    // 8 s; every window accepted at threshold 0, so detections with times.
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual([name, '8.00 s', expect.stringMatching(/^0\.\d{4}$/), expect.stringMatching(/^\d+: at \d+\.\d{2} s/), expect.stringMatching(/^Play/)]);
    await expect.poll(() => page.getByRole('alert', { name: 'Recordings not evaluated' }).textContent()).toMatch(/notes\.txt: not an audio file \(\.txt\)/);
    // The upload lives inside the workspace, byte for byte.
    expect(await readFile(path.join(workspace, 'evaluation-uploads', name))).toEqual(await readFile(recording));

    const plot = page.getByRole('img', { name: new RegExp(`^Score over time of ${name.replace(/[.]/g, '\\.')}: score over 8\\.0 s`) });
    await plot.waitFor();
    expect(await plot.locator('[data-testid="timeline-waveform"]').count()).toBe(1);
    expect((await plot.locator('[data-testid="timeline-score"]').getAttribute('points'))?.split(' ').length).toBeGreaterThan(5);
    expect(await plot.locator('[data-testid="timeline-detection"]').count()).toBeGreaterThan(0);
    // The long name is cut with an ellipsis inside its cell, never widening the table past the card.
    const cell = row.getByRole('cell').first().locator('span');
    expect(await cell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await cell.getAttribute('title')).toBe(`evaluation-uploads/${name}`);

    await page.getByRole('button', { name: `Play ${name}` }).click();
    await expect.poll(() => row.getAttribute('data-playing')).toBe('true');
    await page.getByLabel(`Playing ${name}`).waitFor();
    await page.getByRole('heading', { name: 'Evaluate recordings' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evaluation-recordings.png') });
    await page.getByRole('region', { name: 'Evaluate recordings' }).screenshot({ path: path.join(SCREENSHOTS, 'evaluation-recordings-card.png') });

    // Over the WebSocket, a path outside the workspace is refused, whatever the UI sends.
    const refused = await page.evaluate(
      (file) =>
        (globalThis as unknown as { api: { invoke(name: string, args: unknown): Promise<unknown> } }).api.invoke('evaluation:score-files', { runId: 'run-a', files: [file] }).then(
          () => 'scored',
          (error: Error) => error.message,
        ),
      recording,
    );
    expect(refused).toMatch(/not a file inside the open workspace/);

    // A split file plays in its own row too, over its waveform and score from the same detector.
    await page.getByRole('button', { name: 'Evaluate' }).click();
    const results = page.getByRole('table', { name: 'Per-file results' });
    await results.waitFor({ timeout: 120_000 });
    await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await page.getByRole('button', { name: 'Play positive/clip_004.wav' }).click();
    await expect.poll(() => results.getByRole('row').filter({ hasText: 'positive/clip_004.wav' }).first().getAttribute('data-playing')).toBe('true');
    // The row stays open with its plot after the one-second clip has played.
    const detail = results.locator('.evaluation__detail');
    await expect.poll(() => detail.textContent(), { timeout: 120_000 }).toMatch(/waveform|No plot/);
    expect(await detail.getByRole('alert').count(), (await detail.textContent()) ?? '').toBe(0);
    await page.getByRole('img', { name: /^Score over time of positive\/clip_004\.wav: one clip score/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('region', { name: 'Per-file results' }).screenshot({ path: path.join(SCREENSHOTS, 'evaluation-per-file.png') });
    // At 1024 px nothing in the per-file tables reaches past the window (long names and labels are cut, not overflowing).
    await page.setViewportSize({ width: 1024, height: 700 });
    // (The curves' canvases resize a frame later on their own; these sections are this feature's.)
    type Box = { readonly tagName: string; getBoundingClientRect(): { readonly right: number } };
    const wide = await page.locator('[aria-labelledby="recordings-heading"] *, [aria-labelledby="file-results-heading"] *').evaluateAll((elements: Box[]) => {
      const width = (globalThis as unknown as { innerWidth: number }).innerWidth;
      return elements.filter((el) => el.getBoundingClientRect().right > width + 1).map((el) => `${el.tagName} ${String(Math.round(el.getBoundingClientRect().right))}`);
    });
    expect(wide).toEqual([]);
    await page.getByRole('region', { name: 'Evaluate recordings' }).screenshot({ path: path.join(SCREENSHOTS, 'evaluation-recordings-1024.png') });
    expect(errors).toEqual([]);
  }, 240_000);
});
