/**
 * Dataset scan process entry (utilityProcess in Electron, a child process under `serve`): lists and probes
 * data/raw and writes the manifest off the app's main process, so the scan runs flat out instead of in
 * time slices. One scan per process; cancelling kills it (see scan-protocol.ts).
 */
import { isScanParentMessage, type ScanWorkerMessage } from '../shared/contract/scan-protocol';
import { scanSummary } from '../shared/core/dataset/scan-summary';
import { errorMessage } from '../shared/error-message';
import { scanWorkspace } from '../node/dataset/scan-workspace';
import { parentChannel } from './parent-channel';

const channel = parentChannel<ScanWorkerMessage>();
let started = false;

channel.onMessage((raw) => {
  if (!isScanParentMessage(raw) || started) return;
  started = true;
  let files = 0;
  scanWorkspace({
    workspace: raw.job.workspace,
    onProgress: (phase, done, total) => {
      files = total;
      channel.send({ type: 'progress', phase, done, total });
    },
    onWriting: () => channel.send({ type: 'progress', phase: 'writing', done: files, total: files }),
  })
    .then((result) =>
      channel.send({
        type: 'done',
        summary: scanSummary(result.manifest, { durationMs: result.durationMs, reusedFromCache: result.reusedFromCache }),
        cacheWarning: result.cacheWarning,
        ioWorkers: result.ioWorkers,
      }),
    )
    .catch((error: unknown) => channel.send({ type: 'error', message: errorMessage(error) }))
    // Let the message flush before the process ends.
    .finally(() => setTimeout(() => process.exit(0), 100));
});
