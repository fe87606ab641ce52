/**
 * What `data/manifest.json` and `data/splits/*.json` hold. The manifest doubles as the scan cache:
 * an entry is reused while its path, size and modification time are unchanged.
 */
import type { DatasetCategory, SplitCategory, SplitName } from './categories';
import type { AudioCodec, AudioFormat } from './formats/probe-types';

/** Bump when the probes change what they report, so old caches are not trusted. */
export const SCANNER_VERSION = 1;
export const MANIFEST_VERSION = 1;

interface EntryBase {
  readonly category: DatasetCategory;
  /** Relative to data/raw, with forward slashes: "positive/alice/clip_01.wav". */
  readonly path: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
}

export interface ValidEntry extends EntryBase {
  readonly status: 'valid';
  readonly format: AudioFormat;
  readonly codec: AudioCodec;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitDepth: number | null;
  readonly durationSeconds: number | null;
  readonly warnings: readonly string[];
}

export interface InvalidEntry extends EntryBase {
  readonly status: 'invalid';
  readonly reason: string;
}

export type ManifestEntry = ValidEntry | InvalidEntry;

export interface DatasetManifest {
  readonly version: number;
  readonly scannerVersion: number;
  readonly scannedAt: string;
  /** Non-audio files found under data/raw (README.txt, cover.jpg ...), which the scan skips. */
  readonly ignoredFiles: number;
  readonly files: readonly ManifestEntry[];
}

export const GROUP_BY = ['none', 'folder', 'speaker'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface SplitFile {
  readonly path: string;
  readonly category: SplitCategory;
  /** 1 for the wake phrase, 0 for everything else. */
  readonly label: 0 | 1;
  readonly durationSeconds: number | null;
}

/** One of data/splits/{train,val,test}.json; each lists the unsplit augmentation audio too. */
export interface SplitManifest {
  readonly version: number;
  readonly split: SplitName;
  readonly createdAt: string;
  readonly seed: number;
  readonly ratios: readonly [number, number, number];
  readonly groupBy: GroupBy;
  readonly files: readonly SplitFile[];
  /** Invalid files left out of every split. */
  readonly skippedInvalid: number;
  readonly augmentation: { readonly background: readonly string[]; readonly rirs: readonly string[] };
}
