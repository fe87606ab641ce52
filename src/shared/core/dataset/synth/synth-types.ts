/** What the synthetic-sample and demo-workspace requests carry (see ../contract.ts). */
import type { SplitSummary, WorkspaceStatus } from '../dataset-types';

/** The most negative speech one `synth --negative-hours` makes (here so the CLI can check the flag without the synthesiser). */
export const MAX_NEGATIVE_HOURS = 100;

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

export type SynthPhase = 'positives' | 'negatives' | 'speech' | 'noise' | 'scanning' | 'splitting' | 'done';

/** How each phase reads in a progress line (panel and CLI). */
export const SYNTH_PHASE_TEXT: Readonly<Record<SynthPhase, string>> = {
  positives: 'Speaking the wake phrase',
  negatives: 'Speaking other phrases',
  speech: 'Speaking everyday sentences',
  noise: 'Generating noise',
  scanning: 'Scanning',
  splitting: 'Splitting',
  done: 'Done',
};

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

/** One way to install a missing engine, e.g. { platform: 'Debian/Ubuntu', command: 'sudo apt install flite' }. */
export interface InstallStep {
  readonly platform: string;
  readonly command: string;
}

/** A speech engine as `dataset:synth-engines` and `wakeword voices` report it. */
export interface SynthEngineInfo {
  readonly id: 'espeak-ng' | 'flite' | 'piper';
  /** True when it runs here and has at least one voice. */
  readonly available: boolean;
  /** The program's path, when found. */
  readonly program: string | null;
  readonly version: string | null;
  /** Voice ids (`flite:slt`), in the order sets walk them. */
  readonly voices: readonly string[];
  /** Why it cannot be used (not installed, no voice models, did not run), or null. */
  readonly problem: string | null;
  /** How to install it, per platform (also shown for installed engines, for other machines). */
  readonly install: readonly InstallStep[];
  /** Anything else worth knowing (e.g. a voice skipped on purpose). */
  readonly notes: readonly string[];
}

export interface SynthEngines {
  readonly engines: readonly SynthEngineInfo[];
  /** Every available voice id, all engines together. */
  readonly voices: readonly string[];
}

export interface NegativeSpeechResult {
  /** Relative to the workspace (panel) or absolute (CLI). */
  readonly folder: string;
  readonly files: readonly string[];
  readonly seconds: number;
  readonly sentences: number;
  readonly voices: number;
  readonly durationMs: number;
}
