/** Reading and atomically writing data/manifest.json and data/splits/{train,val,test}.json. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MANIFEST_PATH, SPLIT_NAMES, SPLITS_DIR, type SplitName } from '../../shared/core/dataset/categories';
import type { DatasetManifest, SplitManifest } from '../../shared/core/dataset/manifest';
import { writeFileAtomic, writeFilesTogether } from '../fs/atomic-write';

export type ReadOutcome<T> = { readonly state: 'missing' } | { readonly state: 'ok'; readonly value: T } | { readonly state: 'unreadable'; readonly reason: string };

async function readJson(file: string): Promise<ReadOutcome<unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', reason: `${file}: ${(error as Error).message}` };
  }
  try {
    return { state: 'ok', value: JSON.parse(text) as unknown };
  } catch {
    return { state: 'unreadable', reason: `${file}: not valid JSON (damaged?)` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function readManifest(workspace: string): Promise<ReadOutcome<DatasetManifest>> {
  const file = path.join(workspace, MANIFEST_PATH);
  const read = await readJson(file);
  if (read.state !== 'ok') return read;
  const value = read.value;
  if (!isRecord(value) || !Array.isArray(value.files) || typeof value.scannedAt !== 'string') {
    return { state: 'unreadable', reason: `${file}: not a Wakeword Studio manifest` };
  }
  return { state: 'ok', value: { ...(value as unknown as DatasetManifest), ignoredFiles: typeof value.ignoredFiles === 'number' ? value.ignoredFiles : 0 } };
}

/** One entry per line: 50k files stay quick to write and diff, unlike fully indented JSON. */
export function serializeManifest(manifest: DatasetManifest): string {
  const { files, ...header } = manifest;
  const head = JSON.stringify(header).slice(0, -1);
  const body = files.map((entry) => JSON.stringify(entry)).join(',\n');
  return `${head},"files":[\n${body}\n]}\n`;
}

export async function writeManifest(workspace: string, manifest: DatasetManifest): Promise<void> {
  await writeFileAtomic(path.join(workspace, MANIFEST_PATH), serializeManifest(manifest));
}

export async function readSplit(workspace: string, split: SplitName): Promise<ReadOutcome<SplitManifest>> {
  const file = path.join(workspace, SPLITS_DIR, `${split}.json`);
  const read = await readJson(file);
  if (read.state !== 'ok') return read;
  const value = read.value;
  if (!isRecord(value) || !Array.isArray(value.files) || !isRecord(value.augmentation)) {
    return { state: 'unreadable', reason: `${file}: not a Wakeword Studio split manifest` };
  }
  return { state: 'ok', value: value as unknown as SplitManifest };
}

/** The three split manifests change together: all are written (fsynced) aside first, so a full disk leaves the old split whole. */
export async function writeSplits(workspace: string, splits: Readonly<Record<SplitName, SplitManifest>>): Promise<void> {
  await writeFilesTogether(path.join(workspace, SPLITS_DIR), Object.fromEntries(SPLIT_NAMES.map((name) => [`${name}.json`, `${JSON.stringify(splits[name], null, 2)}\n`])));
}
