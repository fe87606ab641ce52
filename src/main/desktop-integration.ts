/**
 * The desktop shell around training: a tray icon whose tooltip follows the run, progress in the
 * taskbar/dock, and a native notification when a run completes, stops or fails; clicking it brings the
 * window forward on the Training panel.
 */
import path from 'node:path';
import { app, Menu, nativeImage, Notification, Tray, type BrowserWindow } from 'electron';
import { finishedNotice, progressFraction, trayTooltip } from '../shared/core/training-notice';
import type { TrainingStatus } from '../shared/training-status';

export interface DesktopIntegrationOptions {
  readonly iconPath: string;
  readonly window: () => BrowserWindow | null;
  readonly showTrainingPanel: () => void;
  readonly stopTraining: () => void;
}

export class DesktopIntegration {
  private tray: Tray | null = null;
  private lastTooltip = '';

  constructor(private readonly options: DesktopIntegrationOptions) {}

  install(): void {
    const icon = nativeImage.createFromPath(this.options.iconPath).resize({ width: 16, height: 16 });
    this.tray = new Tray(icon);
    this.tray.setToolTip('Wakeword Studio');
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Wakeword Studio', click: () => this.focusTraining() },
        { label: 'Stop training', click: () => this.options.stopTraining() },
        { type: 'separator' },
        { role: 'quit' },
      ]),
    );
    this.tray.on('click', () => this.focusTraining());
  }

  progress(status: TrainingStatus): void {
    const tooltip = trayTooltip(status);
    if (tooltip !== this.lastTooltip) {
      this.lastTooltip = tooltip;
      this.tray?.setToolTip(tooltip);
    }
    const window = this.options.window();
    if (!window || window.isDestroyed()) return;
    const fraction = progressFraction(status);
    if (fraction === null) window.setProgressBar(-1);
    else window.setProgressBar(fraction, { mode: status.state === 'paused' ? 'paused' : 'normal' });
  }

  finished(status: TrainingStatus, runName: string): void {
    const window = this.options.window();
    if (window && !window.isDestroyed()) window.setProgressBar(status.state === 'failed' ? 1 : -1, status.state === 'failed' ? { mode: 'error' } : undefined);
    this.tray?.setToolTip(trayTooltip(status));
    const notice = finishedNotice(status, runName);
    if (!notice || !Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body, icon: this.options.iconPath });
    notification.on('click', () => this.focusTraining());
    notification.show();
  }

  dispose(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private focusTraining(): void {
    const window = this.options.window();
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    this.options.showTrainingPanel();
    if (process.platform === 'darwin') app.dock?.show();
  }
}

/** A run's display name for notifications: the workspace folder's name (e.g. "hey-nova"). */
export function runDisplayName(status: TrainingStatus): string {
  const runDir = status.runDir;
  return runDir ? path.basename(path.dirname(path.dirname(runDir))) : 'Wakeword Studio';
}
