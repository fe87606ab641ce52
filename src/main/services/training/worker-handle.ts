import { fork, type Serializable } from 'node:child_process';
import type { SupervisorMessage } from '../../../shared/trainer-protocol';

/**
 * A worker process as its supervisor sees it: Node's child_process and Electron's utilityProcess both fit.
 * `M` is what the parent sends (the trainer's messages by default; the evaluator has its own).
 */
export interface WorkerHandle<M = SupervisorMessage> {
  send(message: M): void;
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Called once when the process ends, with its exit code (null when killed by a signal), a description and,
   * where the host reports it, the signal (a native crash shows as SIGSEGV, SIGBUS or SIGABRT).
   */
  onExit(listener: (code: number | null, detail: string, signal?: NodeJS.Signals | null) => void): void;
}

export type WorkerLauncher<M = SupervisorMessage> = () => WorkerHandle<M>;

export interface NodeWorkerOptions {
  readonly entry: string;
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The CLI and `serve` run the trainer as a Node child process; stderr is kept for crash reports. */
export function nodeWorkerLauncher<M extends object = SupervisorMessage>(options: NodeWorkerOptions): WorkerLauncher<M> {
  return () => {
    const child = fork(options.entry, [], {
      execArgv: [...(options.execArgv ?? [])],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    return {
      send: (message: M) => {
        if (child.connected) child.send(message as Serializable);
      },
      kill: () => child.kill('SIGKILL'),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code, signal) => {
          const lastError = stderr.trim().split('\n').slice(-3).join(' | ');
          listener(code, signal ? `killed by ${signal}` : `exited with code ${String(code)}${lastError ? `: ${lastError}` : ''}`, signal);
        }),
    };
  };
}
