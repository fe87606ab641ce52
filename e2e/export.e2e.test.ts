import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../src/shared/contract/export-contract';
import type { WakewordManifest } from '../src/shared/export/wakeword-manifest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { runWakeword as wakeword } from './support/cli';
import { ROOT } from './support/serve';
import { openServePage } from './support/serve-page';
import { startStaticServer } from './support/static-server';

describe('export of a really trained run (built CLI and serve)', () => {
  let workspace: string;
  let configDir: string;
  let runDir: string;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-export-'));
    await symlink(path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-export-config-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    const train = await wakeword(['train', '--workspace', workspace, '--preset', 'fast', '--set', 'training.epochs=2', '--set', 'training.batch_size=16', '--run-name', 'exp', '--json'], configDir);
    expect(train.code).toBe(0);
    const done = JSON.parse(train.stdout.trim().split('\n').at(-1) as string) as { run_dir: string };
    runDir = done.run_dir;
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  /** What example-node.mjs prints for a clip (it finds its packages through the workspace's node_modules link). */
  function nodeExampleScore(out: string, clip: string): number {
    const example = spawnSync(process.execPath, [path.join(out, 'example-node.mjs'), clip], { encoding: 'utf8', timeout: 60_000 });
    // TF.js itself prints a hint about tfjs-node on stderr; anything else there is a failure.
    expect(example.stderr.replace(/=+\s*Hi, looks like you are running TensorFlow\.js in Node\.js[^=]*=+\s*/, '').trim()).toBe('');
    expect(example.status).toBe(0);
    return (JSON.parse(example.stdout) as { score: number }).score;
  }

  /**
   * Serves an export folder as its README says (the folder over HTTP, packages under ./node_modules), opens
   * example-browser.html in Chromium, picks the clip in its file input and reads the score the page shows.
   */
  async function browserExampleScore(out: string, clip: string): Promise<{ score: number; text: string }> {
    // The more specific mount first: the server takes the first prefix that matches.
    const server = await startStaticServer({ '/export/node_modules/': path.join(ROOT, 'node_modules'), '/export/': out });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.origin}/export/example-browser.html`);
      await page.locator('#file').setInputFiles(clip);
      const status = page.getByRole('status');
      await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 60_000 }).toMatch(/score [\d.]+/);
      expect(errors).toEqual([]);
      const text = (await status.textContent()) ?? '';
      return { score: Number(/score ([\d.]+)/.exec(text)?.[1]), text };
    } finally {
      await browser.close();
      await server.stop();
    }
  }

  it('wakeword export --format onnx --int8: passes the onnxruntime check on the test split and the example scores a WAV', async () => {
    const out = path.join(workspace, 'exports', 'cli-onnx');
    const run = await wakeword(['export', '--run', runDir, '--format', 'onnx', '--int8', '--out', out, '--json'], configDir);
    expect(run.stderr).not.toContain('wakeword:');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ExportResult;
    expect(result.parity?.split).toBe('test');
    expect(result.parity?.clips).toBeGreaterThan(5);
    expect(result.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(result.int8?.clips).toBe(result.parity?.clips);
    expect(result.sizes.int8Bytes).toBeLessThan(result.sizes.modelBytes);
    const manifest = JSON.parse(await readFile(path.join(out, 'wakeword.json'), 'utf8')) as WakewordManifest;
    const meta = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { best: { threshold: number } };
    expect(manifest.detection.threshold).toBe(meta.best.threshold);
    expect(manifest.cmvn?.mean).toHaveLength(40);

    const clip = path.join(workspace, 'data', 'raw', 'positive', 'clip_004.wav');
    const example = spawnSync(process.execPath, [path.join(out, 'example-node.mjs'), clip], { encoding: 'utf8', timeout: 60_000 });
    expect(example.stderr).toBe('');
    const printed = JSON.parse(example.stdout) as { score: number; detected: boolean; threshold: number };
    expect(printed.score).toBeGreaterThanOrEqual(0);
    expect(printed.score).toBeLessThanOrEqual(1);
    expect(printed.threshold).toBe(meta.best.threshold);
  });

  it('wakeword export --format tfjs writes a layers model beside wakeword.json; bad input is refused clearly', async () => {
    const out = path.join(workspace, 'exports', 'cli-tfjs');
    const run = await wakeword(['export', '--run', runDir, '--format', 'tfjs', '--out', out], configDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`as tfjs to ${out}`);
    for (const name of ['model.json', 'weights.bin', 'wakeword.json', 'example-node.mjs', 'example-browser.html']) expect(existsSync(path.join(out, name))).toBe(true);
    const bad = await wakeword(['export', '--run', path.join(workspace, 'runs', 'missing'), '--format', 'onnx'], configDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('run folder not found');
    const format = await wakeword(['export', '--run', runDir, '--format', 'tflite'], configDir);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("argument 'tflite' is invalid. must be one of tfjs, onnx");
  });

  it('the browser example page of an ONNX and a TF.js export scores a clip as the Node example does', async () => {
    const clip = path.join(workspace, 'data', 'raw', 'positive', 'clip_007.wav');
    for (const format of ['onnx', 'tfjs'] as const) {
      const out = path.join(workspace, 'exports', `browser-${format}`);
      const run = await wakeword(['export', '--run', runDir, '--format', format, '--out', out], configDir);
      expect(run.code, run.stderr).toBe(0);
      const expected = nodeExampleScore(out, clip);
      const shown = await browserExampleScore(out, clip);
      // The page prints three decimals; the browser decodes the 16 kHz WAV itself (no resampling at equal rates).
      expect(Math.abs(shown.score - expected), `${format}: ${shown.text} vs node ${String(expected)}`).toBeLessThanOrEqual(0.0006);
      expect(shown.text).toContain('clip_007.wav');
      expect(shown.text).toMatch(/threshold [\d.]+\)$/);
    }
  });

  it('the Export panel exports through the export process of `wakeword serve`', async () => {
    const { page, close } = await openServePage({ workspace });
    try {
      await page.getByRole('tab', { name: 'Export' }).click();
      const folder = page.getByRole('textbox', { name: 'Output folder' });
      await expect.poll(() => folder.inputValue()).toBe(path.join(workspace, 'exports', `${path.basename(runDir)}-onnx`));
      await page.getByRole('checkbox', { name: /INT8/ }).check();
      await page.getByRole('button', { name: 'Export' }).click();
      const result = page.getByRole('region', { name: 'Export result' });
      await result.waitFor({ timeout: 120_000 });
      expect(await result.getByTestId('export-parity').textContent()).toMatch(/on \d+ test clips \(allowed 0\.0001\) — passed/);
      expect(await result.getByTestId('export-int8').textContent()).toMatch(/accuracy [\d.]+% → [\d.]+%/);
      expect(existsSync(path.join(workspace, 'exports', `${path.basename(runDir)}-onnx`, 'model.int8.onnx'))).toBe(true);
    } finally {
      await close();
    }
  });
});
