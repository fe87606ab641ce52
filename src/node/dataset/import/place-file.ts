/**
 * Moves a finished temp file to its final name without ever replacing an existing file: a hard link
 * fails with EEXIST instead of overwriting (atomic, even against another program writing the same name),
 * and "name (2).wav", "name (3).wav" ... are tried in turn.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { numberedName } from '../../../shared/core/dataset/import/import-names';

const MAX_ATTEMPTS = 10_000;
/** Errors meaning "this file system cannot hard-link", after which a no-clobber copy is used instead. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS', 'EACCES']);

async function claim(temp: string, target: string, linkable: { value: boolean }): Promise<boolean> {
  if (linkable.value) {
    try {
      await fs.link(temp, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return false;
      if (!NO_LINK.has(code)) throw error;
      linkable.value = false;
    }
  }
  try {
    await fs.copyFile(temp, target, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Places `temp` at `dir/fileName` or the first free numbered name; returns the name used and removes `temp`. */
export async function placeWithoutOverwrite(temp: string, dir: string, fileName: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const linkable = { value: true };
  try {
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      const candidate = numberedName(fileName, n);
      if (await claim(temp, path.join(dir, candidate), linkable)) return candidate;
    }
    throw new Error(`${path.join(dir, fileName)}: ${MAX_ATTEMPTS} files with this name already exist`);
  } finally {
    await fs.rm(temp, { force: true });
  }
}
