// A vitest reporter for `npm test`'s summary: writes each failure's place and real first message line to the file
// named by WAKEWORD_FAILURES_FILE. Vitest's JSON report keeps only `stack || message`, and a timeout's stack is
// the registration stack "Error: STACK_TRACE_ERROR", so its message ("Test timed out in 30000ms.") is lost there;
// failures in hooks (beforeAll…) are not in it at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** "Name: first line of the message", as a log line. */
export function firstLine(error) {
  const message = String(error?.message ?? error?.stack ?? error ?? '').split('\n')[0].trim();
  const name = error?.name && error.name !== 'Error' ? error.name : 'Error';
  return `${name}: ${message}`.slice(0, 300);
}

/** Every failure in the run: module and suite errors (load failures, hooks) and failed tests. */
export function collectFailures(testModules, unhandledErrors, root) {
  const failures = [];
  for (const module of testModules) {
    const file = path.relative(root, module.moduleId);
    for (const error of module.errors()) failures.push({ where: file, kind: 'file', message: firstLine(error) });
    for (const suite of module.children.allSuites()) {
      for (const error of suite.errors()) failures.push({ where: `${file} > ${suite.fullName}`, kind: 'suite', message: firstLine(error) });
    }
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'failed') continue;
      failures.push({ where: `${file} > ${test.fullName}`, kind: 'test', message: firstLine(result.errors?.[0]) });
    }
  }
  for (const error of unhandledErrors) failures.push({ where: 'unhandled error', kind: 'file', message: firstLine(error) });
  return failures;
}

export default class FailureReporter {
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules, unhandledErrors) {
    const file = process.env.WAKEWORD_FAILURES_FILE;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(collectFailures(testModules, unhandledErrors, this.root ?? process.cwd()), null, 2)}\n`);
  }
}
