/** Display formats of the Evaluation panel; NaN and null (nothing to measure) show as "n/a". */
export const percent = (x: number | null, digits = 1): string => (x === null || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
export const fixed = (x: number | null, digits = 3): string => (x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
export const seconds = (x: number): string => `${x.toFixed(2)} s`;
