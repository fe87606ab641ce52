import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentConfig, SavedConfigSummary } from '../../shared/contract/config-contract';
import { DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { parsePreset, type Preset } from '../../shared/config/presets';
import { checkConfig } from '../../shared/config/validate';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import { ApiProvider } from '../app/api-context';
import { createFakeApi } from '../test-support/fake-api';
import { ConfigurationPanel } from './configuration-panel';
import { controlsView } from '../../shared/core/training-view/controls';
import { useTrainingContext } from '../training/use-training-context';

type Json = Record<string, unknown>;

function preset(name: string, value: unknown, builtIn = true): Preset {
  const parsed = parsePreset(name, value, builtIn);
  if (!('preset' in parsed)) throw new Error(parsed.error);
  return parsed.preset;
}

/** A fake main process keeping the current config the way the real service does (validated on every read). */
function createConfigMain(initial: { config?: Json; saved?: Record<string, Json>; userPresets?: Record<string, Json>; preset?: string | null; name?: string | null } = {}) {
  const edge = {
    ...DSCNN_DEFAULT_CONFIG,
    description: 'small',
    features: { ...DSCNN_DEFAULT_CONFIG.features, n_fft: 640, win_length: 640, hop_length: 320 },
    model: { ...DSCNN_DEFAULT_CONFIG.model, dscnn: { channels: 32, blocks: 4 } },
  };
  const presets = [
    preset('default', { ...DSCNN_DEFAULT_CONFIG, description: 'balanced' }),
    preset('edge', edge),
    ...Object.entries(initial.userPresets ?? {}).map(([name, value]) => preset(name, value, false)),
  ];
  const state = {
    preset: initial.preset === undefined ? ('default' as string | null) : initial.preset,
    name: initial.name ?? null,
    config: initial.config ?? ({ ...DSCNN_DEFAULT_CONFIG } as Json),
  };
  const saved = new Map<string, Json>(Object.entries(initial.saved ?? {}));
  const current = (): CurrentConfig => ({
    workspace: '/ws',
    preset: state.preset,
    name: state.name,
    config: state.config,
    validation: checkConfig(state.config),
    trainClips: 2000,
    storeWarnings: [],
  });
  const fake = createFakeApi({
    'settings:get': () => ({ ...DEFAULT_SETTINGS, workspace: '/ws' }),
    'config:presets': () => [...presets],
    // Like the service: only user presets can go, and the answer is the presets left.
    'config:preset-delete': (args) => {
      const { name } = args as { name: string };
      const index = presets.findIndex((candidate) => candidate.name === name && !candidate.builtIn);
      if (index < 0) throw new Error(`no user preset named ${name}`);
      presets.splice(index, 1);
      return [...presets];
    },
    'config:current-get': current,
    'config:current-set': (args) => {
      Object.assign(state, args as typeof state);
      const next = current();
      fake.emit('config:current-changed', next);
      return next;
    },
    'config:validate': (args) => checkConfig((args as { config: Json }).config),
    'config:list': (): SavedConfigSummary[] =>
      [...saved.keys()].map((name) => ({ name, path: `/ws/configs/${name}.json`, modified: 0, description: null, problem: null })),
    'config:save': (args) => {
      const { name, config } = args as { name: string; config: Json };
      const result = checkConfig(config);
      if (!result.config) throw new Error('invalid');
      saved.set(name, config);
      return { name, path: `/ws/configs/${name}.json`, config: result.config };
    },
    'config:load': (args) => {
      const { name } = args as { name: string };
      const result = checkConfig(saved.get(name));
      if (!result.config) throw new Error(`configs/${name}.json: invalid`);
      return { name, path: `/ws/configs/${name}.json`, config: result.config, migratedFrom: result.migratedFrom ?? null, warnings: [] };
    },
  });
  return { ...fake, state, saved, presets };
}

/** The Training panel's own Start logic (its context hook and controls view): enabled only for a valid current config. */
function StartButton() {
  const context = useTrainingContext();
  const view = controlsView({ state: 'idle', workspace: context.workspace, configErrors: context.configErrors, busy: false });
  return (
    <button type="button" disabled={!view.canStart}>
      Start training
    </button>
  );
}

function renderPanel(main = createConfigMain()) {
  const view = render(
    <ApiProvider api={main.api}>
      <ConfigurationPanel />
      <StartButton />
    </ApiProvider>,
  );
  return { main, view };
}

/** Replaces a field's text in one input event: typing key by key re-renders the whole form each time. */
async function retype(user: ReturnType<typeof userEvent.setup>, label: string, value: string): Promise<void> {
  await user.clear(screen.getByLabelText(label));
  await user.paste(value);
}

const field = (path: string): HTMLElement => document.querySelector(`[data-path="${path}"]`) as HTMLElement;

// Generous limits: these type into many fields, and CI machines are shared.
describe('Configuration panel', { timeout: 20_000 }, () => {
  it('shows the grouped form for the current config with its estimates', async () => {
    renderPanel();
    expect(await screen.findByTestId('estimate-params')).toHaveTextContent('23,682');
    for (const group of ['Basic', 'Augmentation', 'Model', 'Optimizer', 'Loss', 'Advanced']) {
      expect(screen.getByRole('group', { name: group })).toBeInTheDocument();
    }
    expect(screen.getByLabelText('Preset')).toHaveValue('default');
    expect(screen.getByLabelText('Epochs')).toHaveValue('30');
    expect(screen.getByTestId('estimate-time')).toHaveTextContent('for 2,000 training clips');
    expect(screen.getByTestId('diff-empty')).toBeInTheDocument();
  });

  it('updates the estimate when a field changes', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel();
    await screen.findByTestId('estimate-params');
    const params = (): HTMLElement => screen.getByTestId('estimate-params');
    await user.selectOptions(screen.getByLabelText('Architecture'), 'res8');
    expect(params()).toHaveTextContent('110,387');
    expect(screen.getByLabelText('Res8 feature maps')).toHaveValue('45');
    await user.clear(screen.getByLabelText('Res8 feature maps'));
    await user.type(screen.getByLabelText('Res8 feature maps'), '20');
    expect(params()).toHaveTextContent((9 * 20 + 6 * 9 * 20 * 20 + 42 + 6 * 40).toLocaleString('en-US'));
    const memory = screen.getByTestId('estimate-memory').textContent;
    await user.clear(screen.getByLabelText(/^Batch size/));
    await user.type(screen.getByLabelText(/^Batch size/), '256');
    expect(screen.getByTestId('estimate-memory').textContent).not.toBe(memory);
  });

  it('shows the openWakeWord head options for oww_dnn and oww_rnn, and the LSTM head\'s size', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel();
    await screen.findByTestId('estimate-params');
    expect(screen.queryByLabelText('oww layers (dense or LSTM)')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Architecture'), 'oww_rnn');
    expect(screen.getByLabelText('oww layers (dense or LSTM)')).toHaveValue('2');
    expect(screen.queryByLabelText('DS-CNN blocks')).toBeNull();
    // The log-mel default normalises features; openWakeWord's embeddings are used as they come.
    expect(within(field('features.cmvn')).getByText(/must be false for oww_rnn/)).toBeInTheDocument();
    await user.click(screen.getByLabelText('Mean/variance normalisation (CMVN)'));
    // 2 bidirectional LSTMs of 128 units per direction over 96-d embeddings, then the 2-class classifier.
    expect(await screen.findByTestId('estimate-params')).toHaveTextContent((8 * (96 * 128 + 128 * 128 + 128) + 8 * (256 * 128 + 128 * 128 + 128) + 4 * 128 + 2).toLocaleString('en-US'));
    await user.selectOptions(screen.getByLabelText('Architecture'), 'oww_dnn');
    expect(screen.getByLabelText(/^oww layer width \(per LSTM direction\)/)).toHaveValue('128');
  });

  it('renders the speaker and room augmentations and checks their ranges', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel();
    await screen.findByTestId('estimate-params');
    const augmentation = screen.getByRole('group', { name: 'Augmentation' });
    for (const label of ['Vocal-tract length (formant warp) probability', 'Tempo (same pitch) max (×)', 'Low-pass cut-off min (Hz)', 'Telephone band probability', 'Room RT60 max (s)']) {
      expect(within(augmentation).getByLabelText(label)).toBeInTheDocument();
    }
    expect(within(augmentation).getByLabelText('Generate rooms when rirs/ is empty')).toBeInTheDocument();
    await retype(user, 'Vocal-tract length (formant warp) max (×)', '2');
    expect(within(field('augmentation.vtlp.max')).getByText('must be a number from 0.7 to 1.4 (got 2)')).toBeInTheDocument();
  });

  it('shows an invalid value\'s error next to the field and disables Start training', async () => {
    const user = userEvent.setup({ delay: null });
    const { main } = renderPanel();
    await screen.findByTestId('estimate-params');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start training' })).toBeEnabled(), { timeout: 5000 });

    const epochs = screen.getByLabelText('Epochs');
    await user.clear(epochs);
    await user.type(epochs, '0');
    expect(within(field('training.epochs')).getByText('must be a whole number from 1 to 1000 (got 0)')).toBeInTheDocument();
    expect(epochs).toHaveAttribute('aria-invalid', 'true');
    expect(epochs).toHaveAccessibleDescription(expect.stringContaining('must be a whole number from 1 to 1000 (got 0)'));
    expect(screen.getByTestId('config-validity')).toHaveTextContent('1 error to fix before training can start.');
    expect(screen.getByText('Fix the errors in the form to see estimates.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save config' })).toBeDisabled();

    await waitFor(() => expect(screen.getByRole('button', { name: 'Start training' })).toBeDisabled(), { timeout: 5000 });
    expect((main.state.config.training as { epochs: unknown }).epochs).toBe(0);

    await user.type(epochs, '5');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start training' })).toBeEnabled(), { timeout: 5000 });
    // Warnings never block: patience 8 with 5 epochs only warns.
    expect(screen.getByTestId('config-validity')).toHaveTextContent('Ready to train (1 warning).');
    expect(within(field('training.early_stopping.patience')).getByText('is not below training.epochs (5), so early stopping can never trigger')).toBeInTheDocument();
  });

  it('shows cross-field errors at their section', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel();
    await screen.findByTestId('estimate-params');
    await user.clear(screen.getByLabelText('Test share'));
    await user.type(screen.getByLabelText('Test share'), '0.3');
    expect(within(screen.getByRole('group', { name: 'Split' })).getByText('split: split.train + split.validation + split.test must add up to 1 (got 1.2)')).toBeInTheDocument();
  });

  it('diffs against the preset and resets to it', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel();
    await screen.findByTestId('estimate-params');
    await user.selectOptions(screen.getByLabelText('Optimizer'), 'sgd');
    const diff = screen.getByRole('table', { name: 'Fields that differ from the preset' });
    expect(within(diff).getByRole('rowheader', { name: 'optimizer.type' })).toBeInTheDocument();
    expect(within(diff).getByText('"sgd"')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset to preset' }));
    expect(screen.getByLabelText('Optimizer')).toHaveValue('adam');
    expect(screen.getByTestId('diff-empty')).toBeInTheDocument();
  });

  it('switches preset from the picker', async () => {
    const user = userEvent.setup({ delay: null });
    const { main } = renderPanel();
    await screen.findByTestId('estimate-params');
    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    // No edits to lose, so nothing to confirm.
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('estimate-params')).toHaveTextContent('7,746');
    expect(screen.getByLabelText(/^Hop length/)).toHaveValue('320');
    await waitFor(() => expect(main.state.preset).toBe('edge'), { timeout: 5000 });
  });

  it('keeps edits in main so a reload shows them', async () => {
    const user = userEvent.setup({ delay: null });
    const { main, view } = renderPanel();
    await screen.findByTestId('estimate-params');
    await user.clear(screen.getByLabelText('Epochs'));
    await user.type(screen.getByLabelText('Epochs'), '12');
    // Unmounting flushes the pending save at once (switching panels must not lose the last edit).
    view.unmount();
    expect((main.state.config.training as { epochs: unknown }).epochs).toBe(12);
    renderPanel(main);
    await screen.findByTestId('estimate-params');
    expect(screen.getByLabelText('Epochs')).toHaveValue('12');
  });

  it('validates in main, saves under a name and loads a saved config', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = { old: { ...DSCNN_DEFAULT_CONFIG, version: 1, data: { sample_rate: 16000, clip_ms: 1500 }, split: { train: 80, validation: 10, test: 10 } } };
    const { main } = renderPanel(createConfigMain({ saved }));
    await screen.findByTestId('estimate-params');

    await user.click(screen.getByRole('button', { name: 'Validate' }));
    expect(await screen.findByTestId('config-status')).toHaveTextContent('Valid.');

    await user.type(screen.getByLabelText('Config name'), 'kitchen');
    await user.click(screen.getByRole('button', { name: 'Save config' }));
    expect(await screen.findByText('Saved to /ws/configs/kitchen.json.')).toBeInTheDocument();
    expect(main.saved.has('kitchen')).toBe(true);

    await waitFor(() => expect(within(screen.getByLabelText('Saved configs')).getByRole('option', { name: 'old' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Saved configs'), 'old');
    await user.click(screen.getByRole('button', { name: 'Load' }));
    expect(await screen.findByText('Loaded old (upgraded from version 1).')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Clip duration/)).toHaveValue('1.5');
  });

  it('asks before a preset switch discards edits, and keeps them on Cancel', async () => {
    const user = userEvent.setup({ delay: null });
    const { main } = renderPanel();
    await screen.findByTestId('estimate-params');
    await retype(user, 'Epochs', '12');

    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    const prompt = screen.getByRole('alertdialog', { name: 'Switch to preset edge and discard your edits?' });
    expect(prompt).toHaveAccessibleDescription('1 field differs from preset default and is not saved.');
    expect(within(prompt).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    // Nothing switched while the question is open.
    expect(screen.getByLabelText('Preset')).toHaveValue('default');
    expect(screen.getByLabelText('Epochs')).toHaveValue('12');

    await user.click(within(prompt).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('Epochs')).toHaveValue('12');
    await waitFor(() => expect((main.state.config.training as { epochs: unknown }).epochs).toBe(12), { timeout: 5000 });
    expect(main.state.preset).toBe('default');

    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Discard edits' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('Preset')).toHaveValue('edge');
    expect(screen.getByLabelText('Epochs')).toHaveValue('30');
    expect(screen.getByTestId('estimate-params')).toHaveTextContent('7,746');
    await waitFor(() => expect(main.state.preset).toBe('edge'), { timeout: 5000 });
  });

  it('asks before loading a saved config over edits, and not when there are none', async () => {
    const user = userEvent.setup({ delay: null });
    const kitchen = { ...DSCNN_DEFAULT_CONFIG, training: { ...DSCNN_DEFAULT_CONFIG.training, epochs: 40 } };
    const { main } = renderPanel(createConfigMain({ saved: { kitchen } }));
    await screen.findByTestId('estimate-params');
    await retype(user, 'Epochs', '12');
    await waitFor(() => expect(within(screen.getByLabelText('Saved configs')).getByRole('option', { name: 'kitchen' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Saved configs'), 'kitchen');

    await user.click(screen.getByRole('button', { name: 'Load' }));
    expect(screen.getByRole('alertdialog', { name: 'Load kitchen and discard your edits?' })).toBeInTheDocument();
    expect(main.invoke).not.toHaveBeenCalledWith('config:load', expect.anything());
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('Epochs')).toHaveValue('12');
    expect(main.invoke).not.toHaveBeenCalledWith('config:load', expect.anything());

    await user.click(screen.getByRole('button', { name: 'Load' }));
    await user.click(screen.getByRole('button', { name: 'Discard edits' }));
    expect(await screen.findByText('Loaded kitchen.')).toBeInTheDocument();
    expect(screen.getByLabelText('Epochs')).toHaveValue('40');

    // Unchanged since loading (though it differs from the preset): switching asks nothing.
    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('Preset')).toHaveValue('edge');
  });

  it('compares a reloaded draft with the saved config it came from', async () => {
    const user = userEvent.setup({ delay: null });
    const kitchen = { ...DSCNN_DEFAULT_CONFIG, training: { ...DSCNN_DEFAULT_CONFIG.training, epochs: 40 } };
    renderPanel(createConfigMain({ saved: { kitchen }, name: 'kitchen', config: { ...kitchen } }));
    await screen.findByTestId('estimate-params');
    await waitFor(() => expect(screen.getByLabelText('Config name')).toHaveValue('kitchen'));
    await retype(user, 'Epochs', '41');
    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    // One edit against kitchen (epochs), not the preset's view of it.
    expect(screen.getByRole('alertdialog', { name: 'Switch to preset edge and discard your edits?' })).toHaveAccessibleDescription(
      '1 field differs from saved config kitchen and is not saved.',
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await retype(user, 'Epochs', '40');
    await user.selectOptions(screen.getByLabelText('Preset'), 'edge');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('Preset')).toHaveValue('edge');
  });

  it('deletes a user preset after confirming; built-in presets offer no delete', async () => {
    const user = userEvent.setup({ delay: null });
    const mine = { ...DSCNN_DEFAULT_CONFIG, description: 'my kitchen', training: { ...DSCNN_DEFAULT_CONFIG.training, epochs: 40 } };
    const { main } = renderPanel(createConfigMain({ userPresets: { mine }, preset: 'mine', config: { ...mine } }));
    await screen.findByTestId('estimate-params');
    const own = screen.getByRole('region', { name: 'Your presets' });
    expect(within(own).getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual(['Delete preset mine']);
    expect(screen.queryByRole('button', { name: 'Delete preset default' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete preset edge' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete preset mine' }));
    const prompt = screen.getByRole('alertdialog', { name: 'Delete preset mine?' });
    await user.click(within(prompt).getByRole('button', { name: 'Cancel' }));
    expect(main.invoke).not.toHaveBeenCalledWith('config:preset-delete', expect.anything());
    expect(within(screen.getByLabelText('Preset')).getByRole('option', { name: 'mine (yours)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete preset mine' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete preset' }));
    expect(await screen.findByText('Deleted preset mine.')).toBeInTheDocument();
    expect(main.invoke).toHaveBeenCalledWith('config:preset-delete', { name: 'mine' });
    expect(main.presets.map((p) => p.name)).toEqual(['default', 'edge']);
    expect(within(screen.getByLabelText('Preset')).queryByRole('option', { name: 'mine (yours)' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Your presets' })).toBeNull();
    // The draft keeps its values, no longer tied to a preset.
    expect(screen.getByLabelText('Preset')).toHaveValue('');
    expect(screen.getByLabelText('Epochs')).toHaveValue('40');
    await waitFor(() => expect(main.state.preset).toBeNull(), { timeout: 5000 });
  });

  it('shows main refusing to delete a preset', async () => {
    const user = userEvent.setup({ delay: null });
    const mine = { ...DSCNN_DEFAULT_CONFIG, description: 'my kitchen' };
    const { main } = renderPanel(createConfigMain({ userPresets: { mine } }));
    await screen.findByTestId('estimate-params');
    // Deleted meanwhile elsewhere (another window, a hand-edited store): main no longer has it.
    main.presets.pop();
    await user.click(screen.getByRole('button', { name: 'Delete preset mine' }));
    await user.click(screen.getByRole('button', { name: 'Delete preset' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not delete preset mine: no user preset named mine');
    expect(screen.getByRole('button', { name: 'Delete preset mine' })).toBeInTheDocument();
  });

  it('reports a failed request instead of crashing', async () => {
    const user = userEvent.setup({ delay: null });
    const main = createConfigMain();
    renderPanel(main);
    await screen.findByTestId('estimate-params');
    await user.type(screen.getByLabelText('Config name'), 'x');
    main.invoke.mockRejectedValueOnce(new Error('no workspace is open'));
    await act(async () => {
      await user.click(screen.getByRole('button', { name: 'Save config' }));
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('no workspace is open');
    expect(alert.textContent).not.toContain('config:save');
    await user.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('ConfigurationPanel split note', () => {
  it("says training uses the dataset's last split, and when these shares differ from it", async () => {
    const user = userEvent.setup();
    const main = createConfigMain();
    const lastSplit = { createdAt: '2025-01-01T00:00:00.000Z', seed: 42, ratios: [0.7, 0.15, 0.15] as const, groupBy: 'none' as const, counts: { train: { files: 70 }, val: { files: 15 }, test: { files: 15 } }, background: 0, rirs: 0, skipped: 0 };
    const overview = vi.fn(() => ({ workspace: null, scan: null, split: lastSplit }));
    const api = { ...main.api, invoke: ((name: string, args?: unknown) => (name === 'dataset:overview' ? Promise.resolve(overview()) : main.api.invoke(name as never, args as never))) as typeof main.api.invoke };
    render(
      <ApiProvider api={api}>
        <ConfigurationPanel />
      </ApiProvider>,
    );
    const note = await screen.findByTestId('split-source');
    await waitFor(() => expect(note).toHaveTextContent("Training uses the dataset’s last split (0.7 / 0.15 / 0.15, made in the Dataset panel). These shares differ from it: split again in the Dataset panel to apply them."));
    for (const [label, value] of [['Train share', '0.7'], ['Validation share', '0.15'], ['Test share', '0.15']] as const) {
      const field = screen.getByLabelText(label);
      await user.clear(field);
      await user.type(field, value);
    }
    await waitFor(() => expect(screen.getByTestId('split-source')).toHaveTextContent('It matches these shares.'));
  });
});
