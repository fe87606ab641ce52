import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wavBytes } from '../tests/fixtures/dataset/audio-bytes';
import type { SplitManifest } from '../src/shared/core/dataset/manifest';
import { ROOT } from './support/serve';
import { openServePage, type ServePage } from './support/serve-page';

/** A small workspace written by the test itself: valid WAVs of several kinds and one corrupt file. */
function makeWorkspace(): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-e2e-dataset-'));
  const put = (relative: string, bytes: Uint8Array | string): void => {
    const file = path.join(workspace, 'data', 'raw', relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  };
  for (let i = 0; i < 20; i++) put(`positive/speaker_${i % 4}/hey_${i}.wav`, wavBytes({ frames: 16000 }));
  for (let i = 0; i < 40; i++) put(`negative/n_${i}.wav`, wavBytes({ frames: 8000, sampleRate: 16000, bits: 24 }));
  for (let i = 0; i < 10; i++) put(`hard_negative/h_${i}.wav`, wavBytes({ frames: 16000, codec: 'float', channels: 2 }));
  put('background/cafe.wav', wavBytes({ frames: 160000 }));
  put('rirs/room.wav', wavBytes({ frames: 4000, extensible: true, bits: 24 }));
  put('negative/corrupt.wav', 'RIFF....this is not a wave file');
  return workspace;
}

describe('Dataset panel in Chromium against wakeword serve', () => {
  let workspace: string;
  let session: ServePage | undefined;
  let page: Page;
  let errors: readonly string[] = [];

  beforeAll(async () => {
    workspace = makeWorkspace();
    session = await openServePage({ workspace });
    page = session.page;
    errors = session.pageErrors;
  });

  afterAll(async () => {
    await session?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('scans the workspace and shows counts per category and the corrupt file', async () => {
    await expect.poll(() => page.getByTestId('workspace-path').textContent()).toContain(workspace);
    const scan = page.getByRole('button', { name: 'Scan dataset' });
    await expect.poll(() => scan.isEnabled()).toBe(true);
    await scan.click();
    await page.getByTestId('count-positive').waitFor();
    expect(await page.getByTestId('count-positive').textContent()).toBe('20');
    expect(await page.getByTestId('count-negative').textContent()).toBe('41');
    expect(await page.getByTestId('invalid-negative').textContent()).toBe('1');
    expect(await page.getByTestId('count-hard_negative').textContent()).toBe('10');
    expect(await page.getByTestId('count-background').textContent()).toBe('1');
    expect(await page.getByTestId('count-rirs').textContent()).toBe('1');
    expect(await page.getByRole('list', { name: 'Invalid files' }).textContent()).toContain('negative/corrupt.wav');
    expect(await page.getByTestId('health-score').textContent()).toMatch(/^\d+$/);
    const manifest = JSON.parse(readFileSync(path.join(workspace, 'data', 'manifest.json'), 'utf8')) as { files: unknown[] };
    expect(manifest.files).toHaveLength(73);
  });

  it('splits by speaker folder and shows counts per split', async () => {
    // The ratios start as the configuration's split shares; typed ones are saved there when splitting.
    await expect.poll(() => page.getByRole('spinbutton', { name: 'Train ratio' }).inputValue()).toBe('0.8');
    for (const [name, value] of [['Train ratio', '0.7'], ['Validation ratio', '0.15'], ['Test ratio', '0.15']] as const) await page.getByRole('spinbutton', { name }).fill(value);
    await page.getByRole('combobox', { name: 'Keep together' }).selectOption('folder');
    await page.getByRole('button', { name: 'Split dataset' }).click();
    await page.getByTestId('split-train-files').waitFor();
    const count = async (id: string): Promise<number> => Number(await page.getByTestId(id).textContent());
    expect((await count('split-train-negative')) + (await count('split-val-negative')) + (await count('split-test-negative'))).toBe(40);
    expect(await count('split-train-negative')).toBe(28);
    expect(await count('split-val-hard_negative')).toBe(2);
    const positives = [await count('split-train-positive'), await count('split-val-positive'), await count('split-test-positive')];
    expect(positives.reduce((a, b) => a + b, 0)).toBe(20);
    // Four speakers of five clips each: every split holds whole speakers.
    for (const n of positives) {
      expect(n % 5).toBe(0);
      expect(n).toBeGreaterThan(0);
    }
    const train = JSON.parse(readFileSync(path.join(workspace, 'data', 'splits', 'train.json'), 'utf8')) as SplitManifest;
    expect(train.groupBy).toBe('folder');
    expect(train.augmentation).toEqual({ background: ['background/cafe.wav'], rirs: ['rirs/room.wav'] });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'serve-dataset-panel.png'), fullPage: true });
    // One source of truth: the Configuration panel shows the shares just used, and that training uses this split.
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await expect.poll(() => page.getByTestId('split-source').textContent(), { timeout: 30_000 }).toContain('0.7 / 0.15 / 0.15, made in the Dataset panel). It matches these shares.');
    await page.getByRole('tab', { name: 'Dataset' }).click();
    await page.getByRole('button', { name: 'Split dataset' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('uploads files dropped on a category, skips what is not audio, and rescans', async () => {
    const wav = Array.from(wavBytes({ frames: 16000 }));
    const transfer = await page.evaluateHandle((bytes) => {
      // Runs in the page; the node tsconfig has no DOM types, so name the one browser class used here.
      const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.wav'));
      data.items.add(new File(['not audio'], 'readme.txt'));
      return data;
    }, wav);
    await page.getByRole('group', { name: 'Import into positive' }).dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('Imported 1 file into positive; skipped 1.');
    expect(await page.getByRole('list', { name: 'Skipped files' }).textContent()).toContain('readme.txt: not an audio file (.txt)');
    await expect.poll(() => page.getByTestId('count-positive').textContent()).toBe('21');
    expect(readFileSync(path.join(workspace, 'data', 'raw', 'positive', 'dropped.wav'))).toEqual(Buffer.from(wav));
    expect(errors).toEqual([]);
  });

  it('lists the installed speech engines and generates negative speech with the real engines', async () => {
    const engines = page.getByRole('list', { name: 'Speech engines' });
    await expect.poll(() => engines.getByTestId('engine-flite').textContent()).toContain('flite: 5 voices');
    expect(await engines.getByTestId('engine-espeak-ng').textContent()).toContain('espeak-ng: 96 voices');
    expect(await engines.getByTestId('engine-piper').textContent()).toContain('piper: not available');
    await page.getByRole('textbox', { name: 'Wake phrase' }).fill('hey nova');
    await page.getByRole('spinbutton', { name: 'Hours of speech' }).fill('0.002');
    await page.getByRole('button', { name: 'Generate negative speech' }).click();
    await expect.poll(() => page.getByTestId('negative-speech-result').textContent(), { timeout: 60_000 }).toContain('1 file, 0.1 minutes of speech');
    const folder = path.join(workspace, 'data', 'raw', 'negative', 'speech', 'generated');
    expect(readdirSync(folder).filter((name) => name.endsWith('.wav'))).toHaveLength(1);
    // The panel rescans afterwards: the new file is counted with the other negatives.
    await expect.poll(() => page.getByTestId('count-negative').textContent()).toBe('42');
    expect(errors).toEqual([]);
  });

  it('notices a file added outside the app (watched, debounced) and brings scan and split up to date in two clicks', async () => {
    const stale = page.getByTestId('dataset-stale');
    // As a file manager would: a new clip straight into data/raw.
    mkdirSync(path.join(workspace, 'data', 'raw', 'hard_negative', 'outside'), { recursive: true });
    writeFileSync(path.join(workspace, 'data', 'raw', 'hard_negative', 'outside', 'new.wav'), Buffer.from(wavBytes({ frames: 16000 })));
    await expect.poll(() => stale.textContent(), { timeout: 30_000 }).toContain('data/raw changed after the last scan');
    await stale.getByRole('button', { name: 'Rescan now' }).click();
    await expect.poll(() => stale.textContent(), { timeout: 30_000 }).toContain('data/raw changed after the last split');
    await stale.getByRole('button', { name: 'Split again' }).click();
    const manifests = (): string => ['train', 'val', 'test'].map((split) => readFileSync(path.join(workspace, 'data', 'splits', `${split}.json`), 'utf8')).join('');
    await expect.poll(manifests, { timeout: 30_000 }).toContain('hard_negative/outside/new.wav');
    await page.getByText('Split written to data/splits.').waitFor({ state: 'attached' });
    await expect.poll(() => stale.count(), { timeout: 30_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
