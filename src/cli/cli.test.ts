import { describe, expect, it } from 'vitest';
import { main } from './index';
import { findProjectRoot, readPackageVersion } from '../node/project-root';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('wakeword CLI', () => {
  it('prints help listing serve', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', '--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: wakeword/);
    expect(out.join('\n')).toMatch(/serve \[options\]/);
  });

  it('prints the package version', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'wakeword', '--version'], io)).toBe(0);
    expect(out).toEqual([readPackageVersion(findProjectRoot())]);
  });

  it('fails clearly on an unknown command', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'frobnicate'], io)).not.toBe(0);
    expect(err.join('\n')).toContain("unknown command 'frobnicate'");
  });

  it('refuses a bad port with the allowed range', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'wakeword', 'serve', '--port', '99999'], io)).not.toBe(0);
    expect(err.join('\n')).toContain('must be a whole number from 0 to 65535');
  });

  it('names a missing workspace folder', async () => {
    const { io, err } = capture();
    process.env.WAKEWORD_CONFIG_DIR ??= '/tmp/wakeword-cli-test-config';
    expect(await main(['node', 'wakeword', 'serve', '--port', '0', '--workspace', '/nonexistent/ws'], io)).toBe(1);
    expect(err).toEqual(['wakeword: workspace folder not found: /nonexistent/ws']);
  });
});
