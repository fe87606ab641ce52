import type { WorkerMessage } from '../shared/contract/trainer-protocol';

/** The link to the supervisor: Electron's utilityProcess gives `process.parentPort`, Node's fork gives IPC. */
export interface ParentChannel<M = WorkerMessage> {
  send(message: M): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentChannel<M = WorkerMessage>(): ParentChannel<M> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      send: (message) => {
        // With a callback a failed write (the parent died: EPIPE) is reported there instead of thrown as an
        // uncaught error that would end the process before it can stop cleanly.
        if (process.connected) send(message, undefined, undefined, () => undefined);
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The trainer runs under a supervisor (the app, `wakeword train` or `wakeword serve`); it cannot be started on its own.');
}
