import { describe, expect, it } from 'vitest';
import type { RunMeta, RunSummary } from '../../run-meta';
import { IDLE_STATUS, type TrainingStatus } from '../../training-status';
import { runRow } from './run-row';
import { statusView } from './status-view';
import { historyOf } from './test-history';

const META: RunMeta = {
  id: 'r1',
  name: 'r1',
  status: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  preset: 'fast',
  backend: null,
  versions: {},
  datasetHash: null,
  epochs: 30,
  lastEpoch: 4,
  best: { epoch: 4, valLoss: 0.5, valAcc: 0.8, recallAtTarget: 0.7, threshold: 0.5, fah: 2, path: '/ws/runs/r1/best' },
};
const RUN: RunSummary = { id: 'r1', dir: '/ws/runs/r1', meta: META };
const LIVE_BEST = { epoch: 9, valLoss: 0.2, valAcc: 0.93, recallAtTarget: 0.9, threshold: 0.6, fah: 0.5, path: '/ws/runs/r1/best' };

function live(overrides: Partial<TrainingStatus>): TrainingStatus {
  return { ...IDLE_STATUS, state: 'running', runDir: '/ws/runs/r1', history: historyOf(9), best: LIVE_BEST, batch: { epoch: 10, epochs: 30, batch: 1, batches: 4, loss: 0.3, samplesPerSec: 100 }, ...overrides };
}

describe('runRow', () => {
  it('takes state, epoch and best model of the live run from the training status, as the status card does', () => {
    const status = live({ state: 'paused' });
    const card = statusView(status, null);
    const row = runRow(RUN, status);
    expect(row).toEqual({ kind: 'paused', statusLabel: card.stateLabel, epochs: card.items.find((item) => item.id === 'epoch')?.value, best: LIVE_BEST, live: true });
    expect(row.statusLabel).toBe('Paused');
    expect(row.epochs).toBe('10/30');
  });

  it('keeps the finished live run on the status after it ends, and falls back to meta.json for every other run', () => {
    // The card's figures (the fixture history has 10 epochs), not meta.json's 4/30.
    expect(runRow(RUN, live({ state: 'completed', batch: null, history: historyOf(10) }))).toMatchObject({ statusLabel: 'Completed', epochs: '10/10', best: LIVE_BEST, live: true });
    const other: RunSummary = { ...RUN, id: 'r0', dir: '/ws/runs/r0', meta: { ...META, status: 'interrupted' } };
    expect(runRow(other, live({}))).toEqual({ kind: 'interrupted', statusLabel: 'Interrupted', epochs: '4/30', best: META.best, live: false });
    expect(runRow(RUN, null)).toMatchObject({ statusLabel: 'Running', epochs: '4/30', live: false });
    // Idle after an app restart: the status no longer speaks for the run.
    expect(runRow(RUN, { ...IDLE_STATUS, runDir: '/ws/runs/r1' })).toMatchObject({ live: false });
  });

  it('shows the run count before the first epoch, when the card has no epoch yet', () => {
    expect(runRow({ ...RUN, meta: { ...META, lastEpoch: 0, best: null } }, live({ state: 'starting', batch: null, history: [], best: null }))).toMatchObject({ statusLabel: 'Starting', epochs: '0/30', best: null });
  });
});
