/**
 * Every path an API request names must resolve, after symbolic links, inside the open workspace: the
 * browser UI of `wakeword serve` is a network client, and a link planted in data/raw must not lead a request
 * to /etc/passwd. Files from elsewhere come in only by the user's own choice (native dialogs and
 * drag-and-drop on the desktop, uploads in the browser). Refusals say the same thing whether or not an
 * outside file exists.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export class OutsideWorkspaceError extends Error {
  override readonly name = 'OutsideWorkspaceError';
}

/** Whether `child` is `parent` itself or lies below it (both absolute, already resolved). */
export function isInsideFolder(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function realFolder(folder: string): Promise<string> {
  return fs.realpath(folder).catch(() => path.resolve(folder));
}

/**
 * The real path of an existing file or folder that `requested` (absolute, or relative to `root`) names inside
 * `root`; `label` names the request's field in messages.
 */
export async function resolveExistingInside(root: string, requested: string, label = requested): Promise<string> {
  const refused = new OutsideWorkspaceError(`${label}: not a file inside the open workspace`);
  const lexical = path.resolve(root, requested);
  if (!isInsideFolder(lexical, path.resolve(root))) throw refused;
  let real: string;
  try {
    real = await fs.realpath(lexical);
  } catch {
    throw new Error(`${label}: not found in the workspace`);
  }
  if (!isInsideFolder(real, await realFolder(root))) throw refused;
  return real;
}

/**
 * Creates `folder` (absolute, or relative to `root`) if needed and checks that it really lies inside `root`:
 * a folder on the way that is a link to elsewhere is refused before anything is written there.
 */
export async function ensureFolderInside(root: string, folder: string, label = folder): Promise<string> {
  const lexical = path.resolve(root, folder);
  const refused = new OutsideWorkspaceError(`${label}: not a folder inside the open workspace`);
  if (!isInsideFolder(lexical, path.resolve(root))) throw refused;
  const realRoot = await realFolder(root);
  // Walk down from the root so no link on the way is followed out before the check.
  let current = path.resolve(root);
  for (const part of path.relative(path.resolve(root), lexical).split(path.sep).filter((p) => p !== '')) {
    current = path.join(current, part);
    await fs.mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const real = await fs.realpath(current);
    if (!isInsideFolder(real, realRoot)) throw refused;
  }
  return fs.realpath(lexical);
}
