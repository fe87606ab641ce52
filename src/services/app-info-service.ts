import { createRequire } from 'node:module';
import path from 'node:path';
import type { AppInfo, BackendStatus, GpuStatus, HostKind, Settings } from '../shared/contract/api';
import { selectBackend } from '../shared/core/backend-selection';
import { probeBackends } from '../node/backend-probe';
import { readNvidiaSmi } from '../node/gpu/nvidia-smi';
import { PACKAGE_NAME, readPackageVersion } from '../node/project-root';

export interface AppInfoOptions {
  readonly host: HostKind;
  readonly root: string;
  readonly settings: () => Settings;
  readonly warnings: readonly string[];
  readonly canOpenFolders: boolean;
  /** Injected in tests; real probes by default. */
  readonly probeBackends?: () => Promise<readonly BackendStatus[]>;
  readonly probeGpu?: () => Promise<GpuStatus>;
}

export interface AppInfoService {
  get(): Promise<AppInfo>;
}

function packageVersion(root: string, id: string): string | null {
  try {
    const req = createRequire(path.join(root, 'noop.js'));
    return (req(`${id}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

async function probeGpu(): Promise<GpuStatus> {
  const snapshot = await readNvidiaSmi();
  return snapshot.available ? { available: true, detail: snapshot.gpus.map((gpu) => gpu.name).join(', ') } : { available: false, detail: snapshot.reason };
}

/** Probes run once, lazily, and are shared by every caller: they spawn processes. */
export function createAppInfoService(options: AppInfoOptions): AppInfoService {
  let probes: Promise<[readonly BackendStatus[], GpuStatus]> | null = null;
  const version = readPackageVersion(options.root);
  const versions: Record<string, string> = { node: process.versions.node };
  if (process.versions.electron) versions.electron = process.versions.electron;
  const tfjs = packageVersion(options.root, '@tensorflow/tfjs');
  if (tfjs) versions.tfjs = tfjs;
  return {
    async get() {
      probes ??= Promise.all([
        (options.probeBackends ?? (() => probeBackends({ resolveFrom: options.root })))(),
        (options.probeGpu ?? probeGpu)(),
      ]);
      const [backends, gpu] = await probes;
      return {
        name: PACKAGE_NAME,
        version,
        platform: process.platform,
        arch: process.arch,
        host: options.host,
        versions,
        backends,
        selectedBackend: selectBackend(options.settings().backend, backends),
        gpu,
        warnings: options.warnings,
        canOpenFolders: options.canOpenFolders,
      };
    },
  };
}
