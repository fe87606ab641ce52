/**
 * Seeded, stratified train/val/test split. Each category is split on its own (so every split keeps the
 * dataset's balance); with grouping, all clips of one group (speaker or sub-folder) land in the same split
 * so a model is never tested on a voice it trained on. Clips are shared out by count, long recordings by
 * hours. Same files + same seed = same split, whatever the order the files were scanned in.
 */
import { createRng, shuffleInPlace } from '../audio/rng';
import { SPLIT_CATEGORIES, SPLIT_NAMES, type SplitCategory, type SplitName } from './categories';
import type { GroupBy, ManifestEntry, SplitFile, ValidEntry } from './manifest';

export type SplitRatios = readonly [number, number, number];
export const DEFAULT_RATIOS: SplitRatios = [0.7, 0.15, 0.15];
export const DEFAULT_SEED = 42;

export interface SplitOptions {
  readonly ratios: SplitRatios;
  readonly seed: number;
  readonly groupBy: GroupBy;
}

export interface SplitResult {
  readonly splits: Readonly<Record<SplitName, readonly SplitFile[]>>;
  readonly background: readonly string[];
  readonly rirs: readonly string[];
  /** Invalid files left out of every split. */
  readonly skipped: number;
}

/** Checks ratios a user typed; returns a message naming the problem, or null. */
export function ratiosProblem(ratios: readonly number[]): string | null {
  if (ratios.length !== 3) return `ratios must be three numbers (train, val, test), got ${ratios.length}`;
  if (ratios.some((r) => !Number.isFinite(r) || r < 0)) return 'ratios must be numbers of 0 or more';
  const sum = ratios.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) return `ratios must add up to 1 (they add up to ${Number(sum.toFixed(6))})`;
  if ((ratios[0] ?? 0) === 0) return 'the train ratio must be above 0';
  return null;
}

/** The group a file belongs to: its sub-folder, or for "speaker" the Speech Commands style name prefix. */
export function groupKey(path: string, groupBy: GroupBy): string {
  if (groupBy === 'none') return path;
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? path;
  if (parts.length > 2) return parts.slice(1, -1).join('/');
  if (groupBy === 'speaker') {
    const match = /^(.+?)(?:_nohash_|[_-])/.exec(name);
    if (match?.[1]) return `speaker:${match[1]}`;
  }
  return path;
}

/** Largest-remainder targets: the counts add up to `total` exactly. */
export function splitTargets(total: number, ratios: SplitRatios): [number, number, number] {
  const raw = ratios.map((r) => r * total);
  const counts = raw.map(Math.floor) as [number, number, number];
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((value, i) => ({ i, frac: value - Math.floor(value) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i as 0 | 1 | 2]++;
    left--;
  }
  return counts;
}

function seedFor(seed: number, category: string): number {
  let hash = seed >>> 0;
  for (let i = 0; i < category.length; i++) hash = Math.imul(hash ^ category.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

type Entry = ValidEntry & { category: SplitCategory };

function toSplitFile(entry: Entry): SplitFile {
  return { path: entry.path, category: entry.category, label: entry.category === 'positive' ? 1 : 0, durationSeconds: entry.durationSeconds };
}

/**
 * Files at least this long are long recordings (generated negative speech, podcasts, meetings): each split
 * gets its share of their hours, not of their files, for one of them weighs as much as a hundred clips and
 * the validation FA/h rests on its hours. The openWakeWord trainer takes every window of the same files.
 */
export const LONG_RECORDING_SECONDS = 5;

const isLong = (members: readonly Entry[]): boolean => members.some((m) => (m.durationSeconds ?? 0) >= LONG_RECORDING_SECONDS);
const secondsOf = (members: readonly Entry[]): number => members.reduce((sum, m) => sum + (m.durationSeconds ?? 0), 0);

/**
 * Greedy: each group in turn goes whole to the split furthest below its target, relative to that target, so
 * with few large groups (speakers, long recordings) validation and test still get some; ties go to the
 * earlier split. `weight` is what the targets count (files or seconds).
 */
function assign(keys: readonly string[], groups: ReadonlyMap<string, Entry[]>, targets: readonly number[], weight: (members: readonly Entry[]) => number, out: SplitFile[][]): void {
  const filled = [0, 0, 0];
  for (const key of keys) {
    const members = groups.get(key) ?? [];
    let best = 0;
    let bestNeed = -Infinity;
    for (let i = 0; i < 3; i++) {
      const target = targets[i] ?? 0;
      const need = target === 0 ? -Infinity : (target - (filled[i] ?? 0)) / target;
      if (need > bestNeed) {
        best = i;
        bestNeed = need;
      }
    }
    filled[best] = (filled[best] ?? 0) + weight(members);
    out[best]?.push(...members.map(toSplitFile));
  }
}

function splitCategory(entries: readonly Entry[], category: SplitCategory, options: SplitOptions): SplitFile[][] {
  const groups = new Map<string, Entry[]>();
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const key = groupKey(entry.path, options.groupBy);
    const members = groups.get(key) ?? [];
    members.push(entry);
    groups.set(key, members);
  }
  const longKeys: string[] = [];
  const clipKeys: string[] = [];
  for (const key of [...groups.keys()].sort()) (isLong(groups.get(key) ?? []) ? longKeys : clipKeys).push(key);
  const out: SplitFile[][] = [[], [], []];
  // Clips by count (their durations hardly differ); a category without long recordings splits exactly as before.
  const clipFiles = clipKeys.reduce((n, key) => n + (groups.get(key)?.length ?? 0), 0);
  assign(shuffleInPlace(clipKeys, createRng(seedFor(options.seed, category))), groups, splitTargets(clipFiles, options.ratios), (members) => members.length, out);
  // Long recordings by hours, largest first (in a seeded order among equals), so the greedy can balance them.
  const shuffled = shuffleInPlace(longKeys, createRng(seedFor(options.seed, `${category}:long`)));
  const seconds = new Map(shuffled.map((key) => [key, secondsOf(groups.get(key) ?? [])]));
  const bySize = shuffled.map((key, order) => ({ key, order })).sort((a, b) => (seconds.get(b.key) ?? 0) - (seconds.get(a.key) ?? 0) || a.order - b.order);
  const totalSeconds = [...seconds.values()].reduce((a, b) => a + b, 0);
  assign(bySize.map(({ key }) => key), groups, options.ratios.map((r) => r * totalSeconds), secondsOf, out);
  return out;
}

export function splitDataset(entries: readonly ManifestEntry[], options: SplitOptions): SplitResult {
  const problem = ratiosProblem(options.ratios);
  if (problem) throw new Error(problem);
  const splits: Record<SplitName, SplitFile[]> = { train: [], val: [], test: [] };
  for (const category of SPLIT_CATEGORIES) {
    const members = entries.filter((e): e is Entry => e.status === 'valid' && e.category === category);
    splitCategory(members, category, options).forEach((files, i) => splits[SPLIT_NAMES[i] as SplitName].push(...files));
  }
  const pathsOf = (category: string): string[] =>
    entries
      .filter((e) => e.status === 'valid' && e.category === category)
      .map((e) => e.path)
      .sort();
  return {
    splits,
    background: pathsOf('background'),
    rirs: pathsOf('rirs'),
    skipped: entries.filter((e) => e.status === 'invalid').length,
  };
}

export type SplitCounts = Readonly<Record<SplitName, Readonly<Record<SplitCategory, number>> & { readonly files: number; readonly seconds: number }>>;

export function splitCounts(splits: Readonly<Record<SplitName, readonly SplitFile[]>>): SplitCounts {
  const result = {} as Record<SplitName, Record<SplitCategory, number> & { files: number; seconds: number }>;
  for (const name of SPLIT_NAMES) {
    const counts = { positive: 0, negative: 0, hard_negative: 0, files: 0, seconds: 0 };
    for (const file of splits[name]) {
      counts[file.category]++;
      counts.files++;
      counts.seconds += file.durationSeconds ?? 0;
    }
    counts.seconds = Math.round(counts.seconds * 1000) / 1000;
    result[name] = counts;
  }
  return result;
}
