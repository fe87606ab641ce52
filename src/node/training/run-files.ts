/**
 * The run folder's bookkeeping files: meta.json and history.jsonl (both replaced atomically; views of the newest
 * checkpoint, see checkpoint-record.ts) and train.log. Readers skip a torn line (a history from an older version
 * was appended to).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write';
import type { RunMeta } from '../../shared/run-meta';
import type { EpochMetrics, LogLevel } from '../../shared/contract/trainer-protocol';

/** How often a live trainer refreshes meta.json's heartbeatAt. */
export const HEARTBEAT_MS = 15_000;

export async function readRunMeta(runDir: string): Promise<RunMeta | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(runDir, 'meta.json'), 'utf8')) as RunMeta;
  } catch {
    return null;
  }
}

export async function updateRunMeta(runDir: string, patch: Partial<RunMeta>): Promise<RunMeta> {
  const current = (await readRunMeta(runDir)) ?? ({} as RunMeta);
  const next = { ...current, ...patch } as RunMeta;
  await writeJsonAtomic(path.join(runDir, 'meta.json'), next);
  return next;
}

/**
 * Epoch lines of history.jsonl, up to and excluding `beforeEpoch` when resuming (later lines are superseded), one
 * per epoch: where an older run appended an epoch twice (redone after a resume), the later line wins.
 */
export async function readHistory(runDir: string, beforeEpoch = Number.POSITIVE_INFINITY): Promise<EpochMetrics[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, 'history.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const byEpoch = new Map<number, EpochMetrics>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const metrics = JSON.parse(line) as EpochMetrics;
      if (metrics.epoch < beforeEpoch) byEpoch.set(metrics.epoch, metrics);
    } catch {
      // A torn line from a crash mid-append: skip it.
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Replaces history.jsonl with the given lines (a resumed run drops the epochs it will redo). */
export async function rewriteHistory(runDir: string, lines: readonly EpochMetrics[]): Promise<void> {
  await writeFileAtomic(path.join(runDir, 'history.jsonl'), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}

export function appendLog(runDir: string, level: LogLevel, message: string, time = new Date()): Promise<void> {
  return fs.appendFile(path.join(runDir, 'train.log'), `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${message}\n`);
}
