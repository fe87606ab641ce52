import { fork, type Serializable } from 'node:child_process';
import type { SupervisorMessage } from '../../shared/contract/trainer-protocol';

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

/**
 * The end of a worker's stderr, kept so an exit can be explained with what the process said last (a native
 * crash or an uncaught error prints there, not over the message channel).
 */
export class StderrTail {
  private text = '';

  constructor(private readonly keep = 4000) {}

  append(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.keep);
  }

  /** The last few lines, joined on one line ('' when nothing was written). */
  lastLines(count = 3): string {
    return this.text.trim().split('\n').slice(-count).join(' | ');
  }

  /** "killed by SIGKILL", or "exited with code 3: <last stderr lines>". */
  describeExit(code: number | null, signal?: NodeJS.Signals | null): string {
    if (signal) return `killed by ${signal}`;
    const last = this.lastLines();
    return `exited with code ${String(code)}${last ? `: ${last}` : ''}`;
  }
}

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
    const stderr = new StderrTail();
    child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk));
    return {
      send: (message: M) => {
        if (child.connected) child.send(message as Serializable);
      },
      kill: () => child.kill('SIGKILL'),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        let reported = false;
        const report = (code: number | null, signal: NodeJS.Signals | null): void => {
          if (reported) return;
          reported = true;
          listener(code, stderr.describeExit(code, signal), signal);
        };
        // 'close' comes once stderr has been read to its end, so the tail holds the process's last words; a
        // grandchild still holding the pipe would delay it forever, so after 'exit' it gets a moment, no more.
        child.once('close', report);
        child.once('exit', (code, signal) => setTimeout(() => report(code, signal), 250));
      },
    };
  };
}
