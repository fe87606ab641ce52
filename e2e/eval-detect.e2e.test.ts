import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { launchChromium } from './support/browser';
import { ROOT, startServe } from './support/serve';

let configDir = '';

function wakeword(args: readonly string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir },
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EVENTS = [3, 9.5, 15];

/**
 * 20 s of the kinds of negative audio the model was trained on (noise and hums, one second each), with a
 * synthetic "wake word" (a 1 s rising chirp) starting at each EVENTS time.
 */
async function writeLongRecording(file: string): Promise<void> {
  const rate = 16000;
  const audio = new Float32Array(20 * rate);
  for (let second = 0; second < 20; second++) audio.set(synthClip('negative', 200 + second), second * rate);
  EVENTS.forEach((start, k) => audio.set(synthClip('positive', 100 + k), Math.round(start * rate)));
  await writeFile(file, pcm16Wav(audio, rate));
}

describe('wakeword eval and detect (built CLI, a trained synthetic run)', () => {
  let workspace = '';
  let runDir = '';

  beforeAll(async () => {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-eval-config-'));
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-eval-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    const train = wakeword(['train', '--workspace', workspace, '--preset', 'fast', '--set', 'training.epochs=20', '--set', 'training.batch_size=16', '--json']);
    expect(train.code, train.stderr).toBe(0);
    const done = JSON.parse(train.stdout.trim().split('\n').at(-1) ?? '{}') as { run_dir: string };
    runDir = done.run_dir;
  });

  it('prints the metrics JSON at the training threshold, then saves a target-FAH operating point', async () => {
    const evaluation = wakeword(['eval', '--run', runDir, '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const m = JSON.parse(evaluation.stdout) as Record<string, number | string | null>;
    for (const key of ['threshold', 'frr', 'fpr', 'fah', 'eer', 'auc', 'tp', 'fp', 'tn', 'fn', 'accuracy', 'precision', 'recall', 'f1', 'hard_negative_fpr']) expect(m).toHaveProperty(key);
    // The synthetic test split: 4 positives, 5 negatives, 2 hard negatives (every 5th file of each kind).
    expect(Number(m.tp) + Number(m.fn)).toBe(4);
    expect(Number(m.fp) + Number(m.tn)).toBe(7);
    expect(m.threshold_source).toBe('training');
    const meta = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { best: { threshold: number } };
    expect(m.threshold).toBe(meta.best.threshold);

    const saved = wakeword(['eval', '--run', runDir, '--split', 'val', '--target-fah', '1000', '--save', '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    const point = JSON.parse(await readFile(path.join(runDir, 'operating-point.json'), 'utf8')) as { threshold: number; source: string; split: string };
    const savedJson = JSON.parse(saved.stdout) as { threshold: number; threshold_basis: string | null; fah_warning: string | null };
    expect(point).toMatchObject({ source: 'target-fah', split: 'val', threshold: savedJson.threshold });
    // Counted or extrapolated, and the warning says "extrapolated" exactly when it was.
    expect(['count', 'tail']).toContain(savedJson.threshold_basis);
    expect(/extrapolated/.test(savedJson.fah_warning ?? '')).toBe(savedJson.threshold_basis === 'tail');
    expect(m.threshold_basis).toBeNull();
    const after = JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { operatingPoint: { threshold: number } };
    expect(after.operatingPoint.threshold).toBe(point.threshold);
  });

  it('scores clips and finds the wake words of a long recording within 200 ms', async () => {
    const long = path.join(workspace, 'long.wav');
    await writeLongRecording(long);
    const clip = path.join(workspace, 'data', 'raw', 'positive', 'clip_004.wav');
    // The training threshold rests on a few seconds of validation negatives; never detect below even odds.
    const threshold = Math.max(0.5, await trainingThreshold(runDir));
    const detect = wakeword(['detect', '--run', runDir, '--threshold', String(threshold), clip, long, '--json']);
    expect(detect.code, detect.stderr).toBe(0);
    const out = JSON.parse(detect.stdout) as { files: { mode: string; score: number; detected: boolean; detections: { time: number }[] }[] };
    expect(out.files[0]).toMatchObject({ mode: 'clip', detected: true });
    const stream = out.files[1];
    expect(stream?.mode).toBe('stream');
    expect(stream?.detections, JSON.stringify(stream)).toHaveLength(EVENTS.length);
    stream?.detections.forEach((d, i) => expect(Math.abs(d.time - ((EVENTS[i] ?? 0) + 0.5))).toBeLessThanOrEqual(0.2));
  });

  it('runs the microphone test in Chromium (a fake capture device playing the long recording): live scores and detections', async () => {
    const long = path.join(workspace, 'mic.wav');
    await writeLongRecording(long);
    const serve = await startServe({ workspace });
    // Chromium's fake device loops the WAV as microphone input and grants the permission without a prompt.
    const browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${long}`]);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(serve.url);
      await page.getByRole('tab', { name: 'Evaluation' }).click();
      const mic = page.getByRole('region', { name: 'Microphone test' });
      await mic.getByRole('button', { name: 'Start microphone test' }).click();
      const status = mic.getByRole('status');
      await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 30_000 }).toMatch(/^Listening \(threshold [\d.]+, smoothing \d+\): score [\d.]+$/);
      // The recording holds a wake word at 3, 9.5 and 15 s of every 20 s loop.
      const detections = mic.getByRole('list', { name: 'Live detections' }).getByRole('listitem');
      await expect.poll(() => detections.count(), { timeout: 60_000 }).toBeGreaterThan(0);
      expect(await detections.first().textContent()).toMatch(/^Detected at [\d.]+ s \(score [\d.]+\)$/);
      expect(await mic.getByRole('img', { name: /^Live score, \d+ windows, \d+ detections$/ }).count()).toBe(1);
      await mic.getByRole('button', { name: 'Stop microphone test' }).click();
      await mic.getByRole('button', { name: 'Start microphone test' }).waitFor();
      expect(await mic.getByRole('alert').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await serve.stop();
    }
  });

  it('names a missing run, a file that is not audio, and refuses both --threshold and --target-fah', async () => {
    const missing = wakeword(['eval', '--run', path.join(workspace, 'runs', 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('run folder not found');
    const junk = path.join(workspace, 'junk.wav');
    await writeFile(junk, 'not audio at all');
    const bad = wakeword(['detect', '--run', runDir, junk]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('junk.wav');
    const both = wakeword(['eval', '--run', runDir, '--threshold', '0.5', '--target-fah', '1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --threshold or --target-fah');
  });
});

describe('wakeword eval and detect on an openWakeWord-family (oww_fast) run', () => {
  let workspace = '';
  let runDir = '';

  beforeAll(async () => {
    configDir ||= await mkdtemp(path.join(os.tmpdir(), 'wakeword-eval-config-'));
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-eval-oww-'));
    await writeSyntheticWorkspace(workspace, { positive: 20, negative: 25, hard_negative: 10 });
    const train = wakeword(['train', '--workspace', workspace, '--preset', 'oww_fast', '--set', 'training.epochs=15', '--set', 'training.batch_size=16', '--json']);
    expect(train.code, train.stderr).toBe(0);
    runDir = (JSON.parse(train.stdout.trim().split('\n').at(-1) ?? '{}') as { run_dir: string }).run_dir;
  });

  it("reproduces the trainer's validation figures on the val split", async () => {
    const evaluation = wakeword(['eval', '--run', runDir, '--split', 'val', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const m = JSON.parse(evaluation.stdout) as Record<string, number | string | null>;
    const best = (JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { best: { threshold: number; recallAtTarget: number; fah: number } }).best;
    expect(m.threshold).toBe(best.threshold);
    expect(Number(m.recall)).toBeCloseTo(best.recallAtTarget, 9);
    expect(Number(m.fah)).toBeCloseTo(best.fah, 6);
    // The synthetic val split: 4 positives, 5 negatives, 2 hard negatives (1 s clips, 5 s of general negatives).
    expect(Number(m.tp) + Number(m.fn)).toBe(4);
    expect(Number(m.fp) + Number(m.tn)).toBe(7);
    // FA/h rests on the negatives joined into one stream: 5 s of audio, scored in whole 80 ms steps.
    expect(Number(m.general_negative_hours)).toBeCloseTo((Math.floor((5 * 16000) / 1280) * 0.08) / 3600, 9);
    expect(m.fah_basis).toBe('streaming');
  });

  it('streams a long recording in 80 ms steps and finds each wake word within 200 ms of its end', async () => {
    const long = path.join(workspace, 'long.wav');
    await writeLongRecording(long);
    // A fixed threshold: the training one is tuned on 5 s of negatives only, far too little to rest on.
    const detect = wakeword(['detect', '--run', runDir, '--threshold', '0.5', '--smoothing', '1', long, '--json']);
    expect(detect.code, detect.stderr).toBe(0);
    const out = JSON.parse(detect.stdout) as { hop: number; files: { mode: string; detections: { time: number }[] }[] };
    expect(out.hop).toBe(0.08);
    expect(out.files[0]?.mode).toBe('stream');
    expect(out.files[0]?.detections).toHaveLength(EVENTS.length);
    out.files[0]?.detections.forEach((d, i) => expect(Math.abs(d.time - ((EVENTS[i] ?? 0) + 1))).toBeLessThanOrEqual(0.2));
  });
});

async function trainingThreshold(runDir: string): Promise<number> {
  return (JSON.parse(await readFile(path.join(runDir, 'meta.json'), 'utf8')) as { best: { threshold: number } }).best.threshold;
}
