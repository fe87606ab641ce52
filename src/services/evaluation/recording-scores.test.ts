import { mkdir, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_UPLOADS_FOLDER, MAX_RECORDING_BYTES, WAVEFORM_POINTS, type EvaluationProgress, type ScoredRecording } from '../../shared/contract/evaluation-contract';
import type { RequestContext } from '../../shared/contract/dispatch';
import type { EvaluatorRequest } from '../../shared/contract/evaluator-protocol';
import { writeSyntheticRun } from '../../../tests/support/synthetic-run';
import { TSX_EXEC_ARGV } from '../../../tests/support/tsx-worker';
import { pcm16Wav, synthClip } from '../../../tests/support/synthetic-workspace';
import { EventBus } from '../event-bus';
import { findProjectRoot } from '../../node/project-root';
import { nodeWorkerLauncher } from '../../node/training/worker-handle';
import { evaluationHandlers } from './evaluation-handlers';
import { EvaluationService } from './evaluation-service';

const ROOT = findProjectRoot();
const BROWSER: RequestContext = { transport: 'websocket' };
const DESKTOP: RequestContext = { transport: 'ipc' };

/** 4 s: silence, a synthetic wake word at 1 s, silence. */
function longRecording(): Uint8Array {
  const audio = new Float32Array(16000 * 4);
  audio.set(synthClip('positive', 1), 16000);
  return pcm16Wav(audio, 16000);
}

function setup(workspace: string) {
  const bus = new EventBus();
  const progress: EvaluationProgress[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'evaluation:progress') progress.push(payload as EvaluationProgress);
  });
  const service = new EvaluationService({ launch: nodeWorkerLauncher<EvaluatorRequest>({ entry: path.join(ROOT, 'src', 'worker', 'evaluate.ts'), execArgv: TSX_EXEC_ARGV }), bus });
  return { handlers: evaluationHandlers(service, () => workspace), progress, service };
}

/** Uploads `bytes` as the browser does: base64 chunks of `chunk` bytes, in order. */
async function upload(handlers: ReturnType<typeof setup>['handlers'], name: string, bytes: Uint8Array, chunk = 40_000) {
  const uploadId = `test-${Math.random().toString(36).slice(2, 12)}`;
  for (let offset = 0; ; ) {
    const end = Math.min(bytes.length, offset + chunk);
    const result = await handlers['evaluation:upload']({ uploadId, name, size: bytes.length, offset, data: Buffer.from(bytes.subarray(offset, end)).toString('base64'), last: end >= bytes.length }, BROWSER);
    if (result.status !== 'partial') return result;
    offset = result.received;
  }
}

const ok = (result: ScoredRecording | undefined) => {
  if (!result?.ok) throw new Error(`expected a scored recording, got ${JSON.stringify(result)}`);
  return result;
};

describe('evaluating any recording (uploads, chosen files) with the real evaluator process', () => {
  let workspace = '';
  let outside = '';
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'eval-recordings-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'eval-outside-'));
    await writeSyntheticRun(workspace, 'run-a', 0.42);
    await writeFile(path.join(outside, 'elsewhere.wav'), longRecording());
  });

  it('keeps a chunked browser upload inside the workspace and scores it with times, detections and a waveform', async () => {
    const { handlers, progress, service } = setup(workspace);
    await service.saveOperatingPoint(workspace, { runId: 'run-a', threshold: 0, source: 'threshold', targetFah: null, split: null, frr: null, fah: null, smoothing: 1, hopSeconds: 0.5, refractorySeconds: 0 });
    const bytes = longRecording();
    const saved = await upload(handlers, '../../kitchen.wav', bytes);
    // Path tricks in the name are dropped: the file lands in evaluation-uploads/, byte for byte.
    expect(saved).toEqual({ status: 'saved', file: `${EVALUATION_UPLOADS_FOLDER}/kitchen.wav` });
    expect(new Uint8Array(await readFile(path.join(workspace, EVALUATION_UPLOADS_FOLDER, 'kitchen.wav')))).toEqual(bytes);
    // A second upload of the same name never overwrites the first.
    expect(await upload(handlers, 'kitchen.wav', bytes)).toEqual({ status: 'saved', file: `${EVALUATION_UPLOADS_FOLDER}/kitchen (2).wav` });

    const scores = await handlers['evaluation:score-files']({ runId: 'run-a', files: [`${EVALUATION_UPLOADS_FOLDER}/kitchen.wav`], backend: 'cpu' }, BROWSER);
    expect(scores).toMatchObject({ runId: 'run-a', threshold: 0, smoothing: 1, hopSeconds: 0.5, backend: 'cpu' });
    const [kitchen] = scores.files;
    const scored = ok(kitchen);
    expect(scored.file).toBe(`${EVALUATION_UPLOADS_FOLDER}/kitchen.wav`);
    expect(scored.detection).toMatchObject({ mode: 'stream', durationSeconds: 4, file: `${EVALUATION_UPLOADS_FOLDER}/kitchen.wav` });
    // 4 s in 1 s windows every 0.5 s: 7 steps; threshold 0 accepts them all.
    expect(scored.detection.times).toHaveLength(7);
    expect(scored.detection.scores).toHaveLength(7);
    expect(scored.detection.detections.length).toBeGreaterThanOrEqual(1);
    expect(scored.detection.score).toBe(Math.max(...scored.detection.scores));
    // The overview shows silence, then the wake word at 1-2 s.
    expect(scored.waveform).toHaveLength(WAVEFORM_POINTS);
    const quarter = WAVEFORM_POINTS / 4;
    expect(Math.max(...scored.waveform.slice(0, quarter))).toBe(0);
    expect(Math.max(...scored.waveform.slice(quarter, 2 * quarter))).toBeGreaterThan(0.05);
    expect(progress.some((p) => p.job === 'score-files' && p.runId === 'run-a' && p.done === 1 && p.total === 1)).toBe(true);

    const audio = await handlers['evaluation:file-audio']({ file: `${EVALUATION_UPLOADS_FOLDER}/kitchen.wav` }, BROWSER);
    expect(Buffer.from(audio.base64, 'base64')).toEqual(Buffer.from(bytes));
  }, 90_000);

  it('names each bad file and what is wrong with it, and still scores the good ones', async () => {
    const { handlers } = setup(workspace);
    const dir = path.join(workspace, 'bad');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    await writeFile(path.join(dir, 'empty.wav'), new Uint8Array(0));
    await writeFile(path.join(dir, 'text.wav'), 'this is not audio at all, just text pretending');
    await writeFile(path.join(dir, 'good.wav'), longRecording());
    // A sparse file: 1 MB over the limit without writing it.
    await writeFile(path.join(dir, 'huge.wav'), longRecording());
    await truncate(path.join(dir, 'huge.wav'), MAX_RECORDING_BYTES + 1024 * 1024);
    const files = ['bad/notes.txt', 'bad/empty.wav', 'bad/text.wav', 'bad/missing.wav', 'bad/good.wav', 'bad/huge.wav'];
    const scores = await handlers['evaluation:score-files']({ runId: 'run-a', files, backend: 'cpu' }, BROWSER);
    expect(scores.files.map((f) => f.file)).toEqual(files);
    const messages = scores.files.map((f) => (f.ok ? 'ok' : f.message));
    expect(messages[0]).toMatch(/^bad\/notes\.txt: not an audio file \(\.txt\)/);
    expect(messages[1]).toBe('bad/empty.wav: the file is empty (0 bytes)');
    expect(messages[2]).toMatch(/^bad\/text\.wav: .*(RIFF|WAV)/i);
    expect(messages[3]).toMatch(/^bad\/missing\.wav: .*not found/);
    expect(messages[4]).toBe('ok');
    expect(messages[5]).toBe('bad/huge.wav: 201 MB is too big to evaluate here (200 MB at most); cut it into shorter recordings, or run `wakeword detect` on it');
  }, 90_000);

  it('refuses bad uploads by name, leaving nothing behind', async () => {
    const { handlers } = setup(workspace);
    const before = await readdir(path.join(workspace, EVALUATION_UPLOADS_FOLDER));
    expect(await upload(handlers, 'notes.txt', new TextEncoder().encode('hello'))).toEqual({ status: 'refused', reason: expect.stringMatching(/^notes\.txt: not an audio file \(\.txt\)/) as unknown });
    expect(await upload(handlers, 'empty.wav', new Uint8Array(0))).toEqual({ status: 'refused', reason: 'empty.wav: the file is empty (0 bytes)' });
    expect(await upload(handlers, 'fake.wav', new TextEncoder().encode('just text, no RIFF header here at all'))).toEqual({ status: 'refused', reason: expect.stringMatching(/^fake\.wav: .*(RIFF|WAV)/i) as unknown });
    const big = await handlers['evaluation:upload']({ uploadId: 'big-upload-1', name: 'day.wav', size: MAX_RECORDING_BYTES + 1, offset: 0, data: '', last: false }, BROWSER);
    expect(big).toEqual({ status: 'refused', reason: expect.stringMatching(/^day\.wav: 200 MB is too big to evaluate here \(200 MB at most\)/) as unknown });
    const after = await readdir(path.join(workspace, EVALUATION_UPLOADS_FOLDER));
    expect(after.filter((name) => name !== '.incoming').sort()).toEqual(before.filter((name) => name !== '.incoming').sort());
    expect(await readdir(path.join(workspace, EVALUATION_UPLOADS_FOLDER, '.incoming'))).toEqual([]);
  });

  it('refuses, from the browser, any path outside the workspace; the desktop may name the file the user chose', async () => {
    const { handlers } = setup(workspace);
    const elsewhere = path.join(outside, 'elsewhere.wav');
    await expect(handlers['evaluation:score-files']({ runId: 'run-a', files: [elsewhere], backend: 'cpu' }, BROWSER)).rejects.toThrow(`${elsewhere}: not a file inside the open workspace`);
    await expect(handlers['evaluation:score-files']({ runId: 'run-a', files: [path.relative(workspace, elsewhere)], backend: 'cpu' }, BROWSER)).rejects.toThrow(/not a file inside the open workspace/);
    await expect(handlers['evaluation:file-audio']({ file: elsewhere }, BROWSER)).rejects.toThrow(/not a file inside the open workspace/);
    const desktop = await handlers['evaluation:score-files']({ runId: 'run-a', files: [elsewhere], backend: 'cpu' }, DESKTOP);
    expect(ok(desktop.files[0]).detection.durationSeconds).toBe(4);
    expect((await handlers['evaluation:file-audio']({ file: elsewhere }, DESKTOP)).name).toBe('elsewhere.wav');
  }, 90_000);
});

describe('evaluation:pick-files', () => {
  it("returns the desktop dialog's choice, and nothing where there is no dialog (serve)", async () => {
    const launch = () => {
      throw new Error('no process is needed to pick files');
    };
    const chosen = ['/home/me/a.wav', '/home/me/b.flac'];
    const desktop = evaluationHandlers(new EvaluationService({ launch, bus: new EventBus(), pickAudioFiles: () => Promise.resolve(chosen) }), () => '/ws');
    expect(await desktop['evaluation:pick-files'](undefined, DESKTOP)).toEqual(chosen);
    const serve = evaluationHandlers(new EvaluationService({ launch, bus: new EventBus() }), () => '/ws');
    expect(await serve['evaluation:pick-files'](undefined, BROWSER)).toEqual([]);
  });
});
