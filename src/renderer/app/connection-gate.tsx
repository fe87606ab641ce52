import { Fragment, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionSource, ConnectionState } from '../transport/ws-api';

/** After this many failed attempts the server has probably been restarted, which gives it a new access token. */
const RESTART_HINT_AFTER = 3;

function seconds(ms: number): string {
  return ms < 1000 ? 'a moment' : `${String(Math.round(ms / 1000))} s`;
}

/** What the banner says while the link to `wakeword serve` is down; nothing while it is up. */
export function ConnectionBanner({ state, onRetry }: { readonly state: ConnectionState; readonly onRetry: () => void }) {
  if (state.status !== 'lost') return null;
  const neverConnected = state.openings === 0;
  return (
    <div role="alert" className="banner banner--connection" data-testid="connection-banner">
      <strong>{neverConnected ? 'Cannot reach the Wakeword Studio server.' : 'Connection to the Wakeword Studio server lost.'}</strong>{' '}
      Trying again in {seconds(state.retryInMs ?? 0)} (attempt {state.failures}); training and other jobs on the server carry on meanwhile.{' '}
      <button type="button" onClick={onRetry}>
        Retry now
      </button>
      {state.failures >= RESTART_HINT_AFTER && (
        <p className="banner__detail">
          Is <code>wakeword serve</code> still running? If you restarted it, open the new URL it printed: it carries a new access token.
        </p>
      )}
    </div>
  );
}

/**
 * Shows the connection banner over the app and, when the link comes back, mounts the app afresh: every panel
 * then fetches its state again, so nothing missed while disconnected (a finished run, new files) stays stale.
 * Event subscriptions need nothing: they live in the transport, which keeps them across sockets.
 */
export function ConnectionGate({ source, children }: { readonly source: ConnectionSource | null; readonly children: ReactNode }) {
  const subscribe = useCallback((notify: () => void) => (source ? source.onConnectionChange(notify) : () => undefined), [source]);
  const state = useSyncExternalStore(subscribe, () => source?.connection() ?? null);
  if (!source || !state) return <>{children}</>;
  return (
    <>
      <ConnectionBanner state={state} onRetry={() => source.reconnectNow()} />
      <Fragment key={Math.max(0, state.openings - 1)}>{children}</Fragment>
    </>
  );
}
