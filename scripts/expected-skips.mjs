// The tests `npm test` may skip, each with the condition under which that is right. Any other skip fails the run:
// a skipped test proves nothing, and a forgotten `.skip` or a `skipIf` whose condition went wrong looks green.

/** Skipped where no Electron binary can run (not downloaded, or no display and no xvfb-run). */
const ELECTRON = 'no-electron';

export const EXPECTED_SKIPS = [
  { test: 'e2e/electron.e2e.test.ts > desktop app (Electron) opens one hardened window with the five tabs', when: ELECTRON },
  { test: 'e2e/electron.e2e.test.ts > desktop app (Electron) round-trips app:info over IPC and refuses unknown requests in the preload', when: ELECTRON },
  { test: 'e2e/electron.e2e.test.ts > desktop app (Electron) denies window.open and navigation away from the app', when: ELECTRON },
  { test: 'e2e/electron.e2e.test.ts > desktop app (Electron) reports a finished run with a native notification and clears the taskbar progress', when: ELECTRON },
];

/**
 * The skipped tests ("file > full name") the list does not allow here. `electronRuns`: the Electron binary exists
 * and has a display, so its tests must run.
 */
export function unexpectedSkips(skipped, { electronRuns }) {
  return skipped.filter((name) => !EXPECTED_SKIPS.some((entry) => entry.test === name && !(entry.when === ELECTRON && electronRuns)));
}
