import { describe, expect, it } from 'vitest';
import { resolvesToLoopbackOnly } from './serve-command';

describe('serve --no-token is decided by address', () => {
  it('counts all of 127.0.0.0/8 and ::1 as loopback, by address', async () => {
    expect(await resolvesToLoopbackOnly('127.0.0.1')).toBe(true);
    expect(await resolvesToLoopbackOnly('127.0.0.2')).toBe(true);
    expect(await resolvesToLoopbackOnly('[::1]')).toBe(true);
    expect(await resolvesToLoopbackOnly('localhost')).toBe(true);
  });

  it('does not count addresses other machines can reach', async () => {
    expect(await resolvesToLoopbackOnly('0.0.0.0')).toBe(false);
    expect(await resolvesToLoopbackOnly('::')).toBe(false);
    expect(await resolvesToLoopbackOnly('10.1.2.3')).toBe(false);
  });

  it('says plainly when the host name does not resolve', async () => {
    await expect(resolvesToLoopbackOnly('no-such-host.invalid')).rejects.toThrow('cannot serve on --host no-such-host.invalid: no such host name or address');
  });
});
