/** What the synthetic-sample and demo-workspace requests carry (see ../contract.ts). */
import type { SplitSummary, WorkspaceStatus } from '../dataset-types';

/** Whether espeak-ng can be run here, and if not, how to get it (the panel shows `installHelp` as is). */
export interface SynthStatus {
  readonly available: boolean;
  /** "eSpeak NG text-to-speech: 1.51 ..." when available. */
  readonly version: string | null;
  readonly installHelp: string;
}

export interface SynthesizedSet {
  readonly phrase: string;
  /** Relative to the workspace (panel) or absolute (CLI). */
  readonly folder: string;
  readonly files: number;
}

export interface SynthResult {
  readonly positives: SynthesizedSet;
  readonly negatives: readonly SynthesizedSet[];
  readonly seconds: number;
  readonly durationMs: number;
}

export type SynthPhase = 'positives' | 'negatives' | 'noise' | 'scanning' | 'splitting' | 'done';

export interface SynthProgress {
  readonly phase: SynthPhase;
  readonly done: number;
  readonly total: number;
}

export interface DemoResult {
  readonly workspace: WorkspaceStatus;
  readonly counts: Readonly<Record<'positive' | 'negative' | 'hard_negative' | 'background', number>>;
  readonly split: SplitSummary;
  readonly durationMs: number;
}
