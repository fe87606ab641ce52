/** The real scan process (src/worker/scan.ts, run from source with tsx) for tests of the services that scan. */
import path from 'node:path';
import type { ScanParentMessage } from '../../src/shared/contract/scan-protocol';
import { findProjectRoot } from '../../src/node/project-root';
import { nodeWorkerLauncher, type WorkerLauncher } from '../../src/node/training/worker-handle';

export const SCAN_WORKER_SOURCE = path.join(findProjectRoot(), 'src', 'worker', 'scan.ts');

export function sourceScanLauncher(): WorkerLauncher<ScanParentMessage> {
  return nodeWorkerLauncher<ScanParentMessage>({ entry: SCAN_WORKER_SOURCE, execArgv: ['--import', 'tsx'] });
}
