import { describe, expect, it } from 'vitest';
import { cliCommand, startedByNpm, watchParent } from './invocation';

describe('how the CLI was started', () => {
  it('phrases hints as "npx wakeword" when npm (npx, npm exec, an npm script) started it', () => {
    expect(cliCommand({ npm_command: 'exec' })).toBe('npx wakeword');
    expect(cliCommand({ npm_command: 'run' })).toBe('npx wakeword');
    expect(cliCommand({})).toBe('wakeword');
    expect(startedByNpm({ npm_command: '' })).toBe(false);
  });

  it('reports once when the parent process is gone (re-parented), and not while it lives', async () => {
    let parent = 4242;
    let reads = 0;
    const gone = await new Promise<number>((resolve) => {
      let calls = 0;
      watchParent(
        () => {
          calls += 1;
          resolve(calls);
        },
        {
          intervalMs: 5,
          ppid: () => {
            reads += 1;
            // The parent lives for the first checks, then the process is re-parented to init.
            if (reads === 4) parent = 1;
            return parent;
          },
        },
      );
    });
    expect(gone).toBe(1);
    expect(reads).toBe(4);
  });
});
