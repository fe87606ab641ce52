/**
 * Builds a small workspace of synthetic audio for trainer tests: "wake word" clips are rising chirps,
 * negatives are noise and steady hums, hard negatives falling chirps. Split manifests are written in
 * the dataset feature's format, so tests of the trainer do not depend on scanning.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeWavPcm16 } from '../../src/shared/core/audio/pcm16-wav';
import type { SplitFile, SplitManifest } from '../../src/shared/core/dataset/manifest';

/** The app's own 16-bit PCM WAV encoder, under the name the tests use. */
export const pcm16Wav = encodeWavPcm16;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function synthClip(kind: 'positive' | 'negative' | 'hard_negative', index: number, sampleRate = 16000, seconds = 1): Float32Array {
  const n = Math.round(sampleRate * seconds);
  const random = lcg(index * 7919 + kind.length);
  const out = new Float32Array(n);
  const amplitude = 0.2 + 0.3 * random();
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const noise = (random() - 0.5) * 0.05;
    if (kind === 'positive') out[i] = amplitude * Math.sin(2 * Math.PI * (500 + 1500 * t) * t) + noise;
    else if (kind === 'hard_negative') out[i] = amplitude * Math.sin(2 * Math.PI * (2000 - 800 * t) * t) + noise;
    else out[i] = index % 2 === 0 ? (random() - 0.5) * amplitude : amplitude * Math.sin(2 * Math.PI * (120 + 40 * (index % 5)) * t) + noise;
  }
  return out;
}

export interface SyntheticCounts {
  readonly positive: number;
  readonly negative: number;
  readonly hard_negative: number;
}

export async function writeSyntheticWorkspace(workspace: string, counts: SyntheticCounts, options: { readonly splits?: boolean } = {}): Promise<void> {
  const splits: Record<'train' | 'val' | 'test', SplitFile[]> = { train: [], val: [], test: [] };
  for (const kind of ['positive', 'negative', 'hard_negative'] as const) {
    const dir = path.join(workspace, 'data', 'raw', kind);
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < counts[kind]; i++) {
      const relative = `${kind}/clip_${String(i).padStart(3, '0')}.wav`;
      await writeFile(path.join(workspace, 'data', 'raw', relative), pcm16Wav(synthClip(kind, i), 16000));
      const split = i % 5 === 3 ? 'val' : i % 5 === 4 ? 'test' : 'train';
      splits[split].push({ path: relative, category: kind, label: kind === 'positive' ? 1 : 0, durationSeconds: 1 });
    }
  }
  for (const sub of ['background', 'rirs']) await mkdir(path.join(workspace, 'data', 'raw', sub), { recursive: true });
  if (options.splits === false) return;
  await mkdir(path.join(workspace, 'data', 'splits'), { recursive: true });
  for (const split of ['train', 'val', 'test'] as const) {
    const manifest: SplitManifest = {
      version: 1,
      split,
      createdAt: new Date(0).toISOString(),
      seed: 42,
      ratios: [0.6, 0.2, 0.2],
      groupBy: 'none',
      files: splits[split],
      skippedInvalid: 0,
      augmentation: { background: [], rirs: [] },
    };
    await writeFile(path.join(workspace, 'data', 'splits', `${split}.json`), JSON.stringify(manifest));
  }
}
