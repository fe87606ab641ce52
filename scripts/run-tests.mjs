// `npm test`: lint, both typechecks, unit + component tests, build, browser e2e (and the Electron e2e, which
// reports itself skipped where no Electron binary exists). Every step runs even if an earlier one failed, so one
// run shows everything that is wrong; the last line totals all test runners as "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { displayProblem, electronBinaryProblem } from './electron-binary.mjs';
import { unexpectedSkips } from './expected-skips.mjs';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
rmSync(path.join(resultsDir, 'vitest'), { recursive: true, force: true });
mkdirSync(path.join(resultsDir, 'vitest'), { recursive: true });

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const vitest = (name, projects) => ({
  name,
  command: [npx, 'vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(resultsDir, 'vitest', `${name}.json`)}`, `--reporter=${path.join(root, 'scripts', 'failure-reporter.mjs')}`],
  report: path.join(resultsDir, 'vitest', `${name}.json`),
  // The real first message line of every failure (the JSON report has only a timeout's registration stack).
  failures: path.join(resultsDir, 'vitest', `${name}.failures.json`),
});

// The Electron e2e needs a display; where the binary exists but there is none (CI, a server), give it a virtual one.
// xvfb-run needs xauth, which Debian's xvfb package only recommends.
const hasXvfbRun = spawnSync('sh', ['-c', 'command -v xvfb-run && command -v xauth'], { stdio: 'ignore' }).status === 0;
const xvfb = electronBinaryProblem(root) === null && displayProblem() !== null && hasXvfbRun ? ['xvfb-run', '--auto-servernum', '--server-args=-screen 0 1920x1080x24'] : [];
const e2e = vitest('e2e', ['e2e']);

const steps = [
  { name: 'lint', command: [npx, 'eslint', '--max-warnings', '0', '.'] },
  { name: 'typecheck (node)', command: [npx, 'tsc', '--noEmit', '-p', 'tsconfig.node.json'] },
  { name: 'typecheck (web)', command: [npx, 'tsc', '--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'typecheck (export examples)', command: [npx, 'tsc', '--noEmit', '-p', 'tsconfig.examples.json'] },
  vitest('unit', ['unit', 'component']),
  { name: 'build', command: [npx, 'electron-vite', 'build'] },
  { ...e2e, command: [...xvfb, ...e2e.command] },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const skippedTests = [];
const failedTests = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command.filter((part) => part !== npx).join(' ')}`);
  const started = Date.now();
  const env = { ...process.env, FORCE_COLOR: '0', ...(step.failures ? { WAKEWORD_FAILURES_FILE: step.failures } : {}) };
  const result = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report) {
    if (existsSync(step.report)) {
      const report = JSON.parse(readFileSync(step.report, 'utf8'));
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
      const failures = existsSync(step.failures) ? JSON.parse(readFileSync(step.failures, 'utf8')) : null;
      for (const file of report.testResults) {
        // A file that fails to load has no failed assertions of its own; name it too.
        if (!failures && file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) failedTests.push(`${path.relative(root, file.name)}: ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`);
        for (const test of file.assertionResults) {
          if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') skippedTests.push(`${path.relative(root, file.name)} > ${test.fullName}`);
          // The summary is often all a CI log keeps, so it names each failing test and its first message line.
          if (!failures && test.status === 'failed') failedTests.push(`${path.relative(root, file.name)} > ${test.fullName}: ${String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)}`);
        }
      }
      for (const failure of failures ?? []) {
        failedTests.push(`${failure.where}: ${failure.message}`);
        // A failed file load or hook skips its tests rather than failing them; count it, or the total says 0 failed.
        if (failure.kind !== 'test') totals.failed += 1;
      }
    } else {
      totals.failed += 1;
      failures.push(`${step.name} (no test report written)`);
    }
  }
  if (result.status !== 0) failures.push(`${step.name} (exit ${result.status ?? result.signal})`);
  console.log(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s`);
}

// Only the skips scripts/expected-skips.mjs allows here; any other fails the run.
const electronRuns = electronBinaryProblem(root) === null && (displayProblem() === null || xvfb.length > 0);
const unexpected = unexpectedSkips(skippedTests, { electronRuns });
for (const test of unexpected) failures.push(`unexpected skip (not in scripts/expected-skips.mjs${electronRuns ? '; the Electron binary can run here' : ''}): ${test}`);

console.log('\n=== summary');
for (const test of skippedTests) console.log(`skipped${unexpected.includes(test) ? ' (UNEXPECTED)' : ''}: ${test}`);
for (const test of failedTests) console.log(`FAILED test: ${test}`);
for (const failure of failures) console.log(`FAILED step: ${failure}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = failures.length > 0 || totals.failed > 0 ? 1 : 0;
