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
import { ensureFolderInside } from '../../node/fs/workspace-paths';
import { recordingProblem } from './recording-scores';

export interface RecordingChunk {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
  readonly offset: number;
  readonly data: string;
  readonly last: boolean;
}

interface Session {
  readonly workspace: string;
  readonly name: string;
  readonly fileName: string;
  readonly size: number;
  readonly temp: string;
  received: number;
  touched: number;
}

export interface RecordingUploads {
  receive(workspace: string, chunk: RecordingChunk): Promise<RecordingUploadResult>;
  pending(): number;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

export function createRecordingUploads(options: { readonly idleMs?: number; readonly maxSessions?: number; readonly now?: () => number } = {}): RecordingUploads {
  const idleMs = options.idleMs ?? 10 * 60_000;
  const maxSessions = options.maxSessions ?? 16;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();

  const drop = async (id: string): Promise<void> => {
    const session = sessions.get(id);
    sessions.delete(id);
    if (session) await fs.rm(session.temp, { force: true });
  };
  // A tab closed mid-upload leaves a session nobody finishes.
  const sweep = async (): Promise<void> => {
    for (const [id, session] of sessions) if (session.touched < now() - idleMs) await drop(id);
  };

  const start = async (workspace: string, chunk: RecordingChunk): Promise<Session | RecordingUploadResult> => {
    const target = importTarget(chunk.name);
    if (typeof target === 'string') return { status: 'refused', reason: `${chunk.name}: ${target.replace(/: Wakeword Studio imports/, ': Wakeword Studio reads')}` };
    if (chunk.size === 0) return { status: 'refused', reason: `${chunk.name}: the file is empty (0 bytes)` };
    if (chunk.size > MAX_RECORDING_BYTES) {
      return { status: 'refused', reason: `${chunk.name}: ${megabytes(chunk.size)} is too big to evaluate here (${megabytes(MAX_RECORDING_BYTES)} at most); cut it into shorter recordings` };
    }
    if (sessions.size >= maxSessions) throw new Error(`${chunk.name}: too many uploads at once (${String(maxSessions)}); wait for some to finish`);
    const incoming = await ensureFolderInside(workspace, path.join(EVALUATION_UPLOADS_FOLDER, '.incoming'));
    const session: Session = { workspace, name: chunk.name, fileName: target.fileName, size: chunk.size, temp: path.join(incoming, `${randomBytes(8).toString('hex')}.part`), received: 0, touched: now() };
    await fs.writeFile(session.temp, new Uint8Array(0));
    sessions.set(chunk.uploadId, session);
    return session;
  };

  return {
    pending: () => sessions.size,

    async receive(workspace, chunk) {
      await sweep();
      let session = sessions.get(chunk.uploadId);
      if (!session) {
        if (chunk.offset !== 0) throw new Error(`${chunk.name}: the upload is unknown or timed out; add the file again`);
        const started = await start(workspace, chunk);
        if ('status' in started) return started;
        session = started;
      }
      if (session.workspace !== workspace || session.name !== chunk.name || session.size !== chunk.size || chunk.offset !== session.received) {
        await drop(chunk.uploadId);
        throw new Error(`${chunk.name}: the upload's pieces arrived out of order (or the workspace changed); add the file again`);
      }
      const bytes = Buffer.from(chunk.data, 'base64');
      if (session.received + bytes.length > session.size) {
        await drop(chunk.uploadId);
        throw new Error(`${chunk.name}: more bytes arrived than the ${String(session.size)} announced`);
      }
      try {
        await fs.appendFile(session.temp, bytes);
      } catch (error) {
        await drop(chunk.uploadId);
        throw error;
      }
      session.received += bytes.length;
      session.touched = now();
      if (!chunk.last) return { status: 'partial', received: session.received };
      sessions.delete(chunk.uploadId);
      if (session.received !== session.size) {
        await fs.rm(session.temp, { force: true });
        return { status: 'refused', reason: `${chunk.name}: the upload is incomplete (${String(session.received)} of ${String(session.size)} bytes arrived)` };
      }
      // The header is checked before the file gets a name, so a renamed text file never lands among the uploads.
      const problem = recordingProblem({ shown: session.fileName, path: session.temp });
      if (problem) {
        await fs.rm(session.temp, { force: true });
        return { status: 'refused', reason: problem.replace(session.fileName, chunk.name) };
      }
      const folder = await ensureFolderInside(workspace, EVALUATION_UPLOADS_FOLDER);
      const placed = await placeWithoutOverwrite(session.temp, folder, session.fileName);
      return { status: 'saved', file: `${EVALUATION_UPLOADS_FOLDER}/${placed}` };
    },
  };
}
