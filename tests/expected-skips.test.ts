import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_SKIPS, unexpectedSkips } from '../scripts/expected-skips.mjs';

const root = path.resolve(import.meta.dirname, '..');
const electron = EXPECTED_SKIPS.map((entry) => entry.test);

describe("npm test's expected skips", () => {
  it('allows the four Electron tests only where Electron cannot run', () => {
    expect(electron).toHaveLength(4);
    expect(unexpectedSkips(electron, { electronRuns: false })).toEqual([]);
    expect(unexpectedSkips(electron, { electronRuns: true })).toEqual(electron);
  });

  it('flags any other skip', () => {
    const stray = 'src/server/serve.test.ts > wakeword serve on loopback answers app:info over the WebSocket';
    expect(unexpectedSkips([stray, ...electron], { electronRuns: false })).toEqual([stray]);
  });

  it('names tests that exist, as the runner spells them ("file > describe title")', async () => {
    const source = await readFile(path.join(root, 'e2e', 'electron.e2e.test.ts'), 'utf8');
    const titles = [...source.matchAll(/^\s+it\('([^']+)'/gm)].map((match) => `e2e/electron.e2e.test.ts > desktop app (Electron) ${match[1] ?? ''}`);
    expect(titles.sort()).toEqual([...electron].sort());
  });
});
