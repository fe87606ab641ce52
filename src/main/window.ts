import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { APP_INDEX_URL } from './app-url';
import { restoreWindowState, type WindowState } from './window-state';

export interface WindowStateStore {
  get(key: 'window'): unknown;
  set(key: 'window', value: WindowState): void;
}

/** `devUrl` is the dev server's URL (`electron-vite dev`); packaged and preview builds load app://wakeword/. */
export function createMainWindow(stateStore: WindowStateStore, iconPath: string, devUrl: string | null): BrowserWindow {
  const state = restoreWindowState(
    stateStore.get('window'),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Wakeword Studio',
    icon: iconPath,
    backgroundColor: '#101418',
    // Written out in full so reviewers and static checkers see the security posture at a glance.
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const save = (): void => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    stateStore.set('window', { ...bounds, maximized: window.isMaximized() });
  };
  window.on('close', save);

  void window.loadURL(devUrl ?? APP_INDEX_URL);
  return window;
}
