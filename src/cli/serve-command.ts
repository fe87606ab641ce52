import { lookup } from 'node:dns/promises';
import net from 'node:net';
import path from 'node:path';
import type { TrainingState, TrainingStatus } from '../shared/training-status';
import { createServiceHost, type ServiceHost } from '../services/app-services';
import { findProjectRoot } from '../node/project-root';
import { openCliSettingsStore } from '../node/settings-store';
import { startServer, type RunningServer } from '../server/serve';
import { CliError, requireFolder } from './cli-error';
import { errorMessage } from '../shared/error-message';

export interface ServeCommandOptions {
  readonly workspace?: string;
  readonly host: string;
  readonly port: number;
  /** commander's `--no-token`: false turns the access token off (loopback only). */
  readonly token?: boolean;
}

/** True when every address `host` resolves to is a loopback one (127.0.0.0/8, ::1): decided by address, not by name. */
export async function resolvesToLoopbackOnly(host: string): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = net.isIP(bare) ? [bare] : (await lookup(bare, { all: true })).map((entry) => entry.address);
  } catch {
    throw new CliError(`cannot serve on --host ${host}: no such host name or address`);
  }
  return addresses.length > 0 && addresses.every((address) => (net.isIPv4(address) ? address.startsWith('127.') : address === '::1' || address.toLowerCase().startsWith('::ffff:127.')));
}

export interface ServeHandle extends RunningServer {
  /** Kills a training still stopping (a second Ctrl-C): its run keeps its last checkpoint, resumable. */
  abort(): void;
}

const FINISHED: readonly TrainingState[] = ['idle', 'completed', 'stopped', 'failed'];

/**
 * Stopping `serve` stops a training it runs the way Ctrl-C stops `wakeword train`: after the current batch, with a
 * checkpoint and its status recorded. Left alone, the trainer's IPC channel would keep the process alive for
 * the whole run after "Stopping.".
 */
async function stopTraining(serviceHost: ServiceHost, out: (line: string) => void): Promise<void> {
  const training = serviceHost.services.training;
  if (FINISHED.includes(training.status().state)) return;
  const finished = new Promise<void>((resolve) => {
    const unsubscribe = serviceHost.bus.subscribe((name, payload) => {
      if (name === 'training:status' && FINISHED.includes((payload as TrainingStatus).state)) {
        unsubscribe();
        resolve();
      }
    });
  });
  out('The training in progress stops after its current batch, with a checkpoint (press Ctrl-C again to abort it).');
  try {
    training.stop();
  } catch {
    // Already stopping (a stop from the UI came first): wait for it the same way.
  }
  await finished;
}

export async function runServe(options: ServeCommandOptions, out: (line: string) => void): Promise<ServeHandle> {
  const loopbackOnly = await resolvesToLoopbackOnly(options.host);
  if (options.token === false && !loopbackOnly) {
    throw new CliError(`--no-token is allowed only on a loopback address (127.0.0.0/8, ::1); ${options.host} is reachable from other machines, so the token stays on`);
  }
  const root = findProjectRoot();
  const { store, warning } = await openCliSettingsStore();
  const serviceHost = createServiceHost({ host: 'serve', root, settingsStore: store, warnings: warning ? [warning] : [] });
  if (warning) out(`warning: ${warning}`);
  if (options.workspace !== undefined) {
    const workspace = requireFolder(path.resolve(options.workspace), 'workspace');
    serviceHost.services.settings.set({ workspace });
  }
  let server: RunningServer;
  try {
    server = await startServer({
      host: options.host,
      port: options.port,
      rendererDir: path.join(root, 'out', 'renderer'),
      serviceHost,
      ...(options.token === false ? { token: null } : {}),
    });
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  out(`Wakeword Studio is serving on ${server.url}`);
  if (server.token !== null) out('Open that URL (it carries the access token; your browser keeps it in a cookie afterwards); requests without the token are refused.');
  // A killed trainer sends no final status: the abort itself ends the wait.
  let aborted = (): void => undefined;
  const abortedWait = new Promise<void>((resolve) => (aborted = resolve));
  return {
    ...server,
    close: async () => {
      await Promise.race([stopTraining(serviceHost, out), abortedWait]);
      await server.close();
    },
    abort: () => {
      serviceHost.services.training.dispose();
      aborted();
    },
  };
}
