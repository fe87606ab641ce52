/** The workspace layout: the five audio categories under data/raw and the three splits. */
export const DATASET_CATEGORIES = ['positive', 'negative', 'hard_negative', 'background', 'rirs'] as const;
export type DatasetCategory = (typeof DATASET_CATEGORIES)[number];

/** Background noise and room impulse responses feed augmentation, so they are never split. */
export const SPLIT_CATEGORIES = ['positive', 'negative', 'hard_negative'] as const;
export type SplitCategory = (typeof SPLIT_CATEGORIES)[number];

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Folders a workspace has, relative to its root, in the order "New workspace" creates them. */
export const WORKSPACE_FOLDERS: readonly string[] = [
  ...DATASET_CATEGORIES.map((category) => `data/raw/${category}`),
  'data/splits',
  'configs',
  'runs',
  'exports',
];

export const MANIFEST_PATH = 'data/manifest.json';
export const RAW_DIR = 'data/raw';
export const SPLITS_DIR = 'data/splits';

export const AUDIO_EXTENSIONS: readonly string[] = ['wav', 'wave', 'flac', 'mp3', 'ogg', 'oga', 'opus'];

export function isDatasetCategory(value: string): value is DatasetCategory {
  return (DATASET_CATEGORIES as readonly string[]).includes(value);
}

export function isSplitCategory(value: string): value is SplitCategory {
  return (SPLIT_CATEGORIES as readonly string[]).includes(value);
}

/** Lower-case extension without the dot ("" when there is none). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function isAudioFileName(name: string): boolean {
  return AUDIO_EXTENSIONS.includes(extensionOf(name));
}
