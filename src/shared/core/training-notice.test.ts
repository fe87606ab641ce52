import { describe, expect, it } from 'vitest';
import { IDLE_STATUS, type TrainingStatus } from '../training-status';
import { finishedNotice, progressFraction, trayTooltip } from './training-notice';

const best = { epoch: 23, valLoss: 0.1, valAcc: 0.98, recallAtTarget: 0.979, threshold: 0.7, fah: 0.4, path: '/r/best' };
const running: TrainingStatus = { ...IDLE_STATUS, state: 'running', batch: { epoch: 3, epochs: 10, batch: 5, batches: 10, loss: 0.3, samplesPerSec: 100 } };

describe('training notices', () => {
  it('summarises a completed run the way the issue asks', () => {
    expect(finishedNotice({ ...IDLE_STATUS, state: 'completed', best }, 'hey nova')).toEqual({ title: 'Training completed', body: 'hey nova: best FRR 2.1% at 0.4 FA/h, epoch 23' });
    const rested = { ...best, fahEstimate: { falseAccepts: 0, hours: 0.007, fah: 0, upper95: 428 }, fahWarning: 'The validation FA/h rests on only 0.4 min' };
    expect(finishedNotice({ ...IDLE_STATUS, state: 'completed', best: rested }, 'hey nova')?.body).toBe(
      'hey nova: best FRR 2.1% at FA/h 0.0 (≤ 428 at 95 %, 0.4 min of negatives), epoch 23 (too few negative hours to support the target)',
    );
  });

  it('reports failures with their reason, and stays quiet while running', () => {
    expect(finishedNotice({ ...IDLE_STATUS, state: 'failed', error: 'trainer crashed' }, 'ws')).toEqual({ title: 'Training failed', body: 'ws: trainer crashed' });
    expect(finishedNotice({ ...IDLE_STATUS, state: 'stopped' }, 'ws')?.body).toBe('ws: no model was saved');
    expect(finishedNotice(running, 'ws')).toBeNull();
  });

  it('computes taskbar progress from epochs and batches', () => {
    expect(progressFraction(running)).toBeCloseTo(0.25, 12);
    expect(progressFraction({ ...running, state: 'completed' })).toBeNull();
    expect(progressFraction({ ...IDLE_STATUS, state: 'running' })).toBe(0);
  });

  it('describes the run in the tray tooltip', () => {
    expect(trayTooltip(running)).toBe('Wakeword Studio: training epoch 3/10, 25%');
    expect(trayTooltip({ ...running, state: 'paused' })).toBe('Wakeword Studio: training (paused) epoch 3/10, 25%');
    expect(trayTooltip(IDLE_STATUS)).toBe('Wakeword Studio');
    expect(trayTooltip({ ...IDLE_STATUS, state: 'failed' })).toBe('Wakeword Studio: training failed');
  });
});
