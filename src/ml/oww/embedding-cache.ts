/**
 * openWakeWord embeddings cached on disk per workspace (`<workspace>/cache/oww/<key>.bin`), so a second run
 * starts training at once. The key covers everything the embeddings depend on: the audio file (path, size,
 * modification time), how its window was built (recipe, seed, copy index) and the backbone models' sha256.
 * A file that cannot be read back whole is a miss, never an error: it is simply computed again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OWW_EMBEDDING_DIM } from '../../shared/core/oww/oww-constants';
import { littleEndian } from '../../shared/core/audio/npy';

const MAGIC = 0x3177776f; // "oww1"
const HEADER_BYTES = 8;
/** Entries are little-endian float32: on such machines (nearly all) they are copied as bytes, not value by value. */
const LITTLE_ENDIAN = littleEndian();

export interface EmbeddingKeyParts {
  /** Absolute path of the audio file. */
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** What was done to the audio before embedding (window placement, augmentation settings), as a string. */
  readonly recipe: string;
  readonly seed: number;
  /** 0 = the clean clip, 1..N = augmented copies. */
  readonly copy: number;
}

export function owwCacheDir(workspace: string): string {
  return path.join(workspace, 'cache', 'oww');
}

export class OwwEmbeddingCache {
  hits = 0;
  misses = 0;

  constructor(
    readonly dir: string,
    private readonly backboneHash: string,
  ) {}

  key(parts: EmbeddingKeyParts): string {
    const text = JSON.stringify([parts.file, parts.size, Math.round(parts.mtimeMs), parts.recipe, parts.seed, parts.copy, this.backboneHash]);
    return createHash('sha256').update(text).digest('hex').slice(0, 40);
  }

  /** Embeddings [n x 96] stored under `key`, or null (missing, truncated or foreign file). */
  async get(key: string): Promise<Float32Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(this.dir, `${key}.bin`));
    } catch {
      this.misses += 1;
      return null;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const valid = bytes.length >= HEADER_BYTES && view.getUint32(0, true) === MAGIC && bytes.length === HEADER_BYTES + view.getUint32(4, true) * OWW_EMBEDDING_DIM * 4;
    if (!valid) {
      this.misses += 1;
      return null;
    }
    this.hits += 1;
    const out = new Float32Array((bytes.length - HEADER_BYTES) / 4);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(HEADER_BYTES));
    else for (let i = 0; i < out.length; i += 1) out[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
    return out;
  }

  async put(key: string, embeddings: Float32Array): Promise<void> {
    const rows = embeddings.length / OWW_EMBEDDING_DIM;
    if (!Number.isInteger(rows)) throw new Error(`embedding cache: ${embeddings.length} values are not whole rows of ${OWW_EMBEDDING_DIM}`);
    const bytes = new Uint8Array(HEADER_BYTES + embeddings.length * 4);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, rows, true);
    if (LITTLE_ENDIAN) bytes.set(new Uint8Array(embeddings.buffer, embeddings.byteOffset, embeddings.byteLength), HEADER_BYTES);
    else embeddings.forEach((value, i) => view.setFloat32(HEADER_BYTES + i * 4, value, true));
    // Temp file + rename (readers never see half a file) but no fsync: thousands of entries are written per
    // run, and an entry lost in a crash is only recomputed (the length check rejects a torn one).
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, `${key}.bin`);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
