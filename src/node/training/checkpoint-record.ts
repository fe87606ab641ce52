/**
 * A checkpoint folder is the unit of truth of a run: written atomically, it carries the model and optimiser,
 * the loop state, the whole epoch history up to it, the best model so far (and, at the epoch that set it, that
 * model's files) and a manifest with the size and sha256 of every file. The run's history.jsonl, the
 * lastEpoch/best of meta.json and the best/ folder are views derived from the newest intact checkpoint, so a
 * crash between writing the checkpoint and updating the views loses nothing: the views are rebuilt.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFolderAtomic } from '../fs/atomic-write';
import type { BestModel, EpochMetrics } from '../../shared/contract/trainer-protocol';
import { readHistory, readRunMeta, rewriteHistory, updateRunMeta } from './run-files';

export const MANIFEST_FILE = 'manifest.json';
export const CHECKPOINT_HISTORY_FILE = 'history.jsonl';
export const CHECKPOINT_BEST_FILE = 'best.json';
/** The best model's own files, kept only in the checkpoint of the epoch that set it (protected from pruning). */
export const BEST_MODEL_JSON = 'best-model.json';
export const BEST_WEIGHTS = 'best-weights.bin';
const REQUIRED = ['model.json', 'weights.bin', 'optimizer.json', 'optimizer.bin', 'state.json'];
const CHECKPOINT_NAME = /^epoch-\d{4,}$/;

interface Manifest {
  readonly version: 1;
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `files` plus a manifest of them: what a checkpoint folder holds. */
export function withManifest(files: Readonly<Record<string, string | Uint8Array>>): Record<string, string | Uint8Array> {
  const entries = Object.entries(files).map(([name, data]) => [name, { bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, sha256: sha256(data) }] as const);
  const manifest: Manifest = { version: 1, files: Object.fromEntries(entries) };
  // The manifest goes last: writeFolderAtomic makes the folder appear whole anyway.
  return { ...files, [MANIFEST_FILE]: JSON.stringify(manifest, null, 2) };
}

export type CheckpointCheck = { readonly ok: true; readonly verified: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Whether a checkpoint folder is whole: every file its manifest names has its size and sha256. A folder from
 * before manifests is accepted when its files exist (`verified: false`).
 */
export async function verifyCheckpoint(dir: string): Promise<CheckpointCheck> {
  let manifest: Manifest | null = null;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: `${MANIFEST_FILE} is unreadable (${(error as Error).message})` };
  }
  if (!manifest) {
    for (const name of REQUIRED) {
      if (!(await fs.stat(path.join(dir, name)).catch(() => null))) return { ok: false, reason: `${name} is missing` };
    }
    return { ok: true, verified: false };
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    let data: Buffer;
    try {
      data = await fs.readFile(path.join(dir, name));
    } catch {
      return { ok: false, reason: `${name} is missing` };
    }
    if (data.byteLength < expected.bytes) return { ok: false, reason: `${name} is truncated (${String(data.byteLength)} of ${String(expected.bytes)} bytes)` };
    if (data.byteLength > expected.bytes) return { ok: false, reason: `${name} has ${String(data.byteLength - expected.bytes)} bytes more than were written (${String(data.byteLength)}, expected ${String(expected.bytes)})` };
    if (sha256(data) !== expected.sha256) return { ok: false, reason: `${name} does not match its sha256 (changed after it was written)` };
  }
  return { ok: true, verified: true };
}

/** Checkpoint folder names of a run, oldest first. */
export async function checkpointNames(runDir: string): Promise<string[]> {
  return (await fs.readdir(path.join(runDir, 'checkpoints')).catch(() => [] as string[])).filter((name) => CHECKPOINT_NAME.test(name)).sort();
}

export interface DamagedCheckpoint {
  readonly name: string;
  readonly reason: string;
}

/** The newest checkpoint that verifies, and the newer ones that did not (newest first). */
export async function newestIntactCheckpoint(runDir: string): Promise<{ readonly name: string | null; readonly damaged: readonly DamagedCheckpoint[] }> {
  const damaged: DamagedCheckpoint[] = [];
  for (const name of (await checkpointNames(runDir)).reverse()) {
    const check = await verifyCheckpoint(path.join(runDir, 'checkpoints', name));
    if (check.ok) return { name, damaged };
    damaged.push({ name, reason: check.reason });
  }
  return { name: null, damaged };
}

export interface CheckpointRecord {
  readonly epoch: number;
  /** Every epoch up to this checkpoint; null in a checkpoint from before checkpoints carried it. */
  readonly history: readonly EpochMetrics[] | null;
  /** The best model as of this checkpoint; undefined in an older checkpoint that did not record it. */
  readonly best: BestModel | null | undefined;
}

function parseHistory(text: string): EpochMetrics[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EpochMetrics);
}

export function historyText(history: readonly EpochMetrics[]): string {
  return history.map((line) => `${JSON.stringify(line)}\n`).join('');
}

export async function readCheckpointRecord(dir: string): Promise<CheckpointRecord> {
  const state = JSON.parse(await fs.readFile(path.join(dir, 'state.json'), 'utf8')) as { epoch: number };
  const history = await fs.readFile(path.join(dir, CHECKPOINT_HISTORY_FILE), 'utf8').then(parseHistory, () => null);
  const best = await fs.readFile(path.join(dir, CHECKPOINT_BEST_FILE), 'utf8').then(
    (text) => JSON.parse(text) as BestModel | null,
    () => undefined,
  );
  return { epoch: state.epoch, history, best };
}

async function readBestJson(runDir: string): Promise<BestModel | null> {
  return fs.readFile(path.join(runDir, 'best', 'best.json'), 'utf8').then(
    (text) => JSON.parse(text) as BestModel,
    () => null,
  );
}

/**
 * Makes best/ hold the checkpoint's best model: after a crash between the checkpoint and best/, or a resume
 * from an older checkpoint, best/ may hold an epoch that no checkpoint records. Returns what it did, or null.
 */
async function restoreBestFolder(runDir: string, best: BestModel | null): Promise<string | null> {
  const current = await readBestJson(runDir);
  if (best === null) {
    if (!current) return null;
    await fs.rm(path.join(runDir, 'best'), { recursive: true, force: true });
    return `removed best/ (epoch ${String(current.epoch)}, which no checkpoint records)`;
  }
  if (current?.epoch === best.epoch) return null;
  const source = path.join(runDir, 'checkpoints', `epoch-${String(best.epoch).padStart(4, '0')}`);
  const model = await fs.readFile(path.join(source, BEST_MODEL_JSON)).catch(() => null);
  const weights = await fs.readFile(path.join(source, BEST_WEIGHTS)).catch(() => null);
  if (!model || !weights) return `best/ holds epoch ${current ? String(current.epoch) : 'none'} but the checkpoint's best is epoch ${String(best.epoch)}, whose model is no longer stored`;
  await writeFolderAtomic(path.join(runDir, 'best'), { 'model.json': model, 'weights.bin': weights, 'best.json': `${JSON.stringify(best, null, 2)}\n` });
  return `restored best/ to epoch ${String(best.epoch)} (it held ${current ? `epoch ${String(current.epoch)}` : 'nothing'})`;
}

/**
 * Rewrites the run's derived views from a checkpoint: history.jsonl (atomically), meta.json's lastEpoch and
 * best, and (with `restoreBest`) the best/ folder. Returns a note for each view it had to repair.
 */
export async function syncRunViews(runDir: string, checkpointDir: string, options: { readonly restoreBest?: boolean } = {}): Promise<string[]> {
  const record = await readCheckpointRecord(checkpointDir);
  const notes: string[] = [];
  // An older checkpoint without its history: keep the run's lines up to it (later ones will be redone).
  await rewriteHistory(runDir, record.history ?? (await readHistory(runDir, record.epoch + 1)));
  const meta = await readRunMeta(runDir);
  const patch = { lastEpoch: record.epoch, ...(record.best !== undefined ? { best: record.best } : {}) };
  if (meta && options.restoreBest && (meta.lastEpoch !== record.epoch || (record.best !== undefined && (meta.best?.epoch ?? null) !== (record.best?.epoch ?? null)))) {
    notes.push(`meta.json said epoch ${String(meta.lastEpoch)}, best ${meta.best ? `epoch ${String(meta.best.epoch)}` : 'none'}; the checkpoint says epoch ${String(record.epoch)}, best ${record.best ? `epoch ${String(record.best.epoch)}` : 'none'}`);
  }
  await updateRunMeta(runDir, patch);
  if (options.restoreBest && record.best !== undefined) {
    const note = await restoreBestFolder(runDir, record.best);
    if (note) notes.push(note);
  }
  return notes;
}

export interface ResumeNote {
  readonly level: 'info' | 'warn';
  readonly message: string;
}

/**
 * Readies a run folder to continue from `checkpointDir`: the checkpoint must verify; later checkpoints are set
 * aside (a damaged one renamed to `<name>.damaged`, kept for inspection) or removed (an intact one the user
 * chose to go back before), and the views are rebuilt from the checkpoint. Returns what it did, for the log.
 */
export async function prepareResume(runDir: string, checkpointDir: string): Promise<ResumeNote[]> {
  const chosen = path.basename(checkpointDir);
  const check = await verifyCheckpoint(checkpointDir);
  if (!check.ok) throw new Error(`Checkpoint ${chosen} is damaged: ${check.reason}. Resume from an earlier checkpoint.`);
  const notes: ResumeNote[] = [];
  const later = (await checkpointNames(runDir)).filter((name) => name > chosen);
  const removed: string[] = [];
  for (const name of later.reverse()) {
    const dir = path.join(runDir, 'checkpoints', name);
    const laterCheck = await verifyCheckpoint(dir);
    if (laterCheck.ok) {
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(name);
    } else {
      await fs.rm(`${dir}.damaged`, { recursive: true, force: true });
      await fs.rename(dir, `${dir}.damaged`);
      notes.push({ level: 'warn', message: `Checkpoint ${name} is damaged (${laterCheck.reason}); set aside as checkpoints/${name}.damaged. Resuming from ${chosen} instead.` });
    }
  }
  if (removed.length > 0) notes.push({ level: 'info', message: `Removed later checkpoints ${removed.reverse().join(', ')}: the run continues from ${chosen}.` });
  for (const note of await syncRunViews(runDir, checkpointDir, { restoreBest: true })) notes.push({ level: 'warn', message: `Repaired the run record from ${chosen}: ${note}.` });
  if (!check.verified) notes.push({ level: 'info', message: `Checkpoint ${chosen} predates checksums: it could not be verified.` });
  return notes;
}
