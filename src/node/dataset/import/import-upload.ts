/**
 * Browser import: a dropped file arrives as ordered base64 chunks over the contract (`dataset:import-upload`),
 * so the upload shares the WebSocket's origin and token checks instead of needing an HTTP endpoint of its
 * own. Chunks are appended to a temp file outside data/raw; the last chunk checks the header and places
 * the file under its sanitised name, never overwriting.
 */
import type { DatasetCategory } from '../../../shared/core/dataset/categories';
import type { UploadChunkResult } from '../../../shared/core/dataset/import/import-types';
import { createChunkedUploads, type UploadChunkHeader } from '../../fs/chunked-upload';
import { importTarget, placeChecked, tempFile, type ImportTarget } from './import-paths';

export interface UploadChunk extends UploadChunkHeader {
  readonly category: DatasetCategory;
}

export interface UploadReceiverOptions {
  /** Uploads with no chunk for this long are dropped (the browser tab was closed, say). */
  readonly idleMs?: number;
  readonly maxSessions?: number;
  readonly now?: () => number;
}

export interface UploadReceiver {
  receive(workspace: string, chunk: UploadChunk): Promise<UploadChunkResult>;
  /** Uploads in progress (for tests and shutdown). */
  pending(): number;
  dropAll(): Promise<void>;
}

export function createUploadReceiver(options: UploadReceiverOptions = {}): UploadReceiver {
  const uploads = createChunkedUploads<UploadChunk, { readonly category: DatasetCategory; readonly target: ImportTarget }, UploadChunkResult>({
    ...options,
    async start(workspace, chunk) {
      const target = importTarget(chunk.name);
      if (typeof target === 'string') return { refused: { status: 'skipped', file: { source: chunk.name, reason: target } } };
      if (chunk.size === 0) return { refused: { status: 'skipped', file: { source: chunk.name, reason: 'zero-length file' } } };
      return { temp: await tempFile(workspace), meta: { category: chunk.category, target } };
    },
    sameUpload: (meta, chunk) => meta.category === chunk.category,
  });

  return {
    pending: () => uploads.pending(),
    dropAll: () => uploads.dropAll(),

    async receive(workspace, chunk) {
      const outcome = await uploads.receive(workspace, chunk);
      switch (outcome.status) {
        case 'refused':
          return outcome.refused;
        case 'partial':
          return outcome;
        case 'incomplete':
          return { status: 'skipped', file: { source: chunk.name, reason: `upload incomplete (${String(outcome.received)} of ${String(outcome.size)} bytes arrived)` } };
        case 'complete': {
          const { meta, temp } = outcome.session;
          const result = await placeChecked(workspace, meta.category, chunk.name, temp, meta.target);
          return 'savedAs' in result ? { status: 'saved', file: result } : { status: 'skipped', file: result };
        }
      }
    },
  };
}
