import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import { fahEstimate, fahVerdict } from '../../shared/core/fah';
import { IDLE_STATUS } from '../../shared/training-status';
import { ApiProvider } from '../app/api-context';
import { FAKE_APP_INFO } from '../test-support/fake-api';
import { TrainingPanel } from './training-panel';
import { charts, currentConfig, historyOf, runningStatus, trainingApi } from './training-test-support';

vi.mock('react-chartjs-2', () => import('./training-test-support'));

function renderPanel(fake = trainingApi()) {
  render(
    <ApiProvider api={fake.api}>
      <TrainingPanel info={{ state: 'ready', value: FAKE_APP_INFO }} />
    </ApiProvider>,
  );
  return fake;
}

const button = (name: string) => screen.getByRole('button', { name });

beforeEach(() => charts.clear());

describe('TrainingPanel status', () => {
  it('asks for the whole status on mount and shows epoch, batch, ETA and metrics', async () => {
    const fake = renderPanel(trainingApi({ 'training:status': () => runningStatus() }));
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Running');
    expect(fake.invoke).toHaveBeenCalledWith('training:status');
    expect(screen.getByTestId('training-epoch')).toHaveTextContent('3/10');
    expect(screen.getByTestId('training-batch')).toHaveTextContent('5/10');
    // Two measured epochs of 10 s; 7.5 epochs left.
    expect(screen.getByTestId('training-eta')).toHaveTextContent('00:01:15');
    expect(screen.getByTestId('training-samples')).toHaveTextContent('250 samples/s');
    expect(screen.getByTestId('training-val-loss')).toHaveTextContent('0.6000');
    expect(screen.getByTestId('training-val-acc')).toHaveTextContent('70.0%');
    expect(screen.getByTestId('training-fpr')).toHaveTextContent('5.0%');
    expect(screen.getByTestId('training-fah')).toHaveTextContent('1.00 FA/h');
    expect(screen.getByTestId('training-lr')).toHaveTextContent('3.0e-3');
    expect(screen.getByTestId('training-memory')).toHaveTextContent('5.0 MiB');
    expect(screen.getByTestId('training-backend')).toHaveTextContent('wasm');
    const batch = screen.getByRole('progressbar', { name: 'Batch progress' });
    expect(batch).toHaveAttribute('aria-valuenow', '5');
    expect(batch).toHaveAttribute('aria-valuemax', '10');
    expect(screen.getByRole('progressbar', { name: 'Epoch progress' })).toHaveAttribute('aria-valuenow', '2.5');
  });

  it('shows FA/h at the target with its bound and hours, and says plainly when the hours cannot support the target', async () => {
    const short = fahEstimate(0, 0.007);
    const warning = fahVerdict(0.007, 0.5).warning;
    const history = historyOf(2).map((m) => ({ ...m, fahEstimate: short, fahEstimateAt05: short, fahBasis: 'streaming' as const, targetFah: 0.5, fahWarning: warning }));
    const best = { epoch: 2, valLoss: 0.6, valAcc: 0.7, recallAtTarget: 0.987, threshold: 0.4321, fah: 0, path: '/ws/runs/x/best', fahEstimate: short, fahWarning: warning };
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ history, best }) }));
    expect(await screen.findByTestId('training-fah')).toHaveTextContent('0.0 (≤ 428 at 95 %, 0.4 min of negatives)');
    const note = screen.getByTestId('best-fah-warning');
    expect(note).toHaveTextContent('rests on only 0.4 min of negative audio');
    expect(note).toHaveTextContent('cannot show that 0.5 FA/h is met');
    expect(note).toHaveTextContent('Generate negative speech');
    expect(note).toHaveTextContent('data/raw/negative/');
    expect(screen.getByTestId('best-recall')).toHaveTextContent('98.7% at FA/h 0.0 (≤ 428 at 95 %');
    // Said once: the Best model card carries it, the status card stays short.
    expect(screen.getAllByText(/rests on only 0\.4 min of negative audio/)).toHaveLength(1);
    expect(screen.queryByTestId('training-fah-warning')).toBeNull();
  });

  it('shows the FA/h warning on the status card until a model is saved', async () => {
    const short = fahEstimate(0, 0.007);
    const warning = fahVerdict(0.007, 0.5).warning;
    const history = historyOf(1).map((m) => ({ ...m, fahEstimate: short, fahBasis: 'streaming' as const, targetFah: 0.5, fahWarning: warning }));
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ history, best: null }) }));
    expect(await screen.findByTestId('training-fah-warning')).toHaveTextContent('rests on only 0.4 min of negative audio');
  });

  it('drops "Time left" once a run is over and says how long its epochs took instead', async () => {
    const history = historyOf(3);
    const took = history.reduce((sum, m) => sum + m.epochSeconds, 0);
    expect(took).toBeGreaterThan(0);
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ state: 'completed', batch: null, history }) }));
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Completed');
    expect(screen.queryByTestId('training-eta')).toBeNull();
    expect(screen.queryByText(/Time left/)).toBeNull();
    expect(screen.getByTestId('training-took')).toHaveTextContent(new Date(took * 1000).toISOString().slice(11, 19));
  });

  it('shows neither "Time left" nor a duration when idle with no run', async () => {
    renderPanel(trainingApi({ 'training:status': () => IDLE_STATUS }));
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Idle');
    expect(screen.queryByText(/Time left/)).toBeNull();
    expect(screen.queryByTestId('training-took')).toBeNull();
  });

  it('shows no FA/h warning when the hours support the target', async () => {
    const history = historyOf(2).map((m) => ({ ...m, fahEstimate: fahEstimate(1, 20), fahBasis: 'streaming' as const, targetFah: 0.5, fahWarning: null }));
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ history }) }));
    expect(await screen.findByTestId('training-fah')).toHaveTextContent('0.05 (≤ 0.24 at 95 %, 20.0 h of negatives)');
    expect(screen.queryByTestId('training-fah-warning')).toBeNull();
  });

  it('shows "--:--:--" before the first epoch and "no NVIDIA GPU" without a GPU', async () => {
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ history: [], batch: { epoch: 1, epochs: 10, batch: 1, batches: 10, loss: 0.7, samplesPerSec: 10 } }) }));
    expect(await screen.findByTestId('training-eta')).toHaveTextContent('--:--:--');
    await waitFor(() => expect(screen.getByTestId('training-gpu')).toHaveTextContent('no NVIDIA GPU'));
    expect(screen.getByTestId('training-gpu').parentElement).toHaveAttribute('title', 'nvidia-smi was not found on PATH');
  });

  it('shows the embedding pass with a progress bar, time left and its log lines, then the epochs', async () => {
    const preparing = runningStatus({
      history: [],
      batch: null,
      phase: 'Embedding audio with openWakeWord (120/400, 20 from the cache)',
      preparation: { detail: 'Embedding audio with openWakeWord (120/400, 20 from the cache)', done: 120, total: 400, etaSeconds: 95 },
      logs: [{ time: '2026-01-01T12:00:01.000Z', level: 'info', message: 'Embedding audio with openWakeWord: 400 items' }],
    });
    const fake = renderPanel(trainingApi({ 'training:status': () => preparing }));
    const bar = await screen.findByRole('progressbar', { name: 'Preparation progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '120');
    expect(bar).toHaveAttribute('aria-valuemax', '400');
    expect(bar).toHaveAttribute('aria-valuetext', 'Embedding audio with openWakeWord (120/400, 20 from the cache) · about 00:01:35 left');
    expect(screen.getByTestId('training-eta')).toHaveTextContent('00:01:35');
    expect(screen.getByText(/Embedding audio with openWakeWord: 400 items/)).toBeInTheDocument();
    act(() => fake.emit('training:status', runningStatus({ history: [], preparation: null, batch: { epoch: 1, epochs: 10, batch: 1, batches: 10, loss: 0.7, samplesPerSec: 10 } })));
    expect(screen.queryByRole('progressbar', { name: 'Preparation progress' })).toBeNull();
    expect(screen.getByRole('progressbar', { name: 'Batch progress' })).toBeInTheDocument();
  });

  it('warns before Start (without blocking it) when the data changed after the split', async () => {
    renderPanel(trainingApi({ 'dataset:overview': () => ({ workspace: null, scan: null, split: null, freshness: { dataChangedAt: '2026-01-02T00:00:00.000Z', scanStale: true, splitStale: true } }) }));
    const note = await screen.findByTestId('split-stale');
    expect(note).toHaveTextContent('The dataset changed after the last split');
    expect(within(note).getByRole('button', { name: /Dataset/ })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start training' })).toBeEnabled());
  });

  it('reads "Completed (early stopping at 17/30)" when the trainer stopped early, with the charts ending at epoch 17', async () => {
    const fake = renderPanel();
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Idle');
    const history = historyOf(17, () => ({ epochs: 30 }));
    act(() => fake.emit('training:status', runningStatus({ state: 'completed', history, batch: null, earlyStop: { epoch: 17, epochs: 30, patience: 8, metric: 'val_loss' } })));
    expect(screen.getByTestId('training-state')).toHaveTextContent('Completed (early stopping at 17/30)');
    expect(screen.getByTestId('training-state')).toHaveAttribute('title', 'No improvement of val_loss in 8 epochs');
    expect(screen.getByTestId('training-epoch')).toHaveTextContent('17/30');
    expect(charts.get('Loss')?.options?.scales?.x).toMatchObject({ min: 1, max: 17 });
  });

  it('follows status, batch, log and GPU events', async () => {
    const fake = renderPanel();
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Idle');
    act(() => fake.emit('training:status', runningStatus({ history: historyOf(4), batch: null, logs: [{ time: '2026-01-01T12:00:01.000Z', level: 'info', message: 'epoch 4 done' }] })));
    expect(screen.getByTestId('training-state')).toHaveTextContent('Running');
    expect(screen.getByTestId('training-epoch')).toHaveTextContent('4/10');
    act(() => fake.emit('training:batch', { epoch: 5, epochs: 10, batch: 2, batches: 8, loss: 0.5, samplesPerSec: 300 }));
    expect(screen.getByTestId('training-epoch')).toHaveTextContent('5/10');
    expect(screen.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '2');
    act(() => fake.emit('training:log', { time: '2026-01-01T12:00:02.000Z', level: 'warn', message: 'slow batch' }));
    const log = screen.getByRole('log', { name: 'Training log' });
    expect(within(log).getByText('epoch 4 done')).toBeInTheDocument();
    expect(within(log).getByText('slow batch')).toBeInTheDocument();
    act(() =>
      fake.emit('gpu:reading', {
        available: true,
        time: '2026-01-01T12:00:02.000Z',
        gpus: [{ index: 0, name: 'RTX 3060', utilizationPercent: 91, memoryUsedMiB: 3072, memoryTotalMiB: 12288, temperatureC: 66, powerW: 120 }],
      }),
    );
    expect(screen.getByTestId('training-gpu-0-util')).toHaveTextContent('91%');
    expect(screen.getByTestId('training-gpu-0-memory')).toHaveTextContent('3.0 / 12.0 GiB');
    expect(screen.getByTestId('training-gpu-0-temp')).toHaveTextContent('66 °C');
  });

  it('keeps the last 1,000 log lines', async () => {
    const fake = renderPanel(trainingApi({ 'training:status': () => runningStatus() }));
    await screen.findByTestId('training-state');
    act(() => {
      for (let i = 0; i < 1005; i++) fake.emit('training:log', { time: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, i)).toISOString(), level: 'info', message: `line ${String(i)}` });
    });
    const log = screen.getByRole('log', { name: 'Training log' });
    expect(log.querySelectorAll('.log-line')).toHaveLength(1000);
    expect(log.querySelector('.log-line')).toHaveTextContent('line 5');
  });

  it('re-reads the run list when a run starts and when it ends', async () => {
    const fake = renderPanel();
    await screen.findByTestId('training-state');
    const runsCalls = () => fake.invoke.mock.calls.filter(([name]) => name === 'training:runs').length;
    // Once the workspace is known the list has been read; count from there.
    await waitFor(() => expect(button('Start training')).toBeEnabled());
    await waitFor(() => expect(runsCalls()).toBeGreaterThan(0));
    const base = runsCalls();
    act(() => fake.emit('training:status', runningStatus({ state: 'starting', history: [] })));
    await waitFor(() => expect(runsCalls()).toBe(base + 1));
    act(() => fake.emit('training:status', runningStatus({ state: 'running' })));
    act(() => fake.emit('training:status', runningStatus({ state: 'paused' })));
    act(() => fake.emit('training:status', runningStatus({ state: 'completed' })));
    await waitFor(() => expect(runsCalls()).toBe(base + 2));
    act(() => fake.emit('settings:changed', { ...DEFAULT_SETTINGS, workspace: '/other' }));
    await waitFor(() => expect(runsCalls()).toBe(base + 3));
  });

  it('fills the best model card', async () => {
    renderPanel(trainingApi({ 'training:status': () => runningStatus({ best: { epoch: 2, valLoss: 0.6, valAcc: 0.7, recallAtTarget: 0.93, threshold: 0.4321, fah: 0.4, path: '/ws/runs/x/best' } }) }));
    expect(await screen.findByTestId('best-epoch')).toHaveTextContent('2');
    expect(screen.getByTestId('best-val-loss')).toHaveTextContent('0.6000');
    expect(screen.getByTestId('best-val-acc')).toHaveTextContent('70.0%');
    expect(screen.getByTestId('best-recall')).toHaveTextContent('93.0% at 0.40 FA/h');
    expect(screen.getByTestId('best-threshold')).toHaveTextContent('0.432');
    expect(screen.getByTestId('best-path')).toHaveTextContent('/ws/runs/x/best');
  });

  it('shows an error status of a failed run', async () => {
    renderPanel(trainingApi({ 'training:status': () => ({ ...IDLE_STATUS, state: 'failed', error: 'The trainer process ended unexpectedly (signal SIGKILL).' }) }));
    expect(await screen.findByTestId('training-state')).toHaveTextContent('Failed');
    expect(screen.getAllByRole('alert').some((el) => el.textContent?.includes('SIGKILL'))).toBe(true);
  });
});

describe('TrainingPanel controls', () => {
  it('enables Start when idle with a workspace and a valid config, and starts with the run name', async () => {
    const user = userEvent.setup();
    const fake = renderPanel(trainingApi({ 'training:start': () => ({ started: true, status: runningStatus({ state: 'starting' }) }) }));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
    expect(button('Pause training')).toBeDisabled();
    expect(button('Stop training')).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Run name' }), 'more-negatives');
    await user.click(button('Start training'));
    expect(fake.invoke).toHaveBeenCalledWith('training:start', { runName: 'more-negatives' });
  });

  it('starts without arguments when no run name is given (the current config)', async () => {
    const user = userEvent.setup();
    const fake = renderPanel(trainingApi({ 'training:start': () => ({ started: true, status: runningStatus({ state: 'starting' }) }) }));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
    await user.click(button('Start training'));
    expect(fake.invoke).toHaveBeenCalledWith('training:start', {});
  });

  it('offers Pause and Stop while running, Resume while paused, nothing while stopping', async () => {
    const user = userEvent.setup();
    const fake = renderPanel(trainingApi({ 'training:status': () => runningStatus(), 'training:pause': () => runningStatus(), 'training:resume': () => runningStatus(), 'training:stop': () => runningStatus() }));
    await waitFor(() => expect(button('Pause training')).toBeEnabled());
    expect(button('Start training')).toBeDisabled();
    expect(button('Stop training')).toBeEnabled();
    await user.click(button('Pause training'));
    expect(fake.invoke).toHaveBeenCalledWith('training:pause');
    act(() => fake.emit('training:status', runningStatus({ state: 'paused' })));
    await user.click(button('Resume training'));
    expect(fake.invoke).toHaveBeenCalledWith('training:resume');
    await user.click(button('Stop training'));
    expect(fake.invoke).toHaveBeenCalledWith('training:stop');
    act(() => fake.emit('training:status', runningStatus({ state: 'stopping' })));
    expect(button('Pause training')).toBeDisabled();
    expect(button('Stop training')).toBeDisabled();
    expect(button('Start training')).toBeDisabled();
    act(() => fake.emit('training:status', runningStatus({ state: 'stopped' })));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
  });

  it('shows a refused start’s reason with a button to the panel that fixes it', async () => {
    const user = userEvent.setup();
    renderPanel(trainingApi({ 'training:start': () => ({ started: false, reason: 'No dataset split in /ws/data/splits (train.json, val.json missing): scan and split the dataset first.', fixIn: 'dataset' }) }));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
    await user.click(button('Start training'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No dataset split in /ws/data/splits');
    await user.click(within(alert).getByRole('button', { name: 'Go to the Dataset panel' }));
    expect(window.location.hash).toBe('#dataset');
  });

  it('shows a second start’s refusal without a fix-it button', async () => {
    const user = userEvent.setup();
    renderPanel(trainingApi({ 'training:start': () => ({ started: false, reason: 'A training run is already running (/ws/runs/a): stop it before starting another.', fixIn: null }) }));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
    await user.click(button('Start training'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('already running');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  it('disables Start with the reason while the current config is invalid, and follows config changes', async () => {
    const user = userEvent.setup();
    const fake = renderPanel(trainingApi({ 'config:current-get': () => currentConfig([{ path: 'training.epochs', message: 'must be a whole number from 1 to 1000 (got 0)', severity: 'error' }]) }));
    expect(await screen.findByText(/The configuration is not valid: training.epochs: must be a whole number/)).toBeInTheDocument();
    expect(button('Start training')).toBeDisabled();
    expect(button('Start training')).toHaveAccessibleDescription(/training.epochs/);
    await user.click(button('Go to the Configuration panel'));
    expect(window.location.hash).toBe('#configuration');
    act(() => fake.emit('config:current-changed', currentConfig()));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
  });

  it('disables Start without a workspace and links to the Dataset panel', async () => {
    const user = userEvent.setup();
    const fake = renderPanel(trainingApi({ 'settings:get': () => DEFAULT_SETTINGS }));
    expect(await screen.findByText(/No workspace is open/)).toBeInTheDocument();
    expect(button('Start training')).toBeDisabled();
    await user.click(button('Go to the Dataset panel'));
    expect(window.location.hash).toBe('#dataset');
    act(() => fake.emit('settings:changed', { ...DEFAULT_SETTINGS, workspace: '/other' }));
    await waitFor(() => expect(button('Start training')).toBeEnabled());
  });

  it('shows a failed request (e.g. pause after the run ended) as an alert', async () => {
    const user = userEvent.setup();
    renderPanel(
      trainingApi({
        'training:status': () => runningStatus(),
        'training:pause': () => {
          throw new Error('Cannot pause training while it is completed.');
        },
      }),
    );
    await waitFor(() => expect(button('Pause training')).toBeEnabled());
    await user.click(button('Pause training'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot pause training while it is completed.');
  });

  it('keeps the backend choice in the panel', async () => {
    const user = userEvent.setup();
    const fake = renderPanel();
    const select = await screen.findByRole('combobox', { name: 'Backend' });
    await waitFor(() => expect(select).toBeEnabled());
    await user.selectOptions(select, 'cpu');
    expect(fake.invoke).toHaveBeenCalledWith('settings:set', { backend: 'cpu' });
  });
});
