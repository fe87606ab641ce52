/**
 * The wake phrase a workspace was synthesised with, as far as its folders tell: `dataset:synthesize`
 * writes positives to data/raw/positive/synthetic/<phrase slug>/, so the newest such folder names it.
 * Only a default for the Record section's phrase field (the slug has lost capitals and punctuation).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function synthesisPhrase(workspace: string): Promise<string | null> {
  const folder = path.join(workspace, 'data/raw/positive/synthetic');
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  let newest: { readonly name: string; readonly time: number } | null = null;
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(entry.name)) continue;
    const time = (await fs.stat(path.join(folder, entry.name)).catch(() => null))?.mtimeMs ?? 0;
    if (!newest || time > newest.time) newest = { name: entry.name, time };
  }
  return newest ? newest.name.replace(/_/g, ' ') : null;
}
