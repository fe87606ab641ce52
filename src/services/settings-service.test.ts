import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../shared/contract/api';
import { EventBus } from './event-bus';
import { createSettingsService } from './settings-service';

function memoryStore(initial: Record<string, unknown> = {}) {
  return { store: initial, path: '/memory/settings.json' };
}

describe('settings service', () => {
  it('fills defaults and keeps valid stored values', () => {
    const service = createSettingsService(memoryStore({ theme: 'dark' }), new EventBus());
    expect(service.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('drops invalid or unknown stored values instead of failing', () => {
    const service = createSettingsService(memoryStore({ theme: 'neon', gpuPolling: 'yes', extra: 1, backend: 'wasm' }), new EventBus());
    expect(service.get()).toEqual({ ...DEFAULT_SETTINGS, backend: 'wasm' });
  });

  it('persists a change and announces it', () => {
    const store = memoryStore();
    const bus = new EventBus();
    const seen: Settings[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'settings:changed') seen.push(payload as Settings);
    });
    const next = createSettingsService(store, bus).set({ backend: 'cpu' });
    expect(next.backend).toBe('cpu');
    expect(store.store.backend).toBe('cpu');
    expect(seen).toEqual([next]);
  });
});
