import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints snippets as if they lived at the given paths, with the project's real config.
const eslint = new ESLint({ cwd: path.resolve(__dirname, '..') });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '..', filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const importing = (specifier: string): string => `import * as imported from '${specifier}';\nexport const x = imported;\n`;

/** [where the snippet lives, what it imports]: each one a layer crossing the config must refuse. */
const REFUSED: ReadonlyArray<readonly [string, string]> = [
  // electron only in src/main (and the preload)
  ['src/services/bad.ts', 'electron'],
  ['src/node/fs/bad.ts', 'electron'],
  ['src/ml/bad.ts', 'electron'],
  ['src/worker/bad.ts', 'electron'],
  ['src/cli/bad.ts', 'electron'],
  ['src/server/bad.ts', 'electron'],
  ['src/shared/bad.ts', 'electron'],
  ['src/renderer/app/bad.ts', 'electron'],
  // src/ml, src/node, src/services: never React or the renderer, nor the Electron adapters
  ['src/ml/bad.ts', 'react'],
  ['src/node/bad.ts', 'react'],
  ['src/services/bad.ts', 'react-dom/client'],
  ['src/ml/models/bad.ts', '../../renderer/app/app'],
  ['src/node/audio/bad.ts', '../../renderer/app/app'],
  ['src/services/training/bad.ts', '../../renderer/app/app'],
  ['src/services/bad.ts', '../main/window'],
  ['src/ml/bad.ts', '../main/window'],
  ['src/worker/bad.ts', '../main/window'],
  // below the services: src/node is plain I/O, src/ml is the models; neither reaches up
  ['src/node/bad.ts', '../services/app-services'],
  ['src/node/bad.ts', '../ml/training-loop'],
  ['src/ml/bad.ts', '../services/event-bus'],
  ['src/ml/bad.ts', '../worker/parent-channel'],
  ['src/services/bad.ts', '../worker/train'],
  ['src/services/bad.ts', '../cli/index'],
  ['src/server/bad.ts', '../ml/training-loop'],
  // the renderer only src/shared
  ['src/renderer/app/bad.ts', '../../services/app-services'],
  ['src/renderer/app/bad.ts', '../../node/fs/atomic-write'],
  ['src/renderer/app/bad.ts', '../../ml/models/build-model'],
  ['src/renderer/app/bad.ts', 'node:fs'],
  // src/shared imports nothing outside itself
  ['src/shared/bad.ts', 'node:fs'],
  ['src/shared/bad.ts', 'react'],
  ['src/shared/bad.ts', '../server/serve'],
  ['src/shared/core/bad.ts', '../../node/fs/atomic-write'],
  ['src/shared/contract/bad.ts', '../../services/event-bus'],
  ['src/shared/bad.ts', '../ml/training-loop'],
  // the main process wires services; it does not run the ML code or the CLI in-process
  ['src/main/bad.ts', '../ml/training-loop'],
  ['src/main/bad.ts', '../cli/index'],
];

/** Crossings the layers allow: the same rules must not refuse these. */
const ALLOWED: ReadonlyArray<readonly [string, string]> = [
  ['src/main/bad.ts', '../services/app-services'],
  ['src/main/bad.ts', '../node/settings-store'],
  ['src/services/bad.ts', '../node/fs/atomic-write'],
  ['src/services/bad.ts', 'node:fs'],
  ['src/node/bad.ts', '../shared/contract/api'],
  ['src/ml/bad.ts', '../node/audio/decode-audio'],
  ['src/worker/bad.ts', '../ml/training-loop'],
  ['src/cli/bad.ts', '../services/app-services'],
  ['src/cli/bad.ts', '../ml/training-loop'],
  ['src/server/bad.ts', '../services/app-services'],
  ['src/renderer/app/good.ts', '../../shared/contract/api'],
  ['src/shared/core/good.ts', '../contract/api'],
];

describe('layering lint rules', () => {
  it.each(REFUSED)('refuse %s importing %s', async (filePath, specifier) => {
    expect(await ruleIds(importing(specifier), filePath)).toContain('no-restricted-imports');
  });

  it.each(ALLOWED)('allow %s importing %s', async (filePath, specifier) => {
    expect(await ruleIds(importing(specifier), filePath)).toEqual([]);
  });

  it('forbid Node globals and the DOM in src/shared', async () => {
    expect(await ruleIds('export const x = process.env.HOME;\n', 'src/shared/bad.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const x = document.title;\n', 'src/shared/bad.ts')).toContain('no-restricted-globals');
  });

  it('keep the preload to electron and the contract names', async () => {
    const preload = '@typescript-eslint/no-restricted-imports';
    expect(await ruleIds(importing('node:fs'), 'src/preload/bad.ts')).toContain(preload);
    expect(await ruleIds(importing('zod'), 'src/preload/bad.ts')).toContain(preload);
    expect(await ruleIds(importing('../shared/core/metrics'), 'src/preload/bad.ts')).toContain(preload);
    expect(await ruleIds(importing('../main/window'), 'src/preload/bad.ts')).toContain(preload);
    expect(await ruleIds("import { requestSchemas } from '../shared/contract/api';\nexport const x = requestSchemas;\n", 'src/preload/bad.ts')).toContain(preload);
    const good = [
      "import { contextBridge } from 'electron';",
      "import type { WakewordApi } from '../shared/contract/api';",
      "import { isRequestName } from '../shared/contract/contract-names';",
      "import { unwrapEnvelope } from '../shared/contract/envelope';",
      "export const x: Pick<WakewordApi, 'host'> = { host: 'electron' };",
      'export const y = [contextBridge, isRequestName, unwrapEnvelope];',
    ].join('\n');
    expect(await ruleIds(`${good}\n`, 'src/preload/good.ts')).toEqual([]);
    expect(await ruleIds(readFileSync(path.resolve(__dirname, '../src/preload/index.ts'), 'utf8'), 'src/preload/index.ts')).toEqual([]);
  });

  it('keep raw IPC in the adapter files', async () => {
    const rawIpc = "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n";
    expect(await ruleIds(rawIpc, 'src/main/window.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { app } from 'electron';\nexport const x = app;\n", 'src/main/window.ts')).toEqual([]);
    expect(await ruleIds(rawIpc, 'src/main/ipc.ts')).toEqual([]);
    // The adapter is still inside the main layer's import rules.
    expect(await ruleIds(importing('../ml/training-loop'), 'src/main/ipc.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'src/renderer/app/bad.ts')).toContain('no-restricted-imports');
    const send = "import type { BrowserWindow } from 'electron';\nexport const f = (w: BrowserWindow) => w.webContents.send('x', 1);\n";
    expect(await ruleIds(send, 'src/main/window.ts')).toContain('no-restricted-syntax');
  });

  it('flag the committed layering-violation fixture placed in src/shared', async () => {
    const code = readFileSync(path.resolve(__dirname, 'fixtures/lint/shared-imports-node.ts'), 'utf8');
    expect(await ruleIds(code, 'src/shared/core/read-manifest.ts')).toContain('no-restricted-imports');
    // The same file is fine in src/node, where Node I/O belongs.
    expect(await ruleIds(code, 'src/node/read-manifest.ts')).toEqual([]);
  });
});
