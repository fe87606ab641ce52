import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../shared/contract/api';
import type { EventBus } from './event-bus';
import type { JsonStore } from '../node/settings-store';

export interface SettingsService {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

/**
 * Settings as the contract sees them: defaults filled in, unknown or invalid stored keys dropped
 * (a hand-edited file must not break the app), every change announced as `settings:changed`.
 */
export function createSettingsService(store: JsonStore, bus: EventBus): SettingsService {
  const read = (): Settings => {
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(store.store)) {
      const field = settingsSchema.shape[key as keyof Settings] as (typeof settingsSchema.shape)[keyof Settings] | undefined;
      if (field?.safeParse(value).success) merged[key] = value;
    }
    return settingsSchema.parse(merged);
  };
  return {
    get: read,
    set(patch) {
      const next = settingsSchema.parse({ ...read(), ...patch });
      store.store = { ...next };
      bus.emit('settings:changed', next);
      return next;
    },
  };
}
