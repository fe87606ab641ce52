import type { Handlers } from '../../shared/dispatch';
import type { AppInfoService } from './app-info-service';
import type { SettingsService } from './settings-service';

export interface AppServices {
  readonly appInfo: AppInfoService;
  readonly settings: SettingsService;
}

/** The single handler map both hosts register; `satisfies` makes a missing request a compile error. */
export function createHandlers(services: AppServices): Handlers {
  return {
    'app:info': () => services.appInfo.get(),
    'settings:get': () => services.settings.get(),
    'settings:set': (patch) => services.settings.set(patch),
  } satisfies Handlers;
}
