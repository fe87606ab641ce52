/**
 * Browser import: a dropped file arrives as ordered base64 chunks over the contract (`dataset:import-upload`),
 * so the upload shares the WebSocket's origin and token checks instead of needing an HTTP endpoint of its
 * own. Chunks are appended to a temp file outside data/raw; the last chunk checks the header and places
 * the file under its sanitised name, never overwriting.
 */
import { promises as fs } from 'node:fs';
import type { DatasetCategory } from '../../../shared/core/dataset/categories';
import type { UploadChunkResult } from '../../../shared/core/dataset/import/import-types';
import { importTarget, placeChecked, tempFile, type ImportTarget } from './import-paths';

export interface UploadChunk {
  readonly uploadId: string;
  readonly category: DatasetCategory;
  readonly name: string;
  readonly size: number;
  readonly offset: number;
  readonly data: string;
  readonly last: boolean;
}

interface Session {
  readonly workspace: string;
  readonly category: DatasetCategory;
  readonly name: string;
  readonly size: number;
  readonly temp: string;
  readonly target: ImportTarget;
  received: number;
  busy: boolean;
  touched: number;
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
  const idleMs = options.idleMs ?? 10 * 60_000;
  const maxSessions = options.maxSessions ?? 32;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();

  const drop = async (id: string): Promise<void> => {
    const session = sessions.get(id);
    sessions.delete(id);
    if (session) await fs.rm(session.temp, { force: true });
  };

  const sweep = async (): Promise<void> => {
    const limit = now() - idleMs;
    for (const [id, session] of sessions) if (session.touched < limit && !session.busy) await drop(id);
  };

  const start = async (workspace: string, chunk: UploadChunk): Promise<Session | UploadChunkResult> => {
    const target = importTarget(chunk.name);
    if (typeof target === 'string') return { status: 'skipped', file: { source: chunk.name, reason: target } };
    if (chunk.size === 0) return { status: 'skipped', file: { source: chunk.name, reason: 'zero-length file' } };
    if (sessions.size >= maxSessions) throw new Error(`too many uploads at once (${maxSessions}): wait for some to finish`);
    const session: Session = { workspace, category: chunk.category, name: chunk.name, size: chunk.size, temp: await tempFile(workspace), target, received: 0, busy: false, touched: now() };
    sessions.set(chunk.uploadId, session);
    return session;
  };

  return {
    pending: () => sessions.size,

    async dropAll() {
      for (const id of [...sessions.keys()]) await drop(id);
    },

    async receive(workspace, chunk) {
      await sweep();
      let session = sessions.get(chunk.uploadId);
      if (!session) {
        if (chunk.offset !== 0) throw new Error(`upload of ${chunk.name} is unknown or timed out: start it again`);
        const started = await start(workspace, chunk);
        if ('status' in started) return started;
        session = started;
      }
      if (session.busy) throw new Error(`upload of ${chunk.name}: a chunk arrived before the previous one was written`);
      if (session.workspace !== workspace || session.category !== chunk.category || session.name !== chunk.name || session.size !== chunk.size) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: chunk does not belong to this upload (the workspace, category, name or size changed)`);
      }
      if (chunk.offset !== session.received) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: expected bytes from ${session.received}, got ${chunk.offset}; start it again`);
      }
      const bytes = Buffer.from(chunk.data, 'base64');
      if (session.received + bytes.length > session.size) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: more bytes than the ${session.size} announced`);
      }
      session.busy = true;
      try {
        if (bytes.length > 0) await fs.appendFile(session.temp, bytes);
        else if (session.received === 0) await fs.writeFile(session.temp, bytes);
      } catch (error) {
        session.busy = false;
        await drop(chunk.uploadId);
        throw error;
      }
      session.busy = false;
      session.received += bytes.length;
      session.touched = now();
      if (!chunk.last) return { status: 'partial', received: session.received };
      sessions.delete(chunk.uploadId);
      if (session.received !== session.size) {
        await fs.rm(session.temp, { force: true });
        return { status: 'skipped', file: { source: chunk.name, reason: `upload incomplete (${session.received} of ${session.size} bytes arrived)` } };
      }
      const result = await placeChecked(workspace, session.category, chunk.name, session.temp, session.target);
      return 'savedAs' in result ? { status: 'saved', file: result } : { status: 'skipped', file: result };
    },
  };
}
