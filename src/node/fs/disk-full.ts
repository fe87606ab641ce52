/**
 * A full disk in words. Node reports it as "ENOSPC: no space left on device, write", which names neither the
 * folder nor what state the user's files are in; these say both and what to do.
 */
import path from 'node:path';

/** ENOSPC, or EDQUOT (a user's disk quota is used up: the same remedy). */
export function isDiskFull(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** "the disk holding <dir> is full (no space left while writing <file>)" */
export function diskFullCause(error: NodeJS.ErrnoException, dir: string): string {
  // The file's own name: its folder is often a hidden staging folder that would only confuse.
  const shown = typeof error.path === 'string' ? path.basename(error.path) : null;
  const quota = error.code === 'EDQUOT' ? 'your disk quota' : 'the disk';
  return `${quota} holding ${dir} is full (no space left${shown ? ` while writing ${shown}` : ''})`;
}

/**
 * For a folder written all or nothing (an export, the dataset splits): says the folder was left as it was. Other
 * errors are returned unchanged.
 */
export function diskFullWhileWritingFolder(error: unknown, dir: string): unknown {
  if (!isDiskFull(error)) return error;
  const cause = diskFullCause(error, dir);
  return Object.assign(new Error(`${cause.charAt(0).toUpperCase()}${cause.slice(1)}: nothing was written there, ${dir} is as it was before. Free some space, then try again.`, { cause: error }), { code: error.code });
}
