import { describe, expect, it } from 'vitest';
import { hostnameOf, isLoopbackHost, readCookie, tokensEqual } from './security';

describe('serve security helpers', () => {
  it('recognises loopback hosts only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'app.localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.com', '10.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('strips ports from Host headers', () => {
    expect(hostnameOf('127.0.0.1:7860')).toBe('127.0.0.1');
    expect(hostnameOf('[::1]:7860')).toBe('[::1]');
    expect(hostnameOf('localhost')).toBe('localhost');
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(null, 'abc')).toBe(false);
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; wakeword_token=x%3Dy; b=2', 'wakeword_token')).toBe('x=y');
    expect(readCookie(undefined, 'wakeword_token')).toBeNull();
  });
});
