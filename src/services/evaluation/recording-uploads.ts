/**
 * Browser uploads of recordings to evaluate (`evaluation:upload`): ordered base64 chunks over the contract,
 * like the Dataset panel's import, assembled in <workspace>/evaluation-uploads/.incoming and placed under
 * their cleaned name in <workspace>/evaluation-uploads/ (never overwriting), so every byte stays inside the
 * workspace and outside data/raw (a recording to test is not training data until the user says so).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EVALUATION_UPLOADS_FOLDER, MAX_RECORDING_BYTES, type RecordingUploadResult } from '../../shared/contract/evaluation-contract';
import { importTarget } from '../../node/dataset/import/import-paths';
import { placeWithoutOverwrite } from '../../node/dataset/import/place-file';
import { createChunkedUploads, type UploadChunkHeader } from '../../node/fs/chunked-upload';
import { ensureFolderInside } from '../../node/fs/workspace-paths';
import { recordingProblem } from './recording-scores';

export type RecordingChunk = UploadChunkHeader;

export interface RecordingUploads {
  receive(workspace: string, chunk: RecordingChunk): Promise<RecordingUploadResult>;
  pending(): number;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

export function createRecordingUploads(options: { readonly idleMs?: number; readonly maxSessions?: number; readonly now?: () => number } = {}): RecordingUploads {
  const uploads = createChunkedUploads<RecordingChunk, { readonly fileName: string }, RecordingUploadResult>({
    maxSessions: 16,
    ...options,
    async start(workspace, chunk) {
      const target = importTarget(chunk.name);
      if (typeof target === 'string') return { refused: { status: 'refused', reason: `${chunk.name}: ${target.replace(/: Wakeword Studio imports/, ': Wakeword Studio reads')}` } };
      if (chunk.size === 0) return { refused: { status: 'refused', reason: `${chunk.name}: the file is empty (0 bytes)` } };
      if (chunk.size > MAX_RECORDING_BYTES) {
        return { refused: { status: 'refused', reason: `${chunk.name}: ${megabytes(chunk.size)} is too big to evaluate here (${megabytes(MAX_RECORDING_BYTES)} at most); cut it into shorter recordings` } };
      }
      const incoming = await ensureFolderInside(workspace, path.join(EVALUATION_UPLOADS_FOLDER, '.incoming'));
      return { temp: path.join(incoming, `${randomBytes(8).toString('hex')}.part`), meta: { fileName: target.fileName } };
    },
  });

  return {
    pending: () => uploads.pending(),

    async receive(workspace, chunk) {
      const outcome = await uploads.receive(workspace, chunk);
      switch (outcome.status) {
        case 'refused':
          return outcome.refused;
        case 'partial':
          return outcome;
        case 'incomplete':
          return { status: 'refused', reason: `${chunk.name}: the upload is incomplete (${String(outcome.received)} of ${String(outcome.size)} bytes arrived)` };
        case 'complete': {
          const { temp, meta } = outcome.session;
          // The header is checked before the file gets a name, so a renamed text file never lands among the uploads.
          const problem = recordingProblem({ shown: meta.fileName, path: temp });
          if (problem) {
            await fs.rm(temp, { force: true });
            return { status: 'refused', reason: problem.replace(meta.fileName, chunk.name) };
          }
          const folder = await ensureFolderInside(workspace, EVALUATION_UPLOADS_FOLDER);
          const placed = await placeWithoutOverwrite(temp, folder, meta.fileName);
          return { status: 'saved', file: `${EVALUATION_UPLOADS_FOLDER}/${placed}` };
        }
      }
    },
  };
}
