import type { HostKind } from '../../shared/api';
import { createAppInfoService } from './app-info-service';
import { EventBus } from './event-bus';
import { createHandlers, type AppServices } from './handlers';
import { createSettingsService } from './settings-service';
import type { JsonStore } from './settings-store';
import type { Handlers } from '../../shared/dispatch';

export interface ServiceHost {
  readonly bus: EventBus;
  readonly services: AppServices;
  readonly handlers: Handlers;
}

export interface ServiceHostOptions {
  readonly host: HostKind;
  readonly root: string;
  readonly settingsStore: JsonStore;
  readonly warnings: readonly string[];
}

/** Wires the plain-Node services together; the Electron app, `serve` and tests all start here. */
export function createServiceHost(options: ServiceHostOptions): ServiceHost {
  const bus = new EventBus();
  const settings = createSettingsService(options.settingsStore, bus);
  const appInfo = createAppInfoService({ host: options.host, root: options.root, settings: settings.get, warnings: options.warnings });
  const services: AppServices = { appInfo, settings };
  return { bus, services, handlers: createHandlers(services) };
}
