// WebAssembly text (.wat) to bytes, with wabt: `import bytes from './kernels.wat?bytes'` gives a Uint8Array
// of the compiled module. Used three ways, so the .wat stays the one source of the kernels:
// - watPlugin(): a Vite plugin, for electron-vite's bundles and vitest;
// - `node scripts/vite-wat-plugin.mjs <file.wat>`: the bytes on stdout, for scripts/wat-register.mjs (tsx);
// - compileWat(): both of the above, and the plugin's test.
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import initWabt from 'wabt';

export const WAT_QUERY = '?bytes';

/** The post-MVP features the kernels use; anything else is an error. */
const FEATURES = { simd: true };

let wabt;

/** A .wat file's problem, with where it is: wabt's "file:line:col: error: ..." message. */
export class WatError extends Error {
  constructor(message, file, line, column) {
    super(message);
    this.name = 'WatError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * The binary module for .wat `text` (read from `file` when not given). Parse and validation errors throw a
 * WatError naming the file and line.
 */
export async function compileWat(file, text) {
  const source = text ?? (await readFile(file, 'utf8'));
  wabt ??= await initWabt();
  let module;
  try {
    // The NUL is for wabt.js, which copies the name into a buffer one byte short of its terminator (its
    // messages then name "file.wat<garbage>").
    module = wabt.parseWat(`${file}\0`, source, FEATURES);
    module.resolveNames();
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // wabt: "parseWat failed:\n<file>:<line>:<col>: error: <what>\n<source line>\n<caret>"
    const where = message.match(/^(.*):(\d+):(\d+): error: /m);
    const detail = message.replace(/^\w+ failed:\n/, '').trimEnd();
    throw new WatError(`${detail.startsWith(file) ? '' : `${file}: `}${detail}`, file, where ? Number(where[2]) : undefined, where ? Number(where[3]) : undefined);
  } finally {
    module?.destroy();
  }
}

/** The JavaScript module a `?bytes` import becomes: base64 keeps the bundles small (4 characters per 3 bytes). */
export function bytesModule(bytes) {
  const base64 = Buffer.from(bytes).toString('base64');
  return `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));\n`;
}

/** Vite plugin: compiles `*.wat?bytes` imports; a .wat error fails the build at its file and line. */
export function watPlugin() {
  return {
    name: 'wakeword-wat',
    async load(id) {
      if (!id.endsWith(`.wat${WAT_QUERY}`)) return null;
      const file = id.slice(0, -WAT_QUERY.length);
      this.addWatchFile(file);
      try {
        return { code: bytesModule(await compileWat(file)), map: null };
      } catch (error) {
        if (!(error instanceof WatError)) throw error;
        this.error({ message: error.message, id: file, loc: error.line === undefined ? undefined : { file, line: error.line, column: error.column } });
      }
    },
  };
}

// `node scripts/vite-wat-plugin.mjs file.wat`: the compiled bytes on stdout, the error on stderr. (No top-level
// await: Vite bundles the configs that import this module as CommonJS.)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error(`usage: node ${fileURLToPath(import.meta.url)} <file.wat>`);
    process.exitCode = 2;
  } else {
    compileWat(file).then(
      (bytes) => process.stdout.write(bytes),
      (error) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
  }
}
