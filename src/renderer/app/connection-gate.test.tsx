import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionSource, ConnectionState } from '../transport/ws-api';
import { ConnectionGate } from './connection-gate';

function fakeSource() {
  let state: ConnectionState = { status: 'connecting', failures: 0, retryInMs: null, openings: 0 };
  const listeners = new Set<(state: ConnectionState) => void>();
  const source: ConnectionSource & { set(next: Partial<ConnectionState>): void } = {
    connection: () => state,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnectNow: vi.fn(),
    set(next) {
      state = { ...state, ...next };
      act(() => {
        for (const listener of listeners) listener(state);
      });
    },
  };
  return source;
}

/** Stands in for a panel: counts how often it mounted, i.e. fetched its state. */
function Panel({ onMount }: { readonly onMount: () => void }) {
  useEffect(onMount, [onMount]);
  return <p>panel</p>;
}

describe('ConnectionGate', () => {
  it('shows a banner while the link is lost, hides it when it is back, and remounts the panels so they fetch again', async () => {
    const user = userEvent.setup();
    const source = fakeSource();
    const mounts = vi.fn();
    render(
      <ConnectionGate source={source}>
        <Panel onMount={mounts} />
      </ConnectionGate>,
    );
    source.set({ status: 'open', openings: 1 });
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    expect(mounts).toHaveBeenCalledTimes(1);

    source.set({ status: 'lost', failures: 1, retryInMs: 2000 });
    const banner = screen.getByRole('alert');
    expect(banner).toHaveTextContent('Connection to the Wakeword Studio server lost. Trying again in 2 s (attempt 1)');
    expect(banner).not.toHaveTextContent('new access token');
    await user.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(source.reconnectNow).toHaveBeenCalledTimes(1);

    source.set({ failures: 3, retryInMs: 5000 });
    expect(screen.getByRole('alert')).toHaveTextContent('If you restarted it, open the new URL it printed');

    source.set({ status: 'open', failures: 0, retryInMs: null, openings: 2 });
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    expect(mounts).toHaveBeenCalledTimes(2);
    expect(screen.getByText('panel')).toBeInTheDocument();
  });

  it('says the server cannot be reached when the first connection never opened', () => {
    const source = fakeSource();
    render(
      <ConnectionGate source={source}>
        <p>panel</p>
      </ConnectionGate>,
    );
    source.set({ status: 'lost', failures: 1, retryInMs: 500 });
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot reach the Wakeword Studio server. Trying again in a moment (attempt 1)');
  });

  it('renders the app alone on the desktop, where there is no socket to lose', () => {
    render(
      <ConnectionGate source={null}>
        <p>panel</p>
      </ConnectionGate>,
    );
    expect(screen.getByText('panel')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
