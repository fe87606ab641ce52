import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CurrentConfig } from '../../shared/contract/config-contract';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import { dispatch } from '../../shared/contract/dispatch';
import { createServiceHost } from '../app-services';
import { findProjectRoot } from '../../node/project-root';
import { openCliSettingsStore } from '../../node/settings-store';

async function host(dir: string) {
  const { store } = await openCliSettingsStore(dir);
  return createServiceHost({ host: 'serve', root: findProjectRoot(), settingsStore: store, warnings: [] });
}

async function call(h: Awaited<ReturnType<typeof host>>, name: string, args?: unknown) {
  const envelope = await dispatch(h.handlers, name, args, { transport: 'test' });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

describe('config requests through the service host', () => {
  it('keeps the current config beside the settings file, per workspace, across restarts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'host-settings-'));
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'host-ws-'));
    const first = await host(dir);
    first.services.settings.set({ workspace });
    const events: string[] = [];
    first.bus.subscribe((name) => events.push(name));
    await call(first, 'config:current-set', { preset: 'fast', config: { ...DEFAULT_CONFIG, training: { ...DEFAULT_CONFIG.training, epochs: 7 } } });
    expect(events).toContain('config:current-changed');
    expect(existsSync(path.join(dir, 'config-state.json'))).toBe(true);

    const second = await host(dir);
    const current = (await call(second, 'config:current-get')) as CurrentConfig;
    expect(current).toMatchObject({ workspace, preset: 'fast', validation: { ok: true } });
    expect((current.config.training as { epochs: number }).epochs).toBe(7);
  });

  it('reports a corrupt config state file and carries on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'host-settings-'));
    await writeFile(path.join(dir, 'config-state.json'), '\u0000garbage');
    const h = await host(dir);
    const current = (await call(h, 'config:current-get')) as CurrentConfig;
    expect(current.preset).toBe('default');
    expect(current.storeWarnings[0]).toMatch(/config-state\.json was unreadable .* moved to/);
  });

  it('validates arguments at the contract boundary', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'host-settings-'));
    const h = await host(dir);
    const envelope = await dispatch(h.handlers, 'config:save', { name: '../escape', config: DEFAULT_CONFIG }, { transport: 'test' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-args', field: 'name' } });
    const resolved = (await call(h, 'config:resolve', { preset: 'edge', sets: ['model.architecture=crnn'] })) as { ok: boolean; errors: { path: string }[] };
    expect(resolved.ok).toBe(false);
    expect(resolved.errors.map((issue) => issue.path)).toEqual(['model.budget.max_params', 'model.budget.max_size_kb']);
  });
});
