/** Electron main entry: single instance, hardened session, one window, the contract over IPC. */
import path from 'node:path';
import { app, BrowserWindow, dialog, shell } from 'electron';
import Store from 'electron-store';
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol';
import { APP_INDEX_URL } from './app-url';
import { registerIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { hardenApp } from './security';
import { createSenderCheck } from './sender-check';
import { createServiceHost } from '../services/app-services';
import { openStoreSafely, SETTINGS_STORE_NAME } from '../node/settings-store';
import { createMainWindow } from './window';
import { DesktopIntegration, runDisplayName } from './desktop-integration';
import { utilityWorkerLauncher } from './utility-worker';
import { AUDIO_EXTENSIONS } from '../shared/core/dataset/categories';
import type { EvaluatorRequest } from '../shared/contract/evaluator-protocol';
import type { ExportParentMessage } from '../shared/contract/export-protocol';
import type { ScanParentMessage } from '../shared/contract/scan-protocol';

// The dev server's URL is honoured only in an unpackaged development run, never in a packaged app.
const devUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const isDev = devUrl !== null;
registerAppScheme();
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
  const folderDialog = async (title: string): Promise<string | null> => {
    const options: Electron.OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const pickFolder = (): Promise<string | null> => folderDialog('Choose a workspace folder');
  const pickExportFolder = (): Promise<string | null> => folderDialog('Choose the folder to export the model to');
  const pickAudioFiles = async (): Promise<readonly string[]> => {
    const options: Electron.OpenDialogOptions = {
      title: 'Choose recordings to evaluate',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Audio', extensions: [...AUDIO_EXTENSIONS] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
  const iconPath = path.join(app.getAppPath(), 'resources', 'icon.png');
  // The shell needs the services (to stop a run) and the services report to the shell: tie them late.
  let desktop: DesktopIntegration | null = null;
  const serviceHost = createServiceHost({
    host: 'electron',
    root: app.getAppPath(),
    settingsStore: settings.store,
    warnings,
    pickFolder,
    pickExportFolder,
    pickAudioFiles,
    trainerLauncher: utilityWorkerLauncher(),
    openFolder: (folder) => shell.openPath(folder),
    evaluatorLauncher: utilityWorkerLauncher<EvaluatorRequest>(path.join(__dirname, 'evaluate.js'), 'Wakeword Studio evaluator'),
    exportLauncher: utilityWorkerLauncher<ExportParentMessage>(path.join(__dirname, 'export.js'), 'Wakeword Studio export'),
    scanLauncher: utilityWorkerLauncher<ScanParentMessage>(path.join(__dirname, 'scan.js'), 'Wakeword Studio dataset scan'),
    onTrainingProgress: (status) => desktop?.progress(status),
    onTrainingFinished: (status) => desktop?.finished(status, runDisplayName(status)),
  });
  desktop = new DesktopIntegration({
    iconPath,
    window: () => mainWindow,
    showTrainingPanel: () => serviceHost.bus.emit('app:show-panel', { panel: 'training' }),
    stopTraining: () => {
      try {
        serviceHost.services.training.stop();
      } catch {
        // Nothing is running: the menu item has nothing to do.
      }
    },
  });
  desktop.install();
  app.on('before-quit', () => {
    serviceHost.services.training.dispose();
    serviceHost.services.gpu.stop();
    desktop?.dispose();
  });

  serveRendererOverAppScheme(path.join(__dirname, '../renderer'));
  const rendererPrefix = devUrl ?? APP_INDEX_URL;
  registerIpc(
    serviceHost,
    createSenderCheck((id) => BrowserWindow.getAllWindows().some((w) => !w.isDestroyed() && w.webContents.id === id), rendererPrefix),
  );

  const open = (): void => {
    mainWindow = createMainWindow(windowState.store as unknown as Parameters<typeof createMainWindow>[0], iconPath, devUrl);
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
