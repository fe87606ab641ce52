/** The training configuration's `split` shares as the dataset split's ratios: one source for both panels. */
import type { SplitRatios } from './split';

/** [train, validation, test] from a (possibly invalid) config draft, or null when its split section is not three numbers. */
export function configSplitRatios(config: Readonly<Record<string, unknown>>): SplitRatios | null {
  const split = config['split'];
  if (typeof split !== 'object' || split === null) return null;
  const { train, validation, test } = split as Record<string, unknown>;
  if (typeof train !== 'number' || typeof validation !== 'number' || typeof test !== 'number') return null;
  return [train, validation, test];
}

/** Equal to float noise (0.7 vs 0.7000000001 from an input field). */
export function sameRatios(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((value, i) => Math.abs(value - (b[i] as number)) < 1e-9);
}
