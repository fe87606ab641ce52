/** Electron main entry: single instance, hardened session, one window, the contract over IPC. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import Store from 'electron-store';
import { registerIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { hardenApp } from './security';
import { createSenderCheck } from './sender-check';
import { createServiceHost } from './services/app-services';
import { openStoreSafely, SETTINGS_STORE_NAME } from './services/settings-store';
import { createMainWindow } from './window';

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenApp(isDev);
  installApplicationMenu(isDev);

  const userData = app.getPath('userData');
  const settings = openStoreSafely(path.join(userData, `${SETTINGS_STORE_NAME}.json`), () => new Store<Record<string, unknown>>({ name: SETTINGS_STORE_NAME }));
  const windowState = openStoreSafely(path.join(userData, 'window-state.json'), () => new Store<Record<string, unknown>>({ name: 'window-state' }));
  const warnings = [settings.warning, windowState.warning].filter((w): w is string => w !== null);
  const serviceHost = createServiceHost({ host: 'electron', root: app.getAppPath(), settingsStore: settings.store, warnings });

  const rendererPrefix = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href;
  registerIpc(
    serviceHost,
    createSenderCheck((id) => BrowserWindow.getAllWindows().some((w) => !w.isDestroyed() && w.webContents.id === id), rendererPrefix),
  );

  const iconPath = path.join(app.getAppPath(), 'resources', 'icon.png');
  const open = (): void => {
    mainWindow = createMainWindow(windowState.store as unknown as Parameters<typeof createMainWindow>[0], iconPath);
    mainWindow.on('closed', () => (mainWindow = null));
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    console.error('Wakeword Studio failed to start:', error);
    app.exit(1);
  });
}
