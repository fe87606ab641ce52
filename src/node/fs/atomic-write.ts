/**
 * Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it over the target,
 * fsync the folder. A reader (or a crash at any point) sees either the old file or the new one, never half.
 * Used for manifests, configs, settings-like JSON and checkpoints.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { diskFullWhileWritingFolder } from './disk-full';

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; Windows cannot open folders for fsync, and does not need to.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `files` into a new hidden sibling of `target`, each fsynced; returns that folder. */
async function writeStaging(target: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<string> {
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await fs.mkdir(temp);
  try {
    for (const [name, data] of Object.entries(files)) {
      const handle = await fs.open(path.join(temp, name), 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await syncDirectory(temp);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  return temp;
}

/**
 * Writes a whole folder so that it appears complete or not at all: files go into a hidden sibling,
 * each is fsynced, then the folder is renamed into place. Used for checkpoints and the best model.
 */
export async function writeFolderAtomic(target: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
  const temp = await writeStaging(target, files);
  try {
    // rename() cannot replace a non-empty folder: move the old one aside first, remove it after.
    const old = `${temp}.old`;
    const hadOld = await fs.rename(target, old).then(
      () => true,
      () => false,
    );
    await fs.rename(temp, target);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

/**
 * Adds `files` to the folder `dir` (which may hold other files: an export into a folder the user chose), all
 * or none: every file is written and fsynced in a hidden sibling first, so a full disk or a crash while
 * writing leaves `dir` as it was; only then are they renamed in, in the given order (put the file that says
 * "complete", such as a manifest, last).
 */
export async function writeFilesTogether(dir: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
  // A full disk is said in words naming the folder (exports and splits come here); the folder is untouched.
  const temp = await writeStaging(dir, files).catch((error: unknown) => {
    throw diskFullWhileWritingFolder(error, dir);
  });
  try {
    await fs.mkdir(dir, { recursive: true });
    for (const name of Object.keys(files)) await fs.rename(path.join(temp, name), path.join(dir, name));
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
  await syncDirectory(dir);
}
