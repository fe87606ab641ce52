/**
 * Test-only preload (`NODE_OPTIONS=--require <this file>`) that makes one folder behave like a small disk, so the
 * e2e tests can fill it without root, mounts or loop devices. Child processes inherit NODE_OPTIONS, so the
 * trainer and export workers see the same "disk".
 *
 *   WAKEWORD_TEST_DISK_DIR         the folder that is the disk (writes elsewhere are untouched)
 *   WAKEWORD_TEST_DISK_BYTES       its capacity: the sizes of all files under it may not exceed this
 *   WAKEWORD_TEST_DISK_BYTES_FILE  or a file holding the capacity, read at every write, so a test can fill the
 *                                  disk at an event and give the space back later (missing or empty: no limit)
 *   WAKEWORD_TEST_DISK_READONLY=1  instead: the folder is a read-only mount (see installReadOnly)
 *
 * Space is what the files under the folder hold now, so deleting files frees it, as on a real disk. A write that
 * does not fit writes what fits, then fails with the error Node gives for a full disk (code ENOSPC, errno -28).
 */
'use strict';
// NODE_OPTIONS=--require loads CommonJS, before any module of the program: require() is the point here.
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.WAKEWORD_TEST_DISK_DIR ? path.resolve(process.env.WAKEWORD_TEST_DISK_DIR) : null;
if (dir !== null && process.env.WAKEWORD_TEST_DISK_READONLY === '1') installReadOnly(dir);
else if (dir !== null) install(dir);

/**
 * WAKEWORD_TEST_DISK_READONLY=1: the folder is a read-only mount instead. Every change under it fails with EROFS
 * and access(W_OK) says so, as the kernel does for root too (unlike file modes, which root ignores).
 */
function installReadOnly(root) {
  const inside = (file) => {
    if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return false;
    const resolved = path.resolve(file instanceof URL ? file.pathname : String(file));
    return resolved === root || resolved.startsWith(root + path.sep);
  };
  const erofs = (syscall, file) => Object.assign(new Error(`EROFS: read-only file system, ${syscall} '${String(file)}'`), { errno: -30, code: 'EROFS', syscall, path: String(file) });
  const writes = (flags) => typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags);
  /** Which arguments are paths that must not change, and when (mkdir of an existing folder is no change). */
  const rules = {
    open: (args) => writes(args[1]) && inside(args[0]) ? args[0] : null,
    access: (args) => typeof args[1] === 'number' && (args[1] & fs.constants.W_OK) !== 0 && inside(args[0]) ? args[0] : null,
    mkdir: (args) => inside(args[0]) && !fs.existsSync(args[0]) ? args[0] : null,
    rename: (args) => [args[0], args[1]].find(inside) ?? null,
    copyFile: (args) => inside(args[1]) ? args[1] : null,
    symlink: (args) => inside(args[1]) ? args[1] : null,
    link: (args) => inside(args[1]) ? args[1] : null,
  };
  for (const name of ['writeFile', 'appendFile', 'unlink', 'rmdir', 'rm', 'chmod', 'chown', 'utimes', 'truncate', 'mkdtemp']) rules[name] = (args) => inside(args[0]) ? args[0] : null;
  for (const [name, blocked] of Object.entries(rules)) {
    const callback = fs[name];
    const sync = fs[`${name}Sync`];
    const promised = fs.promises[name];
    if (callback) fs[name] = function guarded(...args) {
      const file = blocked(args);
      if (file === null) return callback.apply(fs, args);
      const done = args.pop();
      process.nextTick(() => done(erofs(name, file)));
    };
    if (sync) fs[`${name}Sync`] = function guardedSync(...args) {
      const file = blocked(args);
      if (file !== null) throw erofs(name, file);
      return sync.apply(fs, args);
    };
    if (promised) fs.promises[name] = async function guardedPromise(...args) {
      const file = blocked(args);
      if (file !== null) throw erofs(name, file);
      return promised.apply(fs.promises, args);
    };
  }
}

function install(root) {
  const original = {
    open: fs.open,
    openSync: fs.openSync,
    close: fs.close,
    closeSync: fs.closeSync,
    write: fs.write,
    writeSync: fs.writeSync,
    writev: fs.writev,
    writeFile: fs.writeFile,
    writeFileSync: fs.writeFileSync,
    appendFile: fs.appendFile,
    appendFileSync: fs.appendFileSync,
    promises: { open: fs.promises.open, writeFile: fs.promises.writeFile, appendFile: fs.promises.appendFile },
    lstatSync: fs.lstatSync,
    readdirSync: fs.readdirSync,
    readFileSync: fs.readFileSync,
  };
  /** fd → path, for writes through file descriptors and streams. */
  const openFiles = new Map();

  const inside = (file) => {
    if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return false;
    const resolved = path.resolve(file instanceof URL ? file.pathname : String(file));
    return resolved === root || resolved.startsWith(root + path.sep);
  };

  const capacity = () => {
    if (process.env.WAKEWORD_TEST_DISK_BYTES) return Number(process.env.WAKEWORD_TEST_DISK_BYTES);
    const file = process.env.WAKEWORD_TEST_DISK_BYTES_FILE;
    if (!file) return Infinity;
    let text = '';
    try {
      text = original.readFileSync(file, 'utf8').trim();
    } catch {
      return Infinity;
    }
    return text === '' ? Infinity : Number(text);
  };

  const used = () => {
    let total = 0;
    const walk = (folder) => {
      let entries;
      try {
        entries = original.readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) {
          try {
            total += original.lstatSync(full).size;
          } catch {
            // Removed while we counted: it no longer uses space.
          }
        }
      }
    };
    walk(root);
    return total;
  };

  /** How many of `wanted` bytes still fit (all of them outside the disk folder). */
  const room = (file, wanted) => {
    if (!inside(file)) return wanted;
    return Math.max(0, Math.min(wanted, capacity() - used()));
  };

  const enospc = (syscall, file) => {
    const error = new Error(`ENOSPC: no space left on device, ${syscall}`);
    return Object.assign(error, { errno: -28, code: 'ENOSPC', syscall, ...(file === undefined ? {} : { path: String(file) }) });
  };

  const bytesOf = (data, encoding) => {
    if (typeof data === 'string') return Buffer.from(data, typeof encoding === 'string' ? encoding : (encoding?.encoding ?? 'utf8'));
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return null;
  };

  // --- file descriptors (fs.write*, and the streams built on them)
  fs.open = function open(file, ...rest) {
    const callback = rest.pop();
    return original.open.call(fs, file, ...rest, (error, fd) => {
      if (!error && inside(file)) openFiles.set(fd, String(file));
      callback(error, fd);
    });
  };
  fs.openSync = function openSync(file, ...rest) {
    const fd = original.openSync.call(fs, file, ...rest);
    if (inside(file)) openFiles.set(fd, String(file));
    return fd;
  };
  fs.close = function close(fd, ...rest) {
    openFiles.delete(fd);
    return original.close.call(fs, fd, ...rest);
  };
  fs.closeSync = function closeSync(fd) {
    openFiles.delete(fd);
    return original.closeSync.call(fs, fd);
  };
  fs.writeSync = function writeSync(fd, data, ...rest) {
    const file = openFiles.get(fd);
    const bytes = bytesOf(data, rest[1]);
    if (file !== undefined && bytes !== null) {
      const offset = typeof data === 'string' ? 0 : typeof rest[0] === 'number' ? rest[0] : 0;
      const length = typeof data === 'string' ? bytes.length : typeof rest[1] === 'number' ? rest[1] : bytes.length - offset;
      if (room(file, length) < length) throw enospc('write', file);
    }
    return original.writeSync.call(fs, fd, data, ...rest);
  };
  fs.write = function write(fd, data, ...rest) {
    const file = openFiles.get(fd);
    const bytes = bytesOf(data, undefined);
    if (file !== undefined && bytes !== null) {
      const length = typeof data !== 'string' && typeof rest[1] === 'number' ? rest[1] : bytes.length;
      if (room(file, length) < length) {
        const callback = rest.pop();
        process.nextTick(() => callback(enospc('write', file)));
        return undefined;
      }
    }
    return original.write.call(fs, fd, data, ...rest);
  };
  fs.writev = function writev(fd, buffers, ...rest) {
    const file = openFiles.get(fd);
    const length = buffers.reduce((sum, b) => sum + b.byteLength, 0);
    if (file !== undefined && room(file, length) < length) {
      const callback = rest.pop();
      process.nextTick(() => callback(enospc('write', file)));
      return undefined;
    }
    return original.writev.call(fs, fd, buffers, ...rest);
  };

  // --- whole-file writes by path: write what fits (a real full disk leaves a partial file), then fail.
  const partial = (file, data, options) => {
    const bytes = bytesOf(data, options);
    if (bytes === null || !inside(file)) return null;
    const fits = room(file, bytes.length);
    return fits < bytes.length ? bytes.subarray(0, fits) : null;
  };
  fs.writeFileSync = function writeFileSync(file, data, options) {
    const cut = partial(file, data, options);
    if (cut !== null) {
      original.writeFileSync.call(fs, file, cut);
      throw enospc('write', file);
    }
    return original.writeFileSync.call(fs, file, data, options);
  };
  fs.appendFileSync = function appendFileSync(file, data, options) {
    const cut = partial(file, data, options);
    if (cut !== null) {
      original.appendFileSync.call(fs, file, cut);
      throw enospc('write', file);
    }
    return original.appendFileSync.call(fs, file, data, options);
  };
  for (const name of ['writeFile', 'appendFile']) {
    fs[name] = function writeOrAppend(file, data, ...rest) {
      const callback = rest.pop();
      const cut = partial(file, data, rest[0]);
      if (cut !== null) return original[name].call(fs, file, cut, () => callback(enospc('write', file)));
      return original[name].call(fs, file, data, ...rest, callback);
    };
  }
  for (const name of ['writeFile', 'appendFile']) {
    fs.promises[name] = async function writeOrAppend(file, data, options) {
      if (typeof file === 'object' && file !== null && typeof file.fd === 'number') return original.promises[name].call(fs.promises, file, data, options);
      const cut = partial(file, data, options);
      if (cut !== null) {
        await original.promises[name].call(fs.promises, file, cut);
        throw enospc('write', file);
      }
      return original.promises[name].call(fs.promises, file, data, options);
    };
  }

  // --- FileHandle (fs.promises.open): its write methods go straight to the binding, so patch its prototype.
  const handles = new WeakMap();
  let handlePrototypePatched = false;
  const patchHandlePrototype = (proto) => {
    handlePrototypePatched = true;
    const writeFile = proto.writeFile;
    const appendFile = proto.appendFile;
    const write = proto.write;
    const writev = proto.writev;
    proto.writeFile = async function handleWriteFile(data, options) {
      const file = handles.get(this);
      if (file !== undefined) {
        const cut = partial(file, data, options);
        if (cut !== null) {
          await writeFile.call(this, cut);
          throw enospc('write', file);
        }
      }
      return writeFile.call(this, data, options);
    };
    proto.appendFile = async function handleAppendFile(data, options) {
      const file = handles.get(this);
      if (file !== undefined) {
        const cut = partial(file, data, options);
        if (cut !== null) {
          await appendFile.call(this, cut);
          throw enospc('write', file);
        }
      }
      return appendFile.call(this, data, options);
    };
    proto.write = async function handleWrite(data, ...rest) {
      const file = handles.get(this);
      const bytes = bytesOf(data, undefined);
      if (file !== undefined && bytes !== null) {
        const length = typeof data !== 'string' && typeof rest[1] === 'number' ? rest[1] : bytes.length;
        if (room(file, length) < length) throw enospc('write', file);
      }
      return write.call(this, data, ...rest);
    };
    proto.writev = async function handleWritev(buffers, position) {
      const file = handles.get(this);
      const length = buffers.reduce((sum, b) => sum + b.byteLength, 0);
      if (file !== undefined && room(file, length) < length) throw enospc('write', file);
      return writev.call(this, buffers, position);
    };
  };
  fs.promises.open = async function open(file, ...rest) {
    const handle = await original.promises.open.call(fs.promises, file, ...rest);
    if (!handlePrototypePatched) patchHandlePrototype(Object.getPrototypeOf(handle));
    if (inside(file)) handles.set(handle, String(file));
    return handle;
  };
}
