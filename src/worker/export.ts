/**
 * Export process entry (utilityProcess in Electron, a child process under `serve`): TF.js, the ONNX writer
 * and onnxruntime run here, never in the app's main process. One job per process.
 */
import { isExportParentMessage, type ExportWorkerMessage } from '../shared/contract/export-protocol';
import { exportRun } from '../ml/families/model-families';
import { parentChannel } from './parent-channel';
import { errorMessage } from '../shared/error-message';

const channel = parentChannel<ExportWorkerMessage>();
let started = false;

channel.onMessage((raw) => {
  if (!isExportParentMessage(raw) || started) return;
  started = true;
  exportRun(raw.job, (step, fraction) => channel.send({ type: 'progress', step, fraction }))
    .then((result) => channel.send({ type: 'done', result }))
    .catch((error: unknown) => channel.send({ type: 'error', message: errorMessage(error) }))
    // Let the message flush before the process ends.
    .finally(() => setTimeout(() => process.exit(0), 100));
});
