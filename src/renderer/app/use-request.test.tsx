import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/api';
import { ErrorNotice } from './error-notice';
import { useRequest, type RequestState } from './use-request';

/** A request the test settles by hand, one promise per call. */
function deferredRequests() {
  const calls: { readonly arg: string; resolve: (value: string) => void; reject: (error: unknown) => void }[] = [];
  const request = (arg: string): Promise<string> =>
    new Promise((resolve, reject) => {
      calls.push({ arg, resolve, reject });
    });
  return { calls, request };
}

function Probe({ request, expose }: { readonly request: (arg: string) => Promise<string>; readonly expose: (state: RequestState<[string], string>) => void }) {
  const state = useRequest(request);
  expose(state);
  return (
    <div>
      <span data-testid="running">{String(state.running)}</span>
      <span data-testid="result">{state.result ?? 'none'}</span>
      <ErrorNotice text={state.error} onDismiss={state.dismissError} />
    </div>
  );
}

function setup() {
  const { calls, request } = deferredRequests();
  let latest: RequestState<[string], string> | null = null;
  const view = render(<Probe request={request} expose={(state) => (latest = state)} />);
  const state = (): RequestState<[string], string> => {
    if (!latest) throw new Error('not rendered');
    return latest;
  };
  return { calls, state, view };
}

describe('useRequest', () => {
  it('is running until the answer comes, then holds the result', async () => {
    const { calls, state } = setup();
    let done: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      done = state().run('a');
    });
    expect(screen.getByTestId('running')).toHaveTextContent('true');
    await act(async () => calls[0]?.resolve('A'));
    expect(await done).toBe('A');
    expect(screen.getByTestId('running')).toHaveTextContent('false');
    expect(screen.getByTestId('result')).toHaveTextContent('A');
  });

  it('shows a failure in words without the request name, dismissible, and clears it on the next run', async () => {
    const user = userEvent.setup();
    const { calls, state } = setup();
    act(() => void state().run('a'));
    await act(async () => calls[0]?.reject(new ApiError({ code: 'failed', message: 'Could not open /x: the folder does not exist', request: 'workspace:open' })));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Could not open /x: the folder does not exist');
    expect(alert.textContent).not.toContain('workspace:open');
    await user.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    act(() => void state().run('b'));
    await act(async () => calls[1]?.reject('plain string'));
    expect(screen.getByRole('alert')).toHaveTextContent('plain string');
    act(() => void state().run('c'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('lets only the latest run set state: a slow first answer does not overwrite a later one', async () => {
    const { calls, state } = setup();
    let first: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      first = state().run('slow');
    });
    act(() => void state().run('fast'));
    await act(async () => calls[1]?.resolve('FAST'));
    await act(async () => calls[0]?.resolve('SLOW'));
    expect(await first).toBeUndefined();
    expect(screen.getByTestId('result')).toHaveTextContent('FAST');
  });

  it('drops an answer that arrives after the component unmounted', async () => {
    const { calls, state, view } = setup();
    let pending: Promise<string | undefined> = Promise.resolve('unset');
    let failing: Promise<string | undefined> = Promise.resolve('unset');
    act(() => {
      pending = state().run('a');
    });
    act(() => {
      failing = state().run('b');
    });
    view.unmount();
    calls[1]?.resolve('B');
    calls[0]?.reject(new Error('late'));
    // The guard is observable in what run resolves to: nothing, because no state may be set any more.
    expect(await failing).toBeUndefined();
    expect(await pending).toBeUndefined();
  });
});
