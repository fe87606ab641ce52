import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../src/shared/export/contract';
import type { WakewordManifest } from '../src/shared/export/wakeword-manifest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { runWakeword as wakeword } from './support/cli';
import { ROOT, startServe } from './support/serve';

describe('export of a really trained run (built CLI and serve)', () => {
  let workspace: string;
  let configDir: string;
  let runDir: string;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-export-'));
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

    await symlink(path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
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

  it('the Export panel exports through the export process of `wakeword serve`', async () => {
    const serve = await startServe({ workspace });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      await page.goto(serve.url);
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
      await browser?.close();
      await serve.stop();
    }
  });
});
