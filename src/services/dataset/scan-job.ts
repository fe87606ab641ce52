/**
 * One dataset scan in its own process (src/worker/scan.ts) through the typed job runner: the scan reads
 * tens of thousands of files flat out there, so the app's main process never waits on it.
 */
import type { ScanSummary } from '../../shared/core/dataset/dataset-types';
import { isScanWorkerMessage, type ScanJobPhase, type ScanParentMessage, type ScanWorkerMessage } from '../../shared/contract/scan-protocol';
import type { WorkerLauncher } from '../../node/training/worker-handle';
import { startJob, type JobProtocol } from '../training/job-runner';

export const SCAN_PROTOCOL: JobProtocol<ScanWorkerMessage> = { name: 'dataset scan process', accepts: isScanWorkerMessage };

export type ScanJobOutcome = { readonly status: 'completed'; readonly summary: ScanSummary; readonly cacheWarning: string | null } | { readonly status: 'cancelled' };

export interface RunningScanJob {
  /** Resolves with the summary (or 'cancelled'); rejects with the scan's error, or when the process dies first. */
  readonly outcome: Promise<ScanJobOutcome>;
  /** Ends the process at once; `outcome` resolves as cancelled unless the scan had already answered. */
  cancel(): void;
}

export interface ScanJobOptions {
  readonly launch: WorkerLauncher<ScanParentMessage>;
  readonly workspace: string;
  readonly onProgress?: (phase: ScanJobPhase, done: number, total: number) => void;
}

export function startScanJob(options: ScanJobOptions): RunningScanJob {
  let cancel: () => void = () => undefined;
  const outcome = new Promise<ScanJobOutcome>((resolve, reject) => {
    const started = performance.now();
    let settled = false;
    let outsider: string | null = null;
    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      done();
    };
    const ended = (what: string): void => {
      const extra = outsider === null ? '' : `; it also sent a message outside its protocol: ${outsider}`;
      settle(() => reject(new Error(`the ${SCAN_PROTOCOL.name} ${what}${extra}`)));
    };
    const job = startJob(options.launch, SCAN_PROTOCOL, {
      message: (message) => {
        switch (message.type) {
          case 'progress':
            if (!settled) options.onProgress?.(message.phase, message.done, message.total);
            return;
          case 'done':
            job.detach();
            // What the user waited for, process start-up included.
            settle(() => resolve({ status: 'completed', summary: { ...message.summary, durationMs: performance.now() - started }, cacheWarning: message.cacheWarning }));
            return;
          case 'error':
            job.detach();
            settle(() => reject(new Error(message.message)));
            return;
        }
      },
      rejected: (_raw, preview) => {
        outsider ??= preview;
      },
      exit: (end) => ended(`ended before it finished (${end.detail})`),
      crash: (end) => ended(`crashed (${end.detail})`),
    });
    cancel = () => {
      if (settled) return;
      job.kill();
      settle(() => resolve({ status: 'cancelled' }));
    };
    job.send({ type: 'start', job: { workspace: options.workspace } });
  });
  return { outcome, cancel: () => cancel() };
}
