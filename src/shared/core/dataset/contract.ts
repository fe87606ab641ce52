/** The workspace and dataset part of the contract; src/shared/api.ts merges it into the whole. */
import { z } from 'zod';
import type { DatasetOverview, ScanOutcome, ScanProgress, SplitSummary, WorkspaceStatus } from './dataset-types';
import { GROUP_BY } from './manifest';

const folderArgs = z.strictObject({ path: z.string().trim().min(1, 'enter a folder path').max(4096) });
const ratio = z.number().min(0).max(1);

export const datasetRequestSchemas = {
  'workspace:open': folderArgs,
  'workspace:create': folderArgs,
  'workspace:pick-folder': z.undefined(),
  'dataset:overview': z.undefined(),
  'dataset:scan': z.undefined(),
  'dataset:cancel-scan': z.undefined(),
  'dataset:split': z
    .strictObject({
      ratios: z.tuple([ratio, ratio, ratio]).optional(),
      seed: z.number().int().min(0).max(0xffffffff).optional(),
      groupBy: z.enum(GROUP_BY).optional(),
    })
    .optional(),
} as const;

export interface DatasetRequestResults {
  'workspace:open': WorkspaceStatus;
  'workspace:create': WorkspaceStatus;
  /** The chosen folder, or null when cancelled or when the host has no native picker (serve). */
  'workspace:pick-folder': string | null;
  'dataset:overview': DatasetOverview;
  'dataset:scan': ScanOutcome;
  /** Whether a running scan was told to stop. */
  'dataset:cancel-scan': boolean;
  'dataset:split': SplitSummary;
}

export interface DatasetEventPayloads {
  'dataset:scan-progress': ScanProgress;
}

export const DATASET_EVENT_NAMES = ['dataset:scan-progress'] as const;
