import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly workspace?: string;
  readonly host?: string;
  readonly extraArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts the real `wakeword serve` (the built CLI) on a free port with a private settings folder. */
export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  const configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-config-'));
  const args = [path.join(ROOT, 'bin', 'wakeword.js'), 'serve', '--port', '0', '--host', options.host ?? '127.0.0.1'];
  if (options.workspace) args.push('--workspace', options.workspace);
  args.push(...(options.extraArgs ?? []));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wakeword serve did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wakeword serve exited early (code ${String(code)}):\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
