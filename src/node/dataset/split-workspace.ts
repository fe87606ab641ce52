/** `dataset:split` / `wakeword split`: splits the scanned manifest and writes the three split manifests. */
import { MANIFEST_PATH, SPLIT_NAMES, type SplitName } from '../../shared/core/dataset/categories';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';
import { MANIFEST_VERSION, type SplitManifest } from '../../shared/core/dataset/manifest';
import { splitCounts, splitDataset, type SplitOptions } from '../../shared/core/dataset/split';
import { readManifest, readSplit, writeSplits } from './manifest-store';
import { requireDatasetWorkspace, WorkspaceError } from './workspace';

export async function splitWorkspace(workspace: string, options: SplitOptions): Promise<SplitSummary> {
  const root = requireDatasetWorkspace(workspace);
  const manifest = await readManifest(root);
  if (manifest.state === 'missing') throw new WorkspaceError(`no ${MANIFEST_PATH} in ${root}: scan the dataset first`);
  if (manifest.state === 'unreadable') throw new WorkspaceError(`${manifest.reason}: scan the dataset again`);
  const result = splitDataset(manifest.value.files, options);
  const createdAt = new Date().toISOString();
  const manifests = Object.fromEntries(
    SPLIT_NAMES.map((split): [SplitName, SplitManifest] => [
      split,
      {
        version: MANIFEST_VERSION,
        split,
        createdAt,
        seed: options.seed,
        ratios: options.ratios,
        groupBy: options.groupBy,
        files: result.splits[split],
        skippedInvalid: result.skipped,
        augmentation: { background: result.background, rirs: result.rirs },
      },
    ]),
  ) as Record<SplitName, SplitManifest>;
  await writeSplits(root, manifests);
  return summaryOf(manifests);
}

function summaryOf(manifests: Readonly<Record<SplitName, SplitManifest>>): SplitSummary {
  const train = manifests.train;
  return {
    createdAt: train.createdAt,
    seed: train.seed,
    ratios: train.ratios,
    groupBy: train.groupBy,
    counts: splitCounts({ train: train.files, val: manifests.val.files, test: manifests.test.files }),
    background: train.augmentation.background.length,
    rirs: train.augmentation.rirs.length,
    skipped: train.skippedInvalid ?? 0,
  };
}

/** The split last written, or null when there is none (or it is damaged: the panel then offers to split again). */
export async function readSplitSummary(workspace: string): Promise<SplitSummary | null> {
  const read = await Promise.all(SPLIT_NAMES.map((name) => readSplit(workspace, name)));
  if (read.some((r) => r.state !== 'ok')) return null;
  const [train, val, test] = read.map((r) => (r as { value: SplitManifest }).value) as [SplitManifest, SplitManifest, SplitManifest];
  return summaryOf({ train, val, test });
}
