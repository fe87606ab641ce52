/** Run folders under <workspace>/runs: creation, listing and reading, for the run history and resume. */
import { promises as fs, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { RunDetail, RunMeta, RunSummary } from '../../shared/run-meta';
import { checkpointNames, readCheckpointRecord } from './checkpoint-record';
import { HEARTBEAT_MS, readHistory, readRunMeta } from './run-files';
import { writeJsonAtomic } from '../fs/atomic-write';

export const RUNS_FOLDER = 'runs';

function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** Run names become folder names: keep them portable. */
export function safeRunName(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
}

export async function createRunDir(workspace: string, name: string | undefined, now = new Date()): Promise<{ id: string; dir: string }> {
  const base = [stamp(now), name ? safeRunName(name) : ''].filter(Boolean).join('-');
  const runs = path.join(workspace, RUNS_FOLDER);
  await fs.mkdir(runs, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? base : `${base}-${String(attempt + 1)}`;
    const dir = path.join(runs, id);
    try {
      await fs.mkdir(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** sha256 over the split manifests, recorded with each run. */
export async function datasetHash(workspace: string): Promise<string | null> {
  const hash = createHash('sha256');
  let found = false;
  for (const split of ['train', 'val', 'test']) {
    try {
      hash.update(await fs.readFile(path.join(workspace, 'data', 'splits', `${split}.json`)));
      found = true;
    } catch {
      // A missing split is reported by the trainer; the hash covers what exists.
    }
  }
  return found ? hash.digest('hex') : null;
}

export async function writeRunStart(dir: string, meta: RunMeta, config: unknown): Promise<void> {
  await writeJsonAtomic(path.join(dir, 'config.json'), config);
  await writeJsonAtomic(path.join(dir, 'meta.json'), meta);
}

/** How the store tells whether a run's owner still lives (a test passes its own). */
export interface OwnerProbe {
  readonly host: string;
  isAlive(pid: number): boolean;
  now(): number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent died too can linger as a zombie (containers often have no reaping init).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export const LOCAL_PROBE: OwnerProbe = { host: os.hostname(), isAlive: pidAlive, now: Date.now };

/** A run on another host is taken for dead after this long without a heartbeat. */
export const STALE_AFTER_MS = 20 * HEARTBEAT_MS;

/**
 * The status to show: a run recorded as running or paused whose owner is gone (its process no longer exists on
 * this host, or, from another host, its heartbeat is stale) is `interrupted`, and resumable.
 */
export function effectiveStatus(meta: RunMeta, probe: OwnerProbe): RunMeta['status'] {
  if (meta.status !== 'running' && meta.status !== 'paused') return meta.status;
  const owner = meta.owner;
  if (owner && owner.host === probe.host) return probe.isAlive(owner.pid) ? meta.status : 'interrupted';
  const beat = Date.parse(meta.heartbeatAt ?? owner?.startedAt ?? '');
  return Number.isFinite(beat) && probe.now() - beat < STALE_AFTER_MS ? meta.status : 'interrupted';
}

/**
 * An interrupted run's meta.json and history.jsonl may lag its newest checkpoint (killed in between): show what
 * the checkpoint records. The files themselves are repaired when the run is resumed.
 */
async function interruptedView(dir: string, meta: RunMeta): Promise<{ meta: RunMeta; history: RunDetail['history'] | null }> {
  const newest = (await checkpointNames(dir)).at(-1);
  if (!newest) return { meta, history: null };
  try {
    const record = await readCheckpointRecord(path.join(dir, 'checkpoints', newest));
    if (record.epoch <= meta.lastEpoch) return { meta, history: null };
    return { meta: { ...meta, lastEpoch: record.epoch, ...(record.best !== undefined ? { best: record.best } : {}) }, history: record.history };
  } catch {
    return { meta, history: null };
  }
}

async function runView(dir: string, meta: RunMeta, probe: OwnerProbe): Promise<{ meta: RunMeta; history: RunDetail['history'] | null }> {
  const status = effectiveStatus(meta, probe);
  if (status !== 'interrupted') return { meta, history: null };
  return interruptedView(dir, { ...meta, status });
}

export async function listRuns(workspace: string, probe: OwnerProbe = LOCAL_PROBE): Promise<RunSummary[]> {
  const root = path.join(workspace, RUNS_FOLDER);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const runs: RunSummary[] = [];
  for (const id of names.sort().reverse()) {
    const dir = path.join(root, id);
    const meta = await readRunMeta(dir);
    if (meta) runs.push({ id, dir, meta: (await runView(dir, meta, probe)).meta });
  }
  return runs;
}

export async function readRun(workspace: string, id: string, probe: OwnerProbe = LOCAL_PROBE): Promise<RunDetail> {
  if (safeRunName(id) !== id) throw new Error(`not a run id: ${JSON.stringify(id)}`);
  const dir = path.join(workspace, RUNS_FOLDER, id);
  const stored = await readRunMeta(dir);
  if (!stored) throw new Error(`run ${id} not found in ${path.join(workspace, RUNS_FOLDER)} (no meta.json)`);
  const { meta, history } = await runView(dir, stored, probe);
  return { id, dir, meta, history: history ?? (await readHistory(dir)), checkpoints: await checkpointNames(dir) };
}
