// Types for scripts/expected-skips.mjs.
export interface ExpectedSkip {
  readonly test: string;
  readonly when: string;
}
export const EXPECTED_SKIPS: readonly ExpectedSkip[];
export function unexpectedSkips(skipped: readonly string[], options: { readonly electronRuns: boolean }): string[];
