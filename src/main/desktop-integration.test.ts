import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_STATUS, type TrainingStatus } from '../shared/training-status';

// Electron's Tray, Notification and BrowserWindow replaced by recorders: the shell logic runs without the binary.
const recorded = vi.hoisted(() => ({
  tooltips: [] as string[],
  notifications: [] as { title: string; body: string; clicked?: () => void }[],
  progress: [] as { value: number; mode?: string }[],
}));
vi.mock('electron', () => {
  class Tray {
    setToolTip(text: string) {
      recorded.tooltips.push(text);
    }
    setContextMenu() {}
    on() {}
    destroy() {}
  }
  class Notification {
    static isSupported = () => true;
    private readonly entry: { title: string; body: string; clicked?: () => void };
    constructor(options: { title: string; body: string }) {
      this.entry = { title: options.title, body: options.body };
      recorded.notifications.push(this.entry);
    }
    on(_event: 'click', listener: () => void) {
      this.entry.clicked = listener;
    }
    show() {}
  }
  return {
    app: { dock: undefined },
    Menu: { buildFromTemplate: () => ({}) },
    nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
    Notification,
    Tray,
  };
});

const { DesktopIntegration, runDisplayName } = await import('./desktop-integration');

function fakeWindow() {
  return {
    isDestroyed: () => false,
    isMinimized: () => false,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    setProgressBar: (value: number, options?: { mode?: string }) => recorded.progress.push({ value, ...(options?.mode ? { mode: options.mode } : {}) }),
  };
}

describe('DesktopIntegration', () => {
  beforeEach(() => {
    recorded.tooltips.length = 0;
    recorded.notifications.length = 0;
    recorded.progress.length = 0;
  });

  it('follows a run in the tray tooltip and the taskbar progress', () => {
    const window = fakeWindow();
    const shell = new DesktopIntegration({ iconPath: '/icon.png', window: () => window as never, showTrainingPanel: vi.fn(), stopTraining: vi.fn() });
    shell.install();
    const running: TrainingStatus = { ...IDLE_STATUS, state: 'running', batch: { epoch: 2, epochs: 4, batch: 1, batches: 2, loss: 0.5, samplesPerSec: 10 } };
    shell.progress(running);
    shell.progress({ ...running, state: 'paused' });
    expect(recorded.tooltips).toEqual(['Wakeword Studio', 'Wakeword Studio: training epoch 2/4, 38%', 'Wakeword Studio: training (paused) epoch 2/4, 38%']);
    expect(recorded.progress).toEqual([{ value: 0.375, mode: 'normal' }, { value: 0.375, mode: 'paused' }]);
  });

  it('notifies when a run completes, and the notification opens the Training panel', () => {
    const window = fakeWindow();
    const showTrainingPanel = vi.fn();
    const shell = new DesktopIntegration({ iconPath: '/icon.png', window: () => window as never, showTrainingPanel, stopTraining: vi.fn() });
    shell.install();
    const best = { epoch: 23, valLoss: 0.1, valAcc: 0.98, recallAtTarget: 0.979, threshold: 0.7, fah: 0.4, path: '/ws/hey-nova/runs/r/best' };
    const done: TrainingStatus = { ...IDLE_STATUS, state: 'completed', best, runDir: '/ws/hey-nova/runs/r' };
    shell.finished(done, runDisplayName(done));
    expect(recorded.notifications).toMatchObject([{ title: 'Training completed', body: 'hey-nova: best FRR 2.1% at 0.4 FA/h, epoch 23' }]);
    expect(recorded.progress.at(-1)).toEqual({ value: -1 });
    recorded.notifications[0]?.clicked?.();
    expect(window.focus).toHaveBeenCalled();
    expect(showTrainingPanel).toHaveBeenCalled();
  });

  it('marks a failed run in the taskbar and says why', () => {
    const window = fakeWindow();
    const shell = new DesktopIntegration({ iconPath: '/icon.png', window: () => window as never, showTrainingPanel: vi.fn(), stopTraining: vi.fn() });
    shell.finished({ ...IDLE_STATUS, state: 'failed', error: 'The trainer process ended unexpectedly' }, 'ws');
    expect(recorded.progress.at(-1)).toEqual({ value: 1, mode: 'error' });
    expect(recorded.notifications[0]).toMatchObject({ title: 'Training failed', body: 'ws: The trainer process ended unexpectedly' });
  });
});
