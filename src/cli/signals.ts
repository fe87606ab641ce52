/**
 * The CLI's own handling of SIGINT and SIGTERM while a command runs. `when-exit` (pulled in by conf ->
 * atomically) listens for both and re-raises the signal after its clean-up, so with it in place one Ctrl-C
 * reached the CLI twice and aborted training. While `handler` owns the signals, other listeners are set
 * aside; the returned function puts them back.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export type OwnedSignal = (typeof SIGNALS)[number];

export function ownSignals(handler: (signal: OwnedSignal) => void): () => void {
  const saved = SIGNALS.map((signal) => {
    const others = process.listeners(signal);
    process.removeAllListeners(signal);
    const listener = (): void => handler(signal);
    process.on(signal, listener);
    return { signal, others, listener };
  });
  return () => {
    for (const { signal, others, listener } of saved) {
      process.off(signal, listener);
      for (const other of others) process.on(signal, other);
    }
  };
}
