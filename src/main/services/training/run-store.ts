/** Run folders under <workspace>/runs: creation, listing and reading, for the run history and resume. */
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RunDetail, RunMeta, RunSummary } from '../../../shared/run-meta';
import { readHistory, readRunMeta } from './run-files';
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

export async function listRuns(workspace: string): Promise<RunSummary[]> {
  const root = path.join(workspace, RUNS_FOLDER);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const runs: RunSummary[] = [];
  for (const id of names.sort().reverse()) {
    const dir = path.join(root, id);
    const meta = await readRunMeta(dir);
    if (meta) runs.push({ id, dir, meta });
  }
  return runs;
}

export async function readRun(workspace: string, id: string): Promise<RunDetail> {
  if (safeRunName(id) !== id) throw new Error(`not a run id: ${JSON.stringify(id)}`);
  const dir = path.join(workspace, RUNS_FOLDER, id);
  const meta = await readRunMeta(dir);
  if (!meta) throw new Error(`run ${id} not found in ${path.join(workspace, RUNS_FOLDER)} (no meta.json)`);
  const checkpoints = (await fs.readdir(path.join(dir, 'checkpoints')).catch(() => [] as string[])).filter((name) => /^epoch-\d+$/.test(name)).sort();
  return { id, dir, meta, history: await readHistory(dir), checkpoints };
}
