import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppInfo, type Settings } from './api';
import { dispatch, type Handlers } from './dispatch';

/** Only the requests these tests call; the rest of the contract is irrelevant to dispatch. */
function handlers(store: { settings: Settings }): Handlers {
  const partial: Pick<Handlers, 'app:info' | 'settings:get' | 'settings:set'> = {
    'app:info': () => ({ name: 'x' }) as unknown as AppInfo,
    'settings:get': () => store.settings,
    'settings:set': (patch) => (store.settings = { ...store.settings, ...patch }),
  };
  return partial as Handlers;
}

const context = { transport: 'test' } as const;

describe('dispatch', () => {
  it('runs a valid request and wraps the result', async () => {
    const store = { settings: DEFAULT_SETTINGS };
    const envelope = await dispatch(handlers(store), 'settings:set', { theme: 'dark' }, context);
    expect(envelope).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, theme: 'dark' } });
  });

  it('refuses bad arguments with a message naming the field', async () => {
    const store = { settings: DEFAULT_SETTINGS };
    const envelope = await dispatch(handlers(store), 'settings:set', { theme: 'neon' }, context);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid-args');
    expect(envelope.error.field).toBe('theme');
    expect(envelope.error.message).toMatch(/^Invalid arguments for "settings:set": theme: /);
    expect(store.settings).toBe(DEFAULT_SETTINGS);
  });

  it('names nested fields and unknown keys', async () => {
    const store = { settings: DEFAULT_SETTINGS };
    const nested = await dispatch(handlers(store), 'settings:set', { recentWorkspaces: ['a', 7] }, context);
    expect(nested.ok || nested.error.field).toBe('recentWorkspaces.1');
    const unknown = await dispatch(handlers(store), 'settings:set', { colour: 'red' }, context);
    expect(unknown.ok || unknown.error.message).toContain('colour');
  });

  it('refuses arguments to a request that takes none', async () => {
    const envelope = await dispatch(handlers({ settings: DEFAULT_SETTINGS }), 'app:info', { sneaky: true }, context);
    expect(envelope.ok || envelope.error.code).toBe('invalid-args');
  });

  it('refuses unknown requests, including inherited property names', async () => {
    for (const name of ['fs:delete', 'toString', '__proto__', 42]) {
      const envelope = await dispatch(handlers({ settings: DEFAULT_SETTINGS }), name, undefined, context);
      expect(envelope.ok || envelope.error.code).toBe('unknown-request');
    }
  });

  it('turns a handler failure into an error envelope: the message in words, the request name beside it for logs', async () => {
    const failing: Handlers = {
      ...handlers({ settings: DEFAULT_SETTINGS }),
      'settings:get': () => {
        throw new Error('disk unplugged');
      },
    };
    const envelope = await dispatch(failing, 'settings:get', undefined, context);
    expect(envelope).toEqual({ ok: false, error: { code: 'failed', message: 'disk unplugged', request: 'settings:get' } });
  });
});
