/**
 * openWakeWord path end to end with the built CLI: train the oww_fast preset (real trainer process, embedding
 * cache), export --format oww, then stream held-out WAVs through an independent openWakeWord implementation
 * (the openwakeword-js port on onnxruntime-web, in Chromium: its bundle does not run in plain Node) with the
 * exported model, and compare its per-step scores with the app's streaming scorer.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMonoClip } from '../src/node/audio/decode-audio';
import { createOwwStreamScorer } from '../src/ml/oww/stream-scorer';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { jsonLines, runWakeword as wakeword } from './support/cli';
import { ROOT } from './support/serve';
import { startStaticServer, type StaticServer } from './support/static-server';

/** Steps before both implementations hold only embeddings of the recording (76 mel frames + 16 embeddings). */
const WARM_UP_STEPS = 30;

/**
 * The port, loaded as a module: one chunk of 1280 samples per predict() call, as openWakeWord is fed. The page's
 * ?model= names the exported file (always hey_nova.onnx, so the port reports its score as hey_nova).
 */
const PORT_PAGE = `<!doctype html><title>openwakeword-js</title>
<script type="module">
import { Model } from '/owwjs/index.js';
try {
  const model = new Model({
    wakewordModels: [new URLSearchParams(location.search).get('model')],
    melspectrogramModelPath: '/backbone/melspectrogram.onnx',
    embeddingModelPath: '/backbone/embedding_model.onnx',
    inferenceFramework: 'onnx',
    wasmPaths: '/ort/',
  });
  await model.init();
  window.scoreRecordings = async (recordings) => {
    const out = [];
    for (const recording of recordings) {
      model.reset();
      const scores = [];
      for (let at = 0; at + 1280 <= recording.length; at += 1280) scores.push((await model.predict(Int16Array.from(recording.slice(at, at + 1280)))).hey_nova);
      out.push(scores);
    }
    return out;
  };
  window.owwReady = true;
} catch (error) {
  window.owwError = String(error);
}
</script>`;

/** 2 s of quiet before the clip, so every compared step lies after the warm-up and covers the clip. */
function padded(audio: Float32Array): Float32Array {
  const out = new Float32Array(audio.length + 48000);
  out.set(audio, 32000);
  return out;
}

describe('openWakeWord export (built CLI) checked against openwakeword-js in Chromium', () => {
  let workspace: string;
  let runDir: string;
  let exportDir: string;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-oww-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 20, hard_negative: 10 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('trains oww_fast from an empty embedding cache, then again from the cache', async () => {
    const args = ['train', '--workspace', workspace, '--preset', 'oww_fast', '--set', 'training.epochs=4', '--set', 'training.batch_size=32', '--json'];
    const first = await wakeword([...args, '--run-name', 'oww1']);
    expect(first.stderr).not.toContain('wakeword:');
    expect(first.code).toBe(0);
    const lines = jsonLines(first.stdout);
    const done = lines.at(-1) as { type: string; run_dir: string };
    expect(done.type).toBe('done');
    runDir = done.run_dir;
    expect(existsSync(path.join(runDir, 'best', 'model.json'))).toBe(true);
    const cached = (await readdir(path.join(workspace, 'cache', 'oww'))).filter((f) => f.endsWith('.bin'));
    // 30 training clips x (clean + 1 augmented copy) + 10 validation clips.
    expect(cached).toHaveLength(70);
    const log = await readFile(path.join(runDir, 'train.log'), 'utf8').catch(() => '');
    expect(log === '' || log.includes('general negatives behind FA/h')).toBe(true);

    const second = await wakeword([...args, '--run-name', 'oww2']);
    expect(second.code).toBe(0);
    expect((await readdir(path.join(workspace, 'cache', 'oww'))).filter((f) => f.endsWith('.bin'))).toHaveLength(70);
  }, 600_000);

  it('exports --format oww and openwakeword-js scores held-out WAVs like the app, within 1e-3', async () => {
    exportDir = path.join(workspace, 'exported');
    const exported = await wakeword(['export', '--run', runDir, '--format', 'oww', '--out', path.join(exportDir, 'hey_nova.onnx'), '--json']);
    expect(exported.stderr).not.toContain('wakeword:');
    expect(exported.code).toBe(0);
    const result = JSON.parse(exported.stdout) as { files: { name: string }[]; parity: { maxAbsDiff: number } };
    expect(result.files.map((f) => f.name)).toEqual(expect.arrayContaining(['hey_nova.onnx', 'wakeword.json']));
    expect(result.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);

    await expectPortMatchesApp('oww_dnn', runDir, '/exported/hey_nova.onnx');
  }, 600_000);

  it('an oww_rnn run (bidirectional LSTMs) exports an ONNX LSTM graph that openwakeword-js scores like the app', async () => {
    const trained = await wakeword(['train', '--workspace', workspace, '--preset', 'oww_fast', '--set', 'model.architecture=oww_rnn', '--set', 'model.oww.width=32', '--set', 'training.epochs=4', '--set', 'training.batch_size=32', '--run-name', 'rnn', '--json']);
    expect(trained.stderr).not.toContain('wakeword:');
    expect(trained.code).toBe(0);
    const rnnRun = (jsonLines(trained.stdout).at(-1) as { run_dir: string }).run_dir;
    const exported = await wakeword(['export', '--run', rnnRun, '--format', 'oww', '--out', path.join(exportDir, 'rnn', 'hey_nova.onnx'), '--json']);
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { parity: { maxAbsDiff: number } }).parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    await expectPortMatchesApp('oww_rnn', rnnRun, '/exported/rnn/hey_nova.onnx');
  }, 600_000);

  /**
   * Held-out WAVs through the app's streaming scorer and through the port (started on first use) in Chromium:
   * over 100 steps compared, within 1e-3.
   */
  async function expectPortMatchesApp(label: string, run: string, modelUrl: string): Promise<void> {
    const test = JSON.parse(await readFile(path.join(workspace, 'data', 'splits', 'test.json'), 'utf8')) as { files: { path: string }[] };
    const files = [...test.files.slice(0, 6).map((f) => path.join(workspace, 'data', 'raw', f.path)), path.join(ROOT, 'tests', 'fixtures', 'oww', 'speech-16k.wav')];
    const clips = await Promise.all(files.map(async (file) => padded(await loadMonoClip(file, 16000))));

    const scorer = await createOwwStreamScorer(run);
    const appScores: number[][] = [];
    for (const clip of clips) appScores.push(Array.from(await scorer.scoreAudio(clip)));
    await scorer.dispose();

    server ??= await startStaticServer(
      {
        '/owwjs/': path.join(ROOT, 'node_modules', 'openwakeword-js', 'dist'),
        '/ort/': path.join(ROOT, 'node_modules', 'onnxruntime-web', 'dist'),
        '/backbone/': path.join(ROOT, 'resources', 'oww'),
        '/exported/': exportDir,
      },
      { '/': PORT_PAGE },
    );
    browser ??= await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${server.origin}/?model=${encodeURIComponent(modelUrl)}`);
    await page.waitForFunction('window.owwReady === true || typeof window.owwError === "string"', undefined, { timeout: 120_000 });
    expect(await page.evaluate('window.owwError ?? null')).toBeNull();
    const pcm = clips.map((clip) => Array.from(clip, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768)))));
    const portScores = (await page.evaluate(`window.scoreRecordings(${JSON.stringify(pcm)})`)) as number[][];
    await page.close();

    let compared = 0;
    let maxDiff = 0;
    let maxScore = 0;
    portScores.forEach((scores, r) => {
      const app = appScores[r] as number[];
      expect(scores).toHaveLength(app.length);
      for (let i = WARM_UP_STEPS; i < app.length; i += 1) {
        maxDiff = Math.max(maxDiff, Math.abs((scores[i] as number) - (app[i] as number)));
        maxScore = Math.max(maxScore, app[i] as number);
        compared += 1;
      }
    });
    console.log(`${label}: compared ${compared} steps: max diff ${maxDiff.toExponential(2)}, max app score ${maxScore.toFixed(3)}`);
    expect(compared).toBeGreaterThan(100);
    // Scores that all sit at 0 would match trivially.
    expect(maxScore).toBeGreaterThan(0.05);
    expect(maxDiff).toBeLessThan(1e-3);
  }
});
