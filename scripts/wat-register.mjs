// `node --import tsx --import ./scripts/wat-register.mjs …`: lets TypeScript run from source through tsx (the
// benches, workers started by unit tests) import `*.wat?bytes` as Vite builds do (scripts/vite-wat-plugin.mjs).
// tsx runs this CommonJS package's .ts files through require(), which is synchronous, while wabt only loads
// asynchronously: the bytes come from a child process running the same compiler, cached by the text's hash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAT_QUERY } from './vite-wat-plugin.mjs';

const COMPILER = fileURLToPath(new URL('./vite-wat-plugin.mjs', import.meta.url));
const CACHE = fileURLToPath(new URL('../node_modules/.cache/wat/', import.meta.url));

function compiledBytes(file) {
  const text = readFileSync(file);
  const cached = path.join(CACHE, `${createHash('sha256').update(text).digest('hex')}.wasm`);
  try {
    return readFileSync(cached);
  } catch {
    // not compiled yet
  }
  let bytes;
  try {
    bytes = execFileSync(process.execPath, [COMPILER, file], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    throw new Error(String(error.stderr ?? error.message).trim());
  }
  mkdirSync(CACHE, { recursive: true });
  // Written aside then renamed: processes starting together never read half a file.
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, bytes);
  renameSync(partial, cached);
  return bytes;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWat(request, parent, ...rest) {
  if (typeof request === 'string' && request.endsWith(`.wat${WAT_QUERY}`) && parent?.filename) {
    return path.resolve(path.dirname(parent.filename), request.slice(0, -WAT_QUERY.length));
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
Module._extensions['.wat'] = (module, filename) => {
  module.exports = { __esModule: true, default: new Uint8Array(compiledBytes(filename)) };
};
