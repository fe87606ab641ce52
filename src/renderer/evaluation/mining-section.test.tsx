import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { panelSetup } from '../test-support/panel-harness';
import { MiningSection } from './mining-section';

const setup = panelSetup(() => <MiningSection runId="run-b" />, {});

describe('MiningSection errors', () => {
  it('says in words why detection failed, never "detection:run failed", and the message can be dismissed', async () => {
    const user = userEvent.setup();
    setup({
      'detection:run': () => {
        throw new Error('/rec/missing.wav: the file does not exist');
      },
    });
    await user.type(screen.getByRole('textbox', { name: /Recording/ }), '/rec/missing.wav');
    await user.click(screen.getByRole('button', { name: 'Find false accepts' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('/rec/missing.wav: the file does not exist');
    expect(alert.textContent).not.toMatch(/detection:run|failed/);
    expect(screen.getByRole('button', { name: 'Find false accepts' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
