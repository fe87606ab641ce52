/**
 * A browser's file arrives as ordered base64 chunks over the contract (the Dataset panel's import, the
 * Evaluation panel's recordings), so an upload shares the WebSocket's origin and token checks instead of
 * needing an HTTP endpoint of its own. This is the part both share: one session per upload id, appended to a
 * temp file inside the workspace, in order, never past the announced size, dropped when the tab goes quiet.
 * What a finished file becomes (checked, named, placed) is the caller's.
 */
import { promises as fs } from 'node:fs';

/** One chunk as the contract carries it; `data` is base64. */
export interface UploadChunkHeader {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
  readonly offset: number;
  readonly data: string;
  readonly last: boolean;
}

export interface UploadSession<Meta> {
  readonly workspace: string;
  readonly name: string;
  readonly size: number;
  /** The temp file the bytes went to; the caller places or removes it once complete. */
  readonly temp: string;
  readonly meta: Meta;
}

export interface ChunkedUploadsOptions<Chunk extends UploadChunkHeader, Meta, Refusal> {
  /**
   * The first chunk of an upload: a refusal (the file is refused before any byte is written), or the path
   * of the temp file to create (inside the workspace, in an existing folder) and what the caller keeps.
   */
  readonly start: (workspace: string, chunk: Chunk) => Promise<{ readonly refused: Refusal } | { readonly temp: string; readonly meta: Meta }>;
  /** Whether a later chunk still belongs to the upload beyond workspace, name and size (the category, say). */
  readonly sameUpload?: (meta: Meta, chunk: Chunk) => boolean;
  /** Uploads with no chunk for this long are dropped (the browser tab was closed, say). */
  readonly idleMs?: number;
  readonly maxSessions?: number;
  readonly now?: () => number;
}

export type ChunkOutcome<Meta, Refusal> =
  | { readonly status: 'refused'; readonly refused: Refusal }
  | { readonly status: 'partial'; readonly received: number }
  /** Every announced byte arrived; the session is closed and its temp file is the caller's. */
  | { readonly status: 'complete'; readonly session: UploadSession<Meta> }
  /** The last chunk came before every announced byte did; the temp file is already removed. */
  | { readonly status: 'incomplete'; readonly received: number; readonly size: number };

export interface ChunkedUploads<Chunk extends UploadChunkHeader, Meta, Refusal> {
  receive(workspace: string, chunk: Chunk): Promise<ChunkOutcome<Meta, Refusal>>;
  /** Uploads in progress (for tests and shutdown). */
  pending(): number;
  dropAll(): Promise<void>;
}

interface Open<Meta> extends UploadSession<Meta> {
  received: number;
  busy: boolean;
  touched: number;
}

export function createChunkedUploads<Chunk extends UploadChunkHeader, Meta, Refusal>(options: ChunkedUploadsOptions<Chunk, Meta, Refusal>): ChunkedUploads<Chunk, Meta, Refusal> {
  const idleMs = options.idleMs ?? 10 * 60_000;
  const maxSessions = options.maxSessions ?? 32;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Open<Meta>>();

  const drop = async (id: string): Promise<void> => {
    const session = sessions.get(id);
    sessions.delete(id);
    if (session) await fs.rm(session.temp, { force: true });
  };
  const sweep = async (): Promise<void> => {
    const limit = now() - idleMs;
    for (const [id, session] of sessions) if (session.touched < limit && !session.busy) await drop(id);
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
        if (sessions.size >= maxSessions) throw new Error(`${chunk.name}: too many uploads at once (${String(maxSessions)}); wait for some to finish`);
        const started = await options.start(workspace, chunk);
        if ('refused' in started) return { status: 'refused', refused: started.refused };
        session = { workspace, name: chunk.name, size: chunk.size, temp: started.temp, meta: started.meta, received: 0, busy: false, touched: now() };
        sessions.set(chunk.uploadId, session);
        await fs.writeFile(session.temp, new Uint8Array(0));
      }
      if (session.busy) throw new Error(`upload of ${chunk.name}: a chunk arrived before the previous one was written`);
      if (session.workspace !== workspace || session.name !== chunk.name || session.size !== chunk.size || !(options.sameUpload?.(session.meta, chunk) ?? true)) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: chunk does not belong to this upload (the workspace, category, name or size changed)`);
      }
      if (chunk.offset !== session.received) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: expected bytes from ${String(session.received)}, got ${String(chunk.offset)}; start it again`);
      }
      const bytes = Buffer.from(chunk.data, 'base64');
      if (session.received + bytes.length > session.size) {
        await drop(chunk.uploadId);
        throw new Error(`upload of ${chunk.name}: more bytes than the ${String(session.size)} announced`);
      }
      session.busy = true;
      try {
        if (bytes.length > 0) await fs.appendFile(session.temp, bytes);
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
        return { status: 'incomplete', received: session.received, size: session.size };
      }
      const { workspace: owner, name, size, temp, meta } = session;
      return { status: 'complete', session: { workspace: owner, name, size, temp, meta } };
    },
  };
}
