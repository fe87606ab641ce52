import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const fixture = path.join(root, 'tests', 'fixtures', 'vitest-failures');

interface Failure {
  readonly where: string;
  readonly kind: 'file' | 'suite' | 'test';
  readonly message: string;
}

describe("npm test's failure reporter", () => {
  it('keeps the real first line of a timeout, an assertion and a hook failure', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'failure-reporter-'));
    try {
      const file = path.join(dir, 'failures.json');
      const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', fixture, '--config', path.join(fixture, 'vitest.config.mjs'), `--reporter=${path.join(root, 'scripts', 'failure-reporter.mjs')}`], {
        cwd: fixture,
        env: { ...process.env, WAKEWORD_FAILURES_FILE: file, FORCE_COLOR: '0' },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(1);
      const failures = JSON.parse(await readFile(file, 'utf8')) as Failure[];
      expect(failures).toEqual([
        { where: 'failures.check.ts > a hook', kind: 'suite', message: 'Error: Hook timed out in 100ms.' },
        { where: 'failures.check.ts > tests > times out', kind: 'test', message: 'Error: Test timed out in 100ms.' },
        { where: 'failures.check.ts > tests > fails an assertion', kind: 'test', message: 'AssertionError: expected 2 to be 3 // Object.is equality' },
      ]);
      expect(failures.map((f) => f.message).join('\n')).not.toContain('STACK_TRACE_ERROR');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
