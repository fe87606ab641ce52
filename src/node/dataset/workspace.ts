/** The workspace folder layout: checking it, and creating it for "New workspace". */
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { RAW_DIR, WORKSPACE_FOLDERS } from '../../shared/core/dataset/categories';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

export function workspaceStatus(workspace: string): WorkspaceStatus {
  const root = path.resolve(workspace);
  const exists = isDirectory(root);
  return { path: root, exists, missingFolders: exists ? WORKSPACE_FOLDERS.filter((folder) => !isDirectory(path.join(root, folder))) : [...WORKSPACE_FOLDERS] };
}

/** The absolute workspace path, or a WorkspaceError a user can act on. */
export function requireWorkspace(workspace: string): string {
  const root = path.resolve(workspace);
  if (!existsSync(root)) throw new WorkspaceError(`workspace folder not found: ${root}`);
  if (!isDirectory(root)) throw new WorkspaceError(`workspace is not a folder: ${root}`);
  return root;
}

/** The folder "Open workspace" opens, or a WorkspaceError saying in plain words why it cannot be opened. */
export function requireOpenableWorkspace(workspace: string): string {
  const root = path.resolve(workspace);
  if (!existsSync(root)) throw new WorkspaceError(`Could not open ${root}: the folder does not exist`);
  if (!isDirectory(root)) throw new WorkspaceError(`Could not open ${root}: it is a file, not a folder`);
  return root;
}

/** Like requireWorkspace, and insists on data/raw, which scanning and splitting need. */
export function requireDatasetWorkspace(workspace: string): string {
  const root = requireWorkspace(workspace);
  if (!isDirectory(path.join(root, RAW_DIR))) {
    throw new WorkspaceError(
      `${root} has no ${RAW_DIR} folder: put audio in ${RAW_DIR}/{positive,negative,hard_negative,background,rirs} or use "New workspace" to create the layout`,
    );
  }
  return root;
}

/** Creates every missing layout folder (an existing workspace is left as it is). */
export async function createWorkspace(workspace: string): Promise<WorkspaceStatus> {
  const root = path.resolve(workspace);
  if (existsSync(root) && !isDirectory(root)) throw new WorkspaceError(`cannot create a workspace: ${root} is a file`);
  for (const folder of WORKSPACE_FOLDERS) await fs.mkdir(path.join(root, folder), { recursive: true });
  return workspaceStatus(root);
}
