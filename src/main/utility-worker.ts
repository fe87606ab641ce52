/** The desktop app runs the trainer in an Electron utilityProcess (its own V8, no Node integration in the UI). */
import path from 'node:path';
import { utilityProcess } from 'electron';
import type { SupervisorMessage } from '../shared/contract/trainer-protocol';
import { StderrTail, type WorkerHandle, type WorkerLauncher } from '../node/training/worker-handle';

export function utilityWorkerLauncher<M = SupervisorMessage>(entry = path.join(__dirname, 'worker.js'), serviceName = 'Wakeword Studio trainer'): WorkerLauncher<M> {
  return (): WorkerHandle<M> => {
    const child = utilityProcess.fork(entry, [], { serviceName, stdio: ['ignore', 'inherit', 'pipe'] });
    const stderr = new StderrTail();
    child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk));
    return {
      send: (message) => child.postMessage(message),
      kill: () => void child.kill(),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code) => listener(code, stderr.describeExit(code))),
    };
  };
}
