import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunMeta, RunSummary } from '../../shared/run-meta';
import { ApiProvider } from '../app/api-context';
import { BestModelCard } from './best-model-card';
import { LiveStatus } from './live-status';
import { RunHistory } from './run-history';
import { charts, historyOf, runningStatus, trainingApi } from './training-test-support';
import type { TrainingStatus } from '../../shared/training-status';

vi.mock('react-chartjs-2', () => import('./training-test-support'));

function meta(id: string, overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    id,
    name: id,
    status: 'completed',
    createdAt: new Date(2026, 0, 2, 9, 30).toISOString(),
    preset: 'fast',
    backend: null,
    versions: {},
    datasetHash: null,
    epochs: 10,
    lastEpoch: 10,
    best: { epoch: 7, valLoss: 0.1234, valAcc: 0.95, recallAtTarget: 0.979, threshold: 0.61, fah: 0.4, path: `/ws/runs/${id}/best` },
    ...overrides,
  };
}

const summaries: RunSummary[] = [
  { id: 'run-b', dir: '/ws/runs/run-b', meta: meta('run-b', { name: 'bigger model', status: 'failed', best: null, lastEpoch: 3, error: 'out of memory' }) },
  {
    id: 'run-a',
    dir: '/ws/runs/run-a',
    meta: meta('run-a', {
      best: { epoch: 7, valLoss: 0.1234, valAcc: 0.95, recallAtTarget: 0.979, threshold: 0.61, fah: 0.4, path: '/ws/runs/run-a/best', fahEstimate: { falseAccepts: 1, hours: 2.5, fah: 0.4, upper95: 1.9 }, fahWarning: 'too few hours for 0.5 FA/h' },
    }),
  },
];

function detail(id: string, epochs: number): RunDetail {
  const summary = summaries.find((s) => s.id === id);
  if (!summary) throw new Error(`no run ${id}`);
  return { ...summary, history: historyOf(epochs), checkpoints: ['epoch-0002', 'epoch-0003'] };
}

function renderHistory(fake = trainingApi({ 'training:runs': () => summaries, 'training:run': (args) => detail((args as { id: string }).id, (args as { id: string }).id === 'run-a' ? 10 : 3) }), canResume = true) {
  render(
    <ApiProvider api={fake.api}>
      <RunHistory refreshKey="k" canResume={canResume} />
    </ApiProvider>,
  );
  return fake;
}

beforeEach(() => charts.clear());

describe('RunHistory', () => {
  it('lists past runs with status, date and best metrics', async () => {
    renderHistory();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('bigger model');
    expect(rows[0]).toHaveTextContent('Failed');
    expect(within(rows[0] as HTMLElement).getByText('Failed')).toHaveAttribute('title', 'out of memory');
    expect(rows[0]).toHaveTextContent('3/10');
    expect(rows[1]).toHaveTextContent('2026-01-02 09:30');
    expect(rows[1]).toHaveTextContent('0.1234');
    expect(rows[1]).toHaveTextContent('97.9%');
    expect(rows[1]).toHaveTextContent('0.40 FA/h (too few negative hours)');
    expect(within(rows[1] as HTMLElement).getByText(/0\.40 FA\/h/)).toHaveAttribute('title', 'FA/h 0.40 (≤ 1.9 at 95 %, 2.50 h of negatives)');
  });

  it('shows the live run as the status card does: same state, epoch and best figures, while meta.json lags behind', async () => {
    const dir = '/ws/runs/20260101-120000-demo';
    // meta.json as read when the run started: running, no epoch done, no best model.
    const stale: RunSummary = { id: 'demo', dir, meta: meta('demo', { status: 'running', lastEpoch: 0, best: null }) };
    const fake = trainingApi({ 'training:runs': () => [stale, summaries[1] as RunSummary] });
    const best = { epoch: 2, valLoss: 0.2468, valAcc: 0.9, recallAtTarget: 0.912, threshold: 0.55, fah: 0.8, path: `${dir}/best` };
    const check = async (status: TrainingStatus, expected: { readonly state: string; readonly epoch: string }): Promise<void> => {
      const view = render(
        <ApiProvider api={fake.api}>
          <LiveStatus status={status} gpu={null} />
          <BestModelCard best={status.best} />
          <RunHistory refreshKey="k" canResume={false} liveStatus={status} />
        </ApiProvider>,
      );
      const row = (await within(view.container).findAllByRole('row'))[1] as HTMLElement;
      const card = within(view.container);
      expect(card.getByTestId('training-state')).toHaveTextContent(expected.state);
      expect(within(row).getByText(expected.state)).toHaveClass(`run-status--${status.state}`);
      expect(card.getByTestId('training-epoch')).toHaveTextContent(expected.epoch);
      expect(row).toHaveTextContent(expected.epoch);
      if (status.best) {
        expect(card.getByTestId('best-val-loss')).toHaveTextContent('0.2468');
        expect(row).toHaveTextContent('0.2468');
        expect(row).toHaveTextContent('91.2%');
      }
      // The other run keeps what its meta.json says.
      expect((within(view.container).getAllByRole('row')[2] as HTMLElement)).toHaveTextContent('Completed');
      view.unmount();
    };
    await check(runningStatus({ state: 'paused', best }), { state: 'Paused', epoch: '3/10' });
    await check(runningStatus({ state: 'completed', batch: null, history: historyOf(10), best }), { state: 'Completed', epoch: '10/10' });
    await check(runningStatus({ state: 'stopping', best: null }), { state: 'Stopping after the current batch', epoch: '3/10' });
  });

  it('shows a run whose trainer is gone as interrupted and says it can be resumed', async () => {
    const interrupted: RunSummary = { id: 'run-c', dir: '/ws/runs/run-c', meta: meta('run-c', { status: 'interrupted', lastEpoch: 4, owner: { pid: 99, host: 'h', startedAt: '2026-01-02T09:30:00Z' } }) };
    renderHistory(trainingApi({ 'training:runs': () => [interrupted] }));
    const table = await screen.findByRole('table');
    const status = within(table).getByText('Interrupted');
    expect(status).toHaveClass('run-status--interrupted');
    expect(status).toHaveAttribute('title', expect.stringContaining('resume it from its newest intact checkpoint') as unknown as string);
    expect(within(table).getByText('4/10')).toBeInTheDocument();
  });

  it('says why the list is unavailable (no workspace)', async () => {
    renderHistory(
      trainingApi({
        'training:runs': () => {
          throw new Error('No workspace is open: choose a workspace folder in the Dataset panel first.');
        },
      }),
    );
    expect(await screen.findByText(/No workspace is open/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('opens a run’s charts read-only with its best model', async () => {
    const user = userEvent.setup();
    const fake = renderHistory();
    await user.click(await screen.findByRole('button', { name: 'Open charts of run-a' }));
    expect(fake.invoke).toHaveBeenCalledWith('training:run', { id: 'run-a' });
    expect(await screen.findByRole('heading', { name: 'Run run-a (read-only)' })).toBeInTheDocument();
    expect(charts.get('Loss')?.data.datasets.map((d) => d.label).slice(0, 2)).toEqual(['Train loss', 'Validation loss']);
    expect(charts.get('Accuracy / F1')?.data.datasets.at(-1)?.label).toBe('Best epoch 7');
    expect(charts.get('Loss')?.data.datasets[0]?.data).toHaveLength(10);
    expect(screen.getByRole('heading', { name: 'Best model of run-a' })).toBeInTheDocument();
    // Read-only: no training controls inside the viewer.
    expect(screen.queryByRole('button', { name: 'Start training' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close run' }));
    expect(screen.queryByRole('heading', { name: 'Run run-a (read-only)' })).toBeNull();
  });

  it('overlays two selected runs', async () => {
    const user = userEvent.setup();
    renderHistory();
    const compare = await screen.findByRole('button', { name: 'Compare selected runs' });
    expect(compare).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Compare run-a' }));
    expect(compare).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Compare bigger model' }));
    await user.click(compare);
    expect(await screen.findByRole('heading', { name: 'Comparing run-a and bigger model' })).toBeInTheDocument();
    const labels = charts.get('Accuracy / F1')?.data.datasets.map((d) => d.label).filter((label) => !label?.endsWith('(raw)'));
    // In the order the runs were picked; the failed run has no best epoch to mark.
    expect(labels).toEqual([
      'run-a · Train accuracy',
      'run-a · Validation accuracy',
      'run-a · Validation F1',
      'bigger model · Train accuracy',
      'bigger model · Validation accuracy',
      'bigger model · Validation F1',
      'run-a · best epoch 7',
    ]);
  });

  it('resumes a run from the chosen checkpoint', async () => {
    const user = userEvent.setup();
    const fake = renderHistory(
      trainingApi({
        'training:runs': () => summaries,
        'training:run': (args) => detail((args as { id: string }).id, 3),
        'training:resume-run': () => ({ started: false, reason: 'A training run is already running: stop it before resuming another.', fixIn: null }),
      }),
    );
    const group = await screen.findByRole('group', { name: 'Resume from checkpoint' });
    const resume = within(group).getByRole('button', { name: 'Resume from checkpoint' });
    expect(resume).toBeDisabled();
    await user.selectOptions(within(group).getByRole('combobox', { name: 'Run' }), 'run-a');
    const checkpoint = within(group).getByRole('combobox', { name: 'Checkpoint' });
    await within(checkpoint).findByRole('option', { name: 'epoch 3' });
    // The default asks the service for the newest checkpoint that verifies.
    expect(checkpoint).toHaveValue('');
    await user.click(resume);
    expect(fake.invoke).toHaveBeenCalledWith('training:resume-run', { id: 'run-a' });
    await user.selectOptions(checkpoint, 'epoch-0002');
    await user.click(resume);
    expect(fake.invoke).toHaveBeenCalledWith('training:resume-run', { id: 'run-a', checkpoint: 'epoch-0002' });
    expect(await within(group).findByRole('alert')).toHaveTextContent('already running');
  });

  it('keeps Resume from checkpoint disabled while a run is active', async () => {
    const user = userEvent.setup();
    renderHistory(undefined, false);
    const group = await screen.findByRole('group', { name: 'Resume from checkpoint' });
    await user.selectOptions(within(group).getByRole('combobox', { name: 'Run' }), 'run-a');
    await within(within(group).getByRole('combobox', { name: 'Checkpoint' })).findByRole('option', { name: 'epoch 3' });
    expect(within(group).getByRole('button', { name: 'Resume from checkpoint' })).toBeDisabled();
  });
});
