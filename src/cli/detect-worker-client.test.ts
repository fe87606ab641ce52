import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../tests/support/synthetic-run';
import type { EvaluatorRequest } from '../shared/contract/evaluator-protocol';
import { nodeWorkerLauncher } from '../node/training/worker-handle';
import { CliError } from './cli-error';
import { runDetect } from './detect-command';
import { type DetectFilesJob, detectFilesInWorker, type FileOutcome } from './detect-worker-client';

/**
 * A stand-in evaluator process (plain Node, forked like the real one) that answers the first `good` files and
 * then ends the way a native crash does: killed by SIGSEGV. `crashBeforeReady` crashes while "loading the model".
 */
const FAKE_EVALUATOR = `
const good = Number(process.env.FAKE_GOOD ?? '0');
process.on('message', (job) => {
  if (process.env.FAKE_CRASH_BEFORE_READY) process.kill(process.pid, 'SIGSEGV');
  process.send({ type: 'detect-ready', backend: 'fake', hopSeconds: 0.08 });
  job.files.forEach((file, index) => {
    if (index >= good) process.kill(process.pid, 'SIGSEGV');
    if (file.endsWith('missing.wav')) process.send({ type: 'file-failed', index, message: file + ': file not found' });
    else process.send({ type: 'file-detected', index, detection: { file, durationSeconds: 1, mode: 'clip', score: 0.25, detected: false, detections: [], times: [], scores: [] } });
  });
  process.send({ type: 'files-done' });
  setTimeout(() => process.exit(0), 50);
});
`;

describe('detect in the evaluator process', () => {
  let dir = '';
  let entry = '';
  const launcher = (good: number, crashBeforeReady = false) => nodeWorkerLauncher<EvaluatorRequest>({ entry, env: { FAKE_GOOD: String(good), ...(crashBeforeReady ? { FAKE_CRASH_BEFORE_READY: '1' } : {}) } });
  const job = (files: readonly string[]): DetectFilesJob => ({ type: 'detect-files', runDir: '/runs/r1', files, backend: 'cpu', options: { threshold: 0.5, smoothing: 1, hopSeconds: 0.1, refractorySeconds: 2 } });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wakeword-detect-worker-'));
    entry = path.join(dir, 'fake-evaluator.cjs');
    await writeFile(entry, FAKE_EVALUATOR);
  });

  it('hands every outcome back in order, then the backend and hop', async () => {
    const seen: [number, FileOutcome][] = [];
    const summary = await detectFilesInWorker(launcher(10), job(['a.wav', 'missing.wav', 'c.wav']), (index, outcome) => seen.push([index, outcome]));
    expect(summary).toEqual({ backend: 'fake', hopSeconds: 0.08 });
    expect(seen.map(([index, outcome]) => [index, outcome.ok])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect(seen[1]?.[1]).toEqual({ ok: false, message: 'missing.wav: file not found' });
  });

  it('turns a native crash into an error naming the file being processed', async () => {
    const seen: number[] = [];
    const error = await detectFilesInWorker(launcher(2), job(['a.wav', 'b.wav', 'c.wav', 'd.wav']), (index) => seen.push(index)).catch((e: unknown) => e);
    expect(seen).toEqual([0, 1]);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toBe('detect: the scorer crashed (SIGSEGV) while processing c.wav; 2 of 4 file(s) were scored before it (run that file on its own, or leave it out)');
  });

  it('says so when the crash comes while loading the model', async () => {
    await expect(detectFilesInWorker(launcher(0, true), job(['a.wav']), () => undefined)).rejects.toThrow('detect: the scorer crashed (SIGSEGV) while loading the model of /runs/r1');
  });

  it('wakeword detect prints the results before the crash, then the crash, and exits non-zero', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'wakeword-detect-crash-'));
    const runDir = await writeSyntheticRun(workspace, 'r1');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    const files = ['one.wav', 'missing.wav', 'three.wav'].map((f) => path.join(workspace, f));
    const error = await runDetect(files, { run: runDir, backend: 'cpu' }, io, { launch: launcher(2) }).catch((e: unknown) => e);
    expect(out).toEqual([`${files[0] ?? ''}: score 0.2500 -> no wake word`]);
    // The missing file is named once (issue 16: it used to read "<path>: <name>: file not found").
    expect(err).toEqual([`wakeword: ${files[1] ?? ''}: file not found`]);
    expect((error as CliError).exitCode).toBe(1);
    expect((error as Error).message).toContain(`the scorer crashed (SIGSEGV) while processing ${files[2] ?? ''}`);
  });
});
