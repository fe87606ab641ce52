/**
 * The CLI's own handling of SIGINT and SIGTERM while a command runs. `when-exit` (pulled in by conf ->
 * atomically) listens for both and re-raises the signal after its clean-up, so with it in place one Ctrl-C
 * reached the CLI twice and aborted training. While `handler` owns the signals, other listeners are set
 * aside; the returned function puts them back.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export type OwnedSignal = (typeof SIGNALS)[number];

export interface OwnedSignals {
  /** Gives the signals back, with the listeners that were set aside. */
  (): void;
  /**
   * Sets aside listeners added since (when-exit hooks the signals when conf first loads, and re-raises each one).
   * Ours stays attached throughout: dropping to no listener closes Node's signal watcher, losing a signal already
   * on its way.
   */
  reclaim(): void;
}

export function ownSignals(handler: (signal: OwnedSignal) => void): OwnedSignals {
  const saved = SIGNALS.map((signal) => {
    const others = process.listeners(signal);
    process.removeAllListeners(signal);
    const listener = (): void => handler(signal);
    process.on(signal, listener);
    return { signal, others, listener };
  });
  const restore = (): void => {
    for (const { signal, others, listener } of saved) {
      process.off(signal, listener);
      for (const other of others) process.on(signal, other);
    }
  };
  const reclaim = (): void => {
    for (const { signal, others, listener } of saved) {
      for (const later of process.listeners(signal).filter((l) => l !== listener)) {
        process.off(signal, later);
        others.push(later);
      }
    }
  };
  return Object.assign(restore, { reclaim });
}
