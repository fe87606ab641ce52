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

describe('layering lint rules', () => {
  it('forbid Node and Electron in src/shared', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/shared/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { app } from 'electron';\nexport const x = app;\n", 'src/shared/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds('export const x = process.env.HOME;\n', 'src/shared/bad.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const x = document.title;\n', 'src/shared/bad.ts')).toContain('no-restricted-globals');
  });

  it('forbid src/shared importing another layer', async () => {
    expect(await ruleIds("import { startServer } from '../server/serve';\nexport const x = startServer;\n", 'src/shared/bad.ts')).toContain('no-restricted-imports');
  });

  it('let the renderer import only shared', async () => {
    expect(await ruleIds("import { createServiceHost } from '../../main/services/app-services';\nexport const x = createServiceHost;\n", 'src/renderer/app/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import fs from 'node:fs';\nexport const x = fs;\n", 'src/renderer/app/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { REQUEST_NAMES } from '../../shared/api';\nexport const x = REQUEST_NAMES;\n", 'src/renderer/app/good.ts')).toEqual([]);
  });

  it('keep the preload to electron and the contract names', async () => {
    expect(await ruleIds("import fs from 'node:fs';\nexport const x = fs;\n", 'src/preload/bad.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { requestSchemas } from '../shared/api';\nexport const x = requestSchemas;\n", 'src/preload/bad.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { z } from 'zod';\nexport const x = z;\n", 'src/preload/bad.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import type { WakewordApi } from '../shared/api';\nimport { isRequestName } from '../shared/contract-names';\nexport const x: Pick<WakewordApi, 'host'> = { host: 'electron' };\nexport const y = isRequestName;\n", 'src/preload/good.ts')).toEqual([]);
    expect(await ruleIds(readFileSync(path.resolve(__dirname, '../src/preload/index.ts'), 'utf8'), 'src/preload/index.ts')).toEqual([]);
  });

  it('keep raw IPC in the adapter files', async () => {
    const rawIpc = "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n";
    expect(await ruleIds(rawIpc, 'src/main/services/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(rawIpc, 'src/main/ipc.ts')).toEqual([]);
    expect(await ruleIds("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'src/renderer/app/bad.ts')).toContain('no-restricted-imports');
    const send = "import type { BrowserWindow } from 'electron';\nexport const f = (w: BrowserWindow) => w.webContents.send('x', 1);\n";
    expect(await ruleIds(send, 'src/main/window.ts')).toContain('no-restricted-syntax');
  });

  it('flag the committed layering-violation fixture placed in src/shared', async () => {
    const code = readFileSync(path.resolve(__dirname, 'fixtures/lint/shared-imports-node.ts'), 'utf8');
    expect(await ruleIds(code, 'src/shared/core/read-manifest.ts')).toContain('no-restricted-imports');
    // The same file is fine in a service, where Node I/O belongs.
    expect(await ruleIds(code, 'src/main/services/read-manifest.ts')).toEqual([]);
  });
});
