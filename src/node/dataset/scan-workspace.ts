/** `dataset:scan` / `wakeword scan`: scan with the previous manifest as cache, then write the new manifest atomically. */
import type { DatasetManifest } from '../../shared/core/dataset/manifest';
import { readManifest, writeManifest } from './manifest-store';
import { scanTree, type ScanTreeOptions, type ScanTreeResult } from './scan-tree';
import { requireDatasetWorkspace } from './workspace';

export interface ScanWorkspaceResult extends ScanTreeResult {
  readonly durationMs: number;
  /** Set when the old manifest could not be read (it is then rebuilt from scratch). */
  readonly cacheWarning: string | null;
}

export async function scanWorkspace(options: Omit<ScanTreeOptions, 'previous'> & { readonly onWriting?: () => void }): Promise<ScanWorkspaceResult> {
  const started = performance.now();
  const workspace = requireDatasetWorkspace(options.workspace);
  const previous = await readManifest(workspace);
  const cache: DatasetManifest | null = previous.state === 'ok' ? previous.value : null;
  const result = await scanTree({ ...options, workspace, previous: cache });
  options.onWriting?.();
  await writeManifest(workspace, result.manifest);
  return {
    ...result,
    durationMs: performance.now() - started,
    cacheWarning: previous.state === 'unreadable' ? `${previous.reason}; rebuilt it from scratch` : null,
  };
}
