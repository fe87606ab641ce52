import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../shared/core/dataset/dataset-types';
import { scanSummary } from '../../shared/core/dataset/scan-summary';
import { MANIFEST_VERSION, SCANNER_VERSION } from '../../shared/core/dataset/manifest';
import type { ScanParentMessage, ScanWorkerMessage } from '../../shared/contract/scan-protocol';
import type { WorkerHandle } from '../../node/training/worker-handle';
import { startScanJob } from './scan-job';

/** The test plays the scan process: it sees what the service sends, answers and ends by hand. */
class FakeScanProcess implements WorkerHandle<ScanParentMessage> {
  readonly sent: ScanParentMessage[] = [];
  kills = 0;
  private deliver: (message: unknown) => void = () => undefined;
  private ended: (code: number | null, detail: string, signal?: NodeJS.Signals | null) => void = () => undefined;

  send(message: ScanParentMessage): void {
    this.sent.push(message);
  }
  kill(): void {
    this.kills += 1;
    this.end(null, 'killed by SIGKILL', 'SIGKILL');
  }
  onMessage(listener: (message: unknown) => void): void {
    this.deliver = listener;
  }
  onExit(listener: (code: number | null, detail: string, signal?: NodeJS.Signals | null) => void): void {
    this.ended = listener;
  }
  reply(message: ScanWorkerMessage | Record<string, unknown>): void {
    this.deliver(message);
  }
  end(code: number | null, detail: string, signal?: NodeJS.Signals | null): void {
    this.ended(code, detail, signal);
  }
}

const SUMMARY: ScanSummary = scanSummary(
  {
    version: MANIFEST_VERSION,
    scannerVersion: SCANNER_VERSION,
    scannedAt: '2026-01-01T00:00:00.000Z',
    ignoredFiles: 0,
    files: [{ category: 'positive', path: 'positive/a.wav', sizeBytes: 44, mtimeMs: 1, status: 'invalid', reason: 'empty file' }],
  },
  { durationMs: 5, reusedFromCache: 0 },
);

function start() {
  const process = new FakeScanProcess();
  const progress: [string, number, number][] = [];
  const job = startScanJob({ launch: () => process, workspace: '/ws', onProgress: (phase, done, total) => progress.push([phase, done, total]) });
  return { process, progress, job };
}

describe('startScanJob', () => {
  it('starts the scan of the workspace, relays its progress and resolves with its summary', async () => {
    const { process, progress, job } = start();
    expect(process.sent).toEqual([{ type: 'start', job: { workspace: '/ws' } }]);
    process.reply({ type: 'progress', phase: 'listing', done: 1, total: 0 });
    process.reply({ type: 'progress', phase: 'reading', done: 0, total: 1 });
    process.reply({ type: 'progress', phase: 'writing', done: 1, total: 1 });
    process.reply({ type: 'done', summary: SUMMARY, cacheWarning: 'data/manifest.json is not valid JSON; rebuilt it from scratch', ioWorkers: 0 });
    const outcome = await job.outcome;
    expect(progress).toEqual([
      ['listing', 1, 0],
      ['reading', 0, 1],
      ['writing', 1, 1],
    ]);
    expect(outcome).toMatchObject({ status: 'completed', cacheWarning: 'data/manifest.json is not valid JSON; rebuilt it from scratch', summary: { totalFiles: 1, invalidFiles: 1 } });
    // The duration is what the user waited, measured here, not the process's own figure.
    if (outcome.status === 'completed') expect(outcome.summary.durationMs).not.toBe(5);
    // Answered: the process is left to exit by itself, and cancelling now changes nothing.
    job.cancel();
    expect(process.kills).toBe(0);
  });

  it("rejects with the scan's own error message", async () => {
    const { process, job } = start();
    process.reply({ type: 'error', message: 'data/raw: permission denied (EACCES)' });
    await expect(job.outcome).rejects.toThrow(/^data\/raw: permission denied \(EACCES\)$/);
  });

  it('names the scan process when it crashes, with what it said last, and any message outside the protocol', async () => {
    const { process, job } = start();
    process.reply({ type: 'progress', phase: 'warp', done: 1, total: 1 });
    process.end(null, 'killed by SIGSEGV', 'SIGSEGV');
    await expect(job.outcome).rejects.toThrow('the dataset scan process crashed (killed by SIGSEGV); it also sent a message outside its protocol: {"type":"progress","phase":"warp","done":1,"total":1}');
  });

  it('rejects when the process exits cleanly without answering', async () => {
    const { process, job } = start();
    process.end(0, 'exited with code 0');
    await expect(job.outcome).rejects.toThrow('the dataset scan process ended before it finished (exited with code 0)');
  });

  it('cancels by ending the process: resolves as cancelled and relays nothing after', async () => {
    const { process, progress, job } = start();
    process.reply({ type: 'progress', phase: 'reading', done: 10, total: 100 });
    job.cancel();
    expect(process.kills).toBe(1);
    process.reply({ type: 'progress', phase: 'reading', done: 20, total: 100 });
    expect(await job.outcome).toEqual({ status: 'cancelled' });
    expect(progress).toEqual([['reading', 10, 100]]);
    job.cancel();
    expect(process.kills).toBe(1);
  });
});
