import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../../shared/run-meta';
import { writeJsonAtomic } from '../fs/atomic-write';
import { effectiveStatus, listRuns, readRun, STALE_AFTER_MS, type OwnerProbe } from './run-store';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const probe = (alive: readonly number[]): OwnerProbe => ({ host: 'here', isAlive: (pid) => alive.includes(pid), now: () => NOW });

function meta(patch: Partial<RunMeta>): RunMeta {
  return { id: 'r', name: 'r', status: 'running', createdAt: '2026-01-01T11:00:00Z', preset: null, backend: null, versions: {}, datasetHash: null, epochs: 9, lastEpoch: 1, best: null, ...patch };
}

describe('effectiveStatus', () => {
  const owner = (pid: number, host = 'here') => ({ pid, host, startedAt: '2026-01-01T11:00:00Z' });

  it('keeps running while the owner process lives on this host, interrupted once it is gone', () => {
    expect(effectiveStatus(meta({ owner: owner(42) }), probe([42]))).toBe('running');
    expect(effectiveStatus(meta({ status: 'paused', owner: owner(42) }), probe([42]))).toBe('paused');
    expect(effectiveStatus(meta({ owner: owner(42) }), probe([7]))).toBe('interrupted');
  });

  it('judges another host by its heartbeat', () => {
    const fresh = new Date(NOW - 30_000).toISOString();
    const stale = new Date(NOW - STALE_AFTER_MS - 1).toISOString();
    expect(effectiveStatus(meta({ owner: owner(42, 'there'), heartbeatAt: fresh }), probe([]))).toBe('running');
    expect(effectiveStatus(meta({ owner: owner(42, 'there'), heartbeatAt: stale }), probe([42]))).toBe('interrupted');
  });

  it('leaves finished runs alone and takes an ownerless running run from before owners for interrupted', () => {
    expect(effectiveStatus(meta({ status: 'completed', owner: owner(42) }), probe([]))).toBe('completed');
    expect(effectiveStatus(meta({}), probe([]))).toBe('interrupted');
  });
});

describe('listRuns and readRun', () => {
  it('list a run whose owner is gone as interrupted, with the epoch and history its newest checkpoint records', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'store-'));
    const dir = path.join(workspace, 'runs', 'run-a');
    const checkpoint = path.join(dir, 'checkpoints', 'epoch-0002');
    await mkdir(checkpoint, { recursive: true });
    await writeJsonAtomic(path.join(dir, 'meta.json'), meta({ owner: { pid: 42, host: 'here', startedAt: '2026-01-01T11:00:00Z' }, lastEpoch: 1 }));
    await writeFile(path.join(dir, 'history.jsonl'), `${JSON.stringify({ epoch: 1 })}\n`);
    await writeFile(path.join(checkpoint, 'state.json'), JSON.stringify({ epoch: 2 }));
    await writeFile(path.join(checkpoint, 'history.jsonl'), `${JSON.stringify({ epoch: 1 })}\n${JSON.stringify({ epoch: 2 })}\n`);
    await writeFile(path.join(checkpoint, 'best.json'), JSON.stringify({ epoch: 2 }));

    const [summary] = await listRuns(workspace, probe([]));
    expect(summary?.meta).toMatchObject({ status: 'interrupted', lastEpoch: 2, best: { epoch: 2 } });
    const detail = await readRun(workspace, 'run-a', probe([]));
    expect(detail.history.map((m) => m.epoch)).toEqual([1, 2]);
    expect(detail.checkpoints).toEqual(['epoch-0002']);

    // While its owner lives, the stored files are what it says.
    expect((await listRuns(workspace, probe([42])))[0]?.meta).toMatchObject({ status: 'running', lastEpoch: 1 });
  });
});
