import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, FAKE_APP_INFO } from '../test-support/fake-api';
import { BestModelCard } from './best-model-card';

const best = { epoch: 7, valLoss: 0.12, valAcc: 0.97, recallAtTarget: 0.95, threshold: 0.62, fah: 0.5, path: '/ws/runs/r1/best' };

describe('BestModelCard', () => {
  it('offers "Open folder" where the host can open folders, and asks main to open the best model folder', async () => {
    const user = userEvent.setup();
    const fake = createFakeApi({ 'app:info': () => ({ ...FAKE_APP_INFO, canOpenFolders: true }), 'app:open-folder': () => ({ opened: true }) });
    render(
      <ApiProvider api={fake.api}>
        <BestModelCard best={best} />
      </ApiProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Open folder' }));
    expect(fake.invoke).toHaveBeenCalledWith('app:open-folder', { path: '/ws/runs/r1/best' });
  });

  it('shows the reason when the folder cannot be opened, and hides the button in a browser', async () => {
    const user = userEvent.setup();
    const fake = createFakeApi({ 'app:info': () => ({ ...FAKE_APP_INFO, canOpenFolders: true }), 'app:open-folder': () => ({ opened: false, reason: '/ws/runs/r1/best is not a folder (any more).' }) });
    const { unmount } = render(
      <ApiProvider api={fake.api}>
        <BestModelCard best={best} />
      </ApiProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Open folder' }));
    expect(await screen.findByRole('status')).toHaveTextContent('is not a folder (any more)');
    unmount();

    const browser = createFakeApi();
    render(
      <ApiProvider api={browser.api}>
        <BestModelCard best={best} />
      </ApiProvider>,
    );
    await waitFor(() => expect(browser.invoke).toHaveBeenCalledWith('app:info'));
    expect(screen.queryByRole('button', { name: 'Open folder' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
  });
});
