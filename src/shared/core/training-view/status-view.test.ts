import { describe, expect, it } from 'vitest';
import type { GpuSnapshot } from '../../gpu';
import { IDLE_STATUS, type TrainingStatus } from '../../training-status';
import { statusView } from './status-view';
import { historyOf } from './test-history';

const valueOf = (view: ReturnType<typeof statusView>, id: string) => view.items.find((item) => item.id === id)?.value;

describe('statusView', () => {
  it('shows dashes and no ETA when idle', () => {
    const view = statusView(IDLE_STATUS, null);
    expect(view.stateLabel).toBe('Idle');
    expect(view.eta).toBe('--:--:--');
    expect(view.epoch).toBeNull();
    expect(view.batch).toBeNull();
    expect(valueOf(view, 'val-loss')).toBe('—');
    expect(valueOf(view, 'gpu')).toBe('waiting for a reading');
  });

  it('shows the running epoch, batch, ETA and last epoch’s metrics', () => {
    const status: TrainingStatus = {
      ...IDLE_STATUS,
      state: 'running',
      backend: { id: 'wasm', reason: 'WebAssembly with SIMD', skipped: [{ id: 'tensorflow', reason: 'not installed' }] },
      history: historyOf(2),
      batch: { epoch: 3, epochs: 10, batch: 5, batches: 10, loss: 0.25, samplesPerSec: 812.4 },
    };
    const view = statusView(status, null);
    expect(valueOf(view, 'epoch')).toBe('3/10');
    expect(valueOf(view, 'batch')).toBe('5/10');
    expect(view.batch).toEqual({ done: 5, total: 10 });
    expect(view.epoch).toEqual({ done: 2.5, total: 10 });
    expect(view.eta).toBe('00:01:15');
    expect(valueOf(view, 'samples')).toBe('812 samples/s');
    expect(valueOf(view, 'batch-loss')).toBe('0.2500');
    expect(valueOf(view, 'val-loss')).toBe('0.6000');
    expect(valueOf(view, 'val-acc')).toBe('70.0%');
    expect(valueOf(view, 'fah')).toBe('1.00 FA/h');
    expect(valueOf(view, 'lr')).toBe('3.0e-3');
    expect(valueOf(view, 'memory')).toBe('5.0 MiB');
    const backend = view.items.find((item) => item.id === 'backend');
    expect(backend?.value).toBe('wasm');
    expect(backend?.detail).toBe('WebAssembly with SIMD; tensorflow skipped: not installed');
  });

  it('shows the last finished epoch and no ETA once the run ended', () => {
    const view = statusView({ ...IDLE_STATUS, state: 'completed', history: historyOf(10), batch: { epoch: 10, epochs: 10, batch: 10, batches: 10, loss: 0.1, samplesPerSec: 1 } }, null);
    expect(view.stateLabel).toBe('Completed');
    expect(valueOf(view, 'epoch')).toBe('10/10');
    expect(view.eta).toBe('--:--:--');
    expect(valueOf(view, 'samples')).toBe('110 samples/s');
  });

  it('says a run completed by early stopping, and at which of the configured epochs', () => {
    const history = historyOf(17, () => ({ epochs: 30 }));
    const reported = statusView({ ...IDLE_STATUS, state: 'completed', history, earlyStop: { epoch: 17, epochs: 30, patience: 8, metric: 'val_loss' } }, null);
    expect(reported.stateLabel).toBe('Completed (early stopping at 17/30)');
    expect(reported.stateDetail).toBe('No improvement of val_loss in 8 epochs');
    expect(valueOf(reported, 'state')).toBe('Completed (early stopping at 17/30)');
    // A run from before the report existed: a completed history short of its epochs can only have stopped early.
    expect(statusView({ ...IDLE_STATUS, state: 'completed', history }, null).stateLabel).toBe('Completed (early stopping at 17/30)');
    // Stopped by the user, or completed in full: no such claim.
    expect(statusView({ ...IDLE_STATUS, state: 'stopped', history }, null).stateLabel).toBe('Stopped');
    expect(statusView({ ...IDLE_STATUS, state: 'completed', history: historyOf(10) }, null).stateLabel).toBe('Completed');
  });

  it('shows "no NVIDIA GPU" with the reason, or each GPU’s readings', () => {
    const none: GpuSnapshot = { available: false, reason: 'nvidia-smi not found', time: '' };
    expect(statusView(IDLE_STATUS, none).items.find((i) => i.id === 'gpu')).toMatchObject({ value: 'no NVIDIA GPU', detail: 'nvidia-smi not found' });
    const two: GpuSnapshot = {
      available: true,
      time: '',
      gpus: [
        { index: 0, name: 'RTX A', utilizationPercent: 87, memoryUsedMiB: 2048, memoryTotalMiB: 8192, temperatureC: 64, powerW: null },
        { index: 1, name: 'RTX B', utilizationPercent: null, memoryUsedMiB: null, memoryTotalMiB: null, temperatureC: null, powerW: null },
      ],
    };
    const view = statusView(IDLE_STATUS, two);
    expect(valueOf(view, 'gpu-0-util')).toBe('87%');
    expect(valueOf(view, 'gpu-0-memory')).toBe('2.0 / 8.0 GiB');
    expect(valueOf(view, 'gpu-0-temp')).toBe('64 °C');
    expect(valueOf(view, 'gpu-1-util')).toBe('—');
    expect(view.items.find((i) => i.id === 'gpu-1-util')?.label).toBe('GPU 1 utilisation');
  });
});
