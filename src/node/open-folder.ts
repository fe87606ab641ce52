import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OpenFolderResult } from '../shared/contract/api';

/** Shows a folder in the file manager: desktop only, and only folders inside the open workspace. */
export async function openFolderInWorkspace(
  folder: string,
  workspace: string | null,
  open: ((folder: string) => Promise<string>) | undefined,
): Promise<OpenFolderResult> {
  if (!open) return { opened: false, reason: 'Opening folders works in the desktop app; in a browser the files are on the server.' };
  if (!workspace) return { opened: false, reason: 'No workspace is open.' };
  const target = path.resolve(folder);
  const root = path.resolve(workspace);
  if (target !== root && !target.startsWith(root + path.sep)) return { opened: false, reason: `${target} is outside the workspace ${root}.` };
  if (!existsSync(target) || !statSync(target).isDirectory()) return { opened: false, reason: `${target} is not a folder (any more).` };
  // Electron's shell.openPath answers an empty string on success, an error message otherwise.
  const error = await open(target);
  return error ? { opened: false, reason: error } : { opened: true };
}
