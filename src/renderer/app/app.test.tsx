import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiProvider } from './api-context';
import { App } from './app';
import { createFakeApi, FAKE_APP_INFO } from '../test-support/fake-api';

function renderApp(fake = createFakeApi()) {
  render(
    <ApiProvider api={fake.api}>
      <App />
    </ApiProvider>,
  );
  return fake;
}

describe('App shell', () => {
  it('shows the five panels as ARIA tabs with their exact names', () => {
    renderApp();
    const tablist = screen.getByRole('tablist', { name: 'Panels' });
    const names = within(tablist)
      .getAllByRole('tab')
      .map((tab) => tab.textContent);
    expect(names).toEqual(['Dataset', 'Configuration', 'Training', 'Evaluation', 'Export']);
    expect(screen.getByRole('tab', { name: 'Dataset' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Dataset' })).toBeInTheDocument();
  });

  it('switches panels by click and by arrow keys', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    expect(screen.getByRole('tabpanel', { name: 'Training' })).toBeInTheDocument();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Evaluation' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Evaluation' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Export' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Dataset' })).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the backend and GPU from app:info in the status bar', async () => {
    const fake = renderApp();
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    await waitFor(() => expect(within(status).getByTestId('status-backend')).toHaveTextContent('Backend: wasm'));
    expect(within(status).getByTestId('status-backend')).toHaveAttribute('title', FAKE_APP_INFO.selectedBackend.reason);
    expect(within(status).getByTestId('status-gpu')).toHaveTextContent('GPU: none');
    expect(fake.invoke).toHaveBeenCalledWith('app:info');
  });

  it('shows start-up warnings from the services', async () => {
    renderApp(createFakeApi({ 'app:info': () => ({ ...FAKE_APP_INFO, warnings: ['Settings file was unreadable; moved aside.'] }) }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Settings file was unreadable');
  });

  it('says so when the services cannot be reached', async () => {
    renderApp(
      createFakeApi({
        'app:info': () => {
          throw new Error('Lost the connection');
        },
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the Wakeword Studio services: Lost the connection');
  });

  it('persists the backend choice through settings:set', async () => {
    const user = userEvent.setup();
    const fake = renderApp();
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    const select = await screen.findByRole('combobox', { name: 'Backend' });
    await waitFor(() => expect(select).toBeEnabled());
    await user.selectOptions(select, 'cpu');
    expect(fake.invoke).toHaveBeenCalledWith('settings:set', { backend: 'cpu' });
    expect(screen.getByRole('table')).toHaveTextContent('@tensorflow/tfjs-node-gpu is not installed');
  });
});
