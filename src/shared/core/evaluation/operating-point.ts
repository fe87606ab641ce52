/**
 * The operating point stored with a run (runs/<id>/operating-point.json): the threshold, how it was chosen,
 * and the streaming settings detection and export use with it.
 */
import type { SplitName } from '../dataset/categories';
import type { FahEstimate } from '../fah';

export const OPERATING_POINT_VERSION = 1;

/** How the threshold was set: a target FAH or a threshold picked in evaluation, or the trainer's choice. */
export type OperatingPointSource = 'target-fah' | 'threshold' | 'training' | 'default';

export interface DetectionSettings {
  /** Moving average over this many consecutive window scores (1 = none). */
  readonly smoothing: number;
  /** Step between windows when streaming. */
  readonly hopSeconds: number;
  /** After a detection, further triggers within this time are ignored. */
  readonly refractorySeconds: number;
}

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = { smoothing: 3, hopSeconds: 0.1, refractorySeconds: 1.5 };

export interface RunOperatingPoint extends DetectionSettings {
  readonly version: number;
  readonly threshold: number;
  readonly source: OperatingPointSource;
  readonly targetFah: number | null;
  /** The split the threshold was measured on (null when it came from training). */
  readonly split: SplitName | null;
  /** FRR and FAH on that split at the threshold, when measured. */
  readonly frr: number | null;
  readonly fah: number | null;
  /** The false accepts and hours `fah` rests on, with the 95 % bound (null when not measured or not recorded). */
  readonly fahEstimate?: FahEstimate | null;
  readonly savedAt: string | null;
}

const SOURCES: readonly OperatingPointSource[] = ['target-fah', 'threshold', 'training', 'default'];
const SPLITS: readonly string[] = ['train', 'val', 'test'];

/** Checks an operating point read back from disk; `source` names the file in the message. */
export function parseOperatingPoint(value: unknown, file: string): RunOperatingPoint {
  const fail = (why: string): never => {
    throw new Error(`${file}: invalid operating point (${why})`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('not an object');
  const v = value as Record<string, unknown>;
  const finite = (key: string, min: number, max: number): number => {
    const x = v[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) return fail(`${key} must be a number from ${String(min)} to ${String(max)}`);
    return x;
  };
  const nullable = (key: string): number | null => {
    const x = v[key];
    if (x === null || x === undefined) return null;
    if (typeof x !== 'number') return fail(`${key} must be a number or null`);
    return x;
  };
  const threshold = finite('threshold', 0, 1 + 1e-6);
  const smoothing = finite('smoothing', 1, 100);
  if (!Number.isInteger(smoothing)) fail('smoothing must be a whole number of windows');
  const source = v.source;
  if (typeof source !== 'string' || !(SOURCES as readonly string[]).includes(source)) return fail(`source must be one of ${SOURCES.join(', ')}`);
  const split = v.split ?? null;
  if (split !== null && (typeof split !== 'string' || !SPLITS.includes(split))) return fail('split must be train, val, test or null');
  return {
    version: typeof v.version === 'number' ? v.version : OPERATING_POINT_VERSION,
    threshold,
    source: source as OperatingPointSource,
    targetFah: nullable('targetFah'),
    split: split as SplitName | null,
    frr: nullable('frr'),
    fah: nullable('fah'),
    smoothing,
    hopSeconds: finite('hopSeconds', 0.01, 10),
    refractorySeconds: finite('refractorySeconds', 0, 60),
    fahEstimate: parseFahEstimate(v.fahEstimate, fail),
    savedAt: typeof v.savedAt === 'string' ? v.savedAt : null,
  };
}

/** A FahEstimate as JSON writes it (NaN as null), or null when absent. */
function parseFahEstimate(value: unknown, fail: (why: string) => never): FahEstimate | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return fail('fahEstimate must be an object or null');
  const v = value as Record<string, unknown>;
  const count = v.falseAccepts;
  const hours = v.hours;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return fail('fahEstimate.falseAccepts must be a whole number, 0 or more');
  if (typeof hours !== 'number' || !(hours >= 0)) return fail('fahEstimate.hours must be a number, 0 or more');
  const rate = (x: unknown): number => (typeof x === 'number' ? x : Number.NaN);
  return { falseAccepts: count, hours, fah: rate(v.fah), upper95: rate(v.upper95) };
}
