/**
 * The recommended (openWakeWord) path through the browser UI: a run trained with the default preset on a small
 * workspace (fewer clips than its batch of 128) is exported from the Export panel of `wakeword serve` as
 * openWakeWord, named after the wake phrase, and the exported .onnx loads and scores in onnxruntime-node. The
 * training's embedding pass reports JSON progress events.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { jsonLines, runWakeword as wakeword } from './support/cli';
import { openServePage } from './support/serve-page';

describe('Export panel: an openWakeWord run exported as oww over `wakeword serve`', () => {
  let workspace: string;
  let runId: string;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-oww-panel-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 20, hard_negative: 10 });
    // dataset:synthesize keeps its positives under positive/synthetic/<phrase slug>/: the workspace's phrase.
    await mkdir(path.join(workspace, 'data', 'raw', 'positive', 'synthetic', 'hey_nova'), { recursive: true });
    // The default preset as is (batch 128 on 30 training clips), only shorter.
    const train = await wakeword(['train', '--workspace', workspace, '--preset', 'default', '--set', 'training.epochs=2', '--run-name', 'oww1', '--json']);
    expect(train.stderr).not.toContain('wakeword:');
    expect(train.code).toBe(0);
    const lines = jsonLines(train.stdout);
    runId = path.basename((lines.at(-1) as { run_dir: string }).run_dir);
    // The embedding pass reports its progress as JSON events, ending with every clip done.
    const embedding = lines.filter((line) => line.type === 'progress' && line.step === 'Embedding audio with openWakeWord');
    expect(embedding.length).toBeGreaterThan(0);
    expect(embedding.at(-1)).toMatchObject({ phase: 'preparing', done: embedding.at(-1)?.total });
  }, 600_000);

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('offers only openWakeWord, names the model after the phrase, and the .onnx loads in onnxruntime-node', async () => {
    const { page, close } = await openServePage({ workspace });
    try {
      await page.getByRole('tab', { name: 'Export' }).click();
      const oww = page.getByRole('radio', { name: /^openWakeWord \(ONNX\)/ });
      await oww.waitFor({ timeout: 60_000 });
      expect(await oww.isChecked()).toBe(true);
      expect(await page.getByRole('radio').count()).toBe(1);
      expect(await page.getByText(/Home Assistant \(Wyoming openWakeWord\)/).count()).toBe(1);
      const phrase = page.getByRole('textbox', { name: 'Wake phrase' });
      expect(await phrase.inputValue()).toBe('hey nova');
      const folder = page.getByRole('textbox', { name: 'Output folder' });
      expect(await folder.inputValue()).toBe(path.join(workspace, 'exports', `${runId}-oww`));
      // serve has no native dialog: the folder is typed, under <workspace>/exports/.
      expect(await page.getByRole('button', { name: 'Choose folder…' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Export' }).click();
      const result = page.getByRole('region', { name: 'Export result' });
      await result.waitFor({ timeout: 300_000 });
      expect(await result.getByTestId('export-parity').textContent()).toMatch(/passed/);
      // Titled by its real format; each example named by the file written (no example-node.mjs for openWakeWord).
      expect(await result.getByRole('heading', { level: 3 }).textContent()).toBe(`Exported ${runId} as an openWakeWord model (ONNX)`);
      expect(await result.getByRole('region', { name: 'Python (openWakeWord) example' }).textContent()).toContain('example-openwakeword.py');
      expect(await result.getByText('example-node.mjs').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);

      const out = path.join(workspace, 'exports', `${runId}-oww`);
      const manifest = JSON.parse(await readFile(path.join(out, 'wakeword.json'), 'utf8')) as { phrase: string; model: { file: string; inputShape: number[] } };
      expect(manifest.phrase).toBe('hey nova');
      expect(manifest.model.file).toBe('hey_nova.onnx');
      const session = await ort.InferenceSession.create(await readFile(path.join(out, 'hey_nova.onnx')));
      try {
        const [input] = session.inputNames;
        const [output] = session.outputNames;
        const scores = await session.run({ [input as string]: new ort.Tensor('float32', new Float32Array(16 * 96).fill(0.5), [1, 16, 96]) });
        const score = scores[output as string];
        expect(score?.dims).toEqual([1, 1]);
        const value = (score?.data as Float32Array)[0] as number;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      } finally {
        await session.release();
      }
    } finally {
      await close();
    }
  }, 600_000);
});
