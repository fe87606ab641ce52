import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createServiceHost } from '../main/services/app-services';
import { findProjectRoot } from '../main/services/project-root';
import { openCliSettingsStore } from '../main/services/settings-store';
import { startServer, type RunningServer } from '../server/serve';
import { CliError } from './cli-error';

export interface ServeCommandOptions {
  readonly workspace?: string;
  readonly host: string;
  readonly port: number;
}

export async function runServe(options: ServeCommandOptions, out: (line: string) => void): Promise<RunningServer> {
  const root = findProjectRoot();
  const { store, warning } = await openCliSettingsStore();
  const serviceHost = createServiceHost({ host: 'serve', root, settingsStore: store, warnings: warning ? [warning] : [] });
  if (warning) out(`warning: ${warning}`);
  if (options.workspace !== undefined) {
    const workspace = path.resolve(options.workspace);
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
      throw new CliError(`workspace folder not found: ${workspace}`);
    }
    serviceHost.services.settings.set({ workspace });
  }
  const server = await startServer({
    host: options.host,
    port: options.port,
    rendererDir: path.join(root, 'out', 'renderer'),
    serviceHost,
  });
  out(`Wakeword Studio is serving on ${server.url}`);
  if (server.token !== null) out('Open that URL (it carries the access token); requests without the token are refused.');
  return server;
}
