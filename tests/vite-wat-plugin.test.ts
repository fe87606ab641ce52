import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileWat, watPlugin, WatError } from '../scripts/vite-wat-plugin.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** A valid module: adds two i32s, and uses SIMD, which the kernels need enabled. */
const ADD = `(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))
  (func (export "lanes") (result i32)
    (i32x4.extract_lane 2 (i32x4.splat (i32.const 7)))))
`;
/** A syntax error on line 3 (an instruction that does not exist). */
const MISSPELT = `(module
  (func (export "f") (result i32)
    (i32.ad (i32.const 1) (i32.const 2))))
`;
/** Parses, but does not validate: line 4 returns an i64 from an i32 function. */
const MISTYPED = `(module
  ;; a comment
  (func (export "f") (result i32)
    (i64.const 1)))
`;

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Instance: new (module: object) => { exports: Record<string, (...args: number[]) => number> };
  Module: new (bytes: Uint8Array) => object;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wat-plugin-'));
  await writeFile(path.join(dir, 'add.wat'), ADD);
  await writeFile(path.join(dir, 'misspelt.wat'), MISSPELT);
  await writeFile(path.join(dir, 'mistyped.wat'), MISTYPED);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compileWat: WebAssembly text to a module', () => {
  it('compiles a valid module to bytes WebAssembly validates and runs', async () => {
    const bytes = await compileWat(path.join(dir, 'add.wat'));
    expect(Wasm.validate(bytes)).toBe(true);
    const { exports } = new Wasm.Instance(new Wasm.Module(bytes));
    expect(exports.add?.(40, 2)).toBe(42);
    expect(exports.lanes?.()).toBe(7);
  });

  it('compiles the SIMD kernels, exporting every kernel simd-kernels.ts calls', async () => {
    const bytes = await compileWat(path.join(root, 'src', 'ml', 'kernels', 'simd-kernels.wat'));
    expect(Wasm.validate(bytes)).toBe(true);
    const text = await readFile(path.join(root, 'src', 'ml', 'kernels', 'simd-kernels.ts'), 'utf8');
    const declared = [...text.slice(text.indexOf('interface SimdKernels'), text.indexOf('\n}', text.indexOf('interface SimdKernels'))).matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(5);
    const wat = await readFile(path.join(root, 'src', 'ml', 'kernels', 'simd-kernels.wat'), 'utf8');
    const exported = [...wat.matchAll(/\(export "(\w+)"\)/g)].map((m) => m[1]);
    expect(exported.sort()).toEqual([...declared].sort());
  });

  it('names the file, line and problem of a syntax error', async () => {
    const file = path.join(dir, 'misspelt.wat');
    const error = await compileWat(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WatError);
    expect((error as WatError).message).toContain(`${file}:3:6: error: unexpected token "i32.ad"`);
    expect((error as WatError).line).toBe(3);
  });

  it('names the file exactly in every message, whatever its length (wabt.js garbles some names otherwise)', async () => {
    const text = await readFile(path.join(root, 'src', 'ml', 'kernels', 'simd-kernels.wat'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('(local.set $px (i32.add')) + 1;
    // wabt.js copies the name into a buffer one byte short of its terminator: whether that byte survives
    // depends on the name's length modulo the allocator's alignment, so try every length modulo 16.
    for (let pad = 0; pad < 16; pad++) {
      const file = path.join(dir, `typo-${'x'.repeat(pad)}.wat`);
      await writeFile(file, text.replace('(local.set $px (i32.add', '(local.sett $px (i32.add'));
      const message = await compileWat(file).then(
        () => '',
        (e: unknown) => (e as Error).message,
      );
      const located = message.split('\n').filter((l) => / error: /.test(l));
      expect(located.length).toBeGreaterThan(0);
      for (const l of located) expect(l.slice(0, file.length + 1)).toBe(`${file}:`);
      expect(located[0]).toMatch(new RegExp(`:${line}:\\d+: error: `));
    }
  });

  it('names the file and line of a module that parses but does not validate', async () => {
    const file = path.join(dir, 'mistyped.wat');
    await expect(compileWat(file)).rejects.toThrow(`${file}:4:`);
    await expect(compileWat(file)).rejects.toMatchObject({ line: 4, message: expect.stringContaining('type mismatch') });
  });
});

describe('watPlugin: `import bytes from "./x.wat?bytes"` in a Vite build', () => {
  async function bundle(watFile: string): Promise<string> {
    const entry = path.join(dir, `entry-${watFile}.js`);
    await writeFile(entry, `import bytes from './${watFile}?bytes';\nexport { bytes };\n`);
    await build({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      plugins: [watPlugin()],
      build: { lib: { entry, formats: ['es'], fileName: () => `out-${watFile}.mjs` }, outDir: path.join(dir, 'dist'), emptyOutDir: false, minify: false },
    });
    return path.join(dir, 'dist', `out-${watFile}.mjs`);
  }

  it('bundles the compiled bytes', async () => {
    const out = await bundle('add.wat');
    const { bytes } = (await import(pathToFileURL(out).href)) as { bytes: Uint8Array };
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([...(await compileWat(path.join(dir, 'add.wat')))]);
  });

  it('fails the build on a .wat error, naming the file and line', async () => {
    const file = path.join(dir, 'misspelt.wat');
    await expect(bundle('misspelt.wat')).rejects.toThrow(`${file}:3:6: error: unexpected token "i32.ad"`);
  });
});

describe('scripts/wat-register.mjs: the same imports in TypeScript run through tsx', () => {
  const run = (script: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(root, 'scripts', 'wat-register.mjs')).href, script], { cwd: root, encoding: 'utf8' });

  it('gives the compiled bytes', async () => {
    const script = path.join(dir, 'ok.ts');
    await writeFile(script, `import bytes from './add.wat?bytes';\nconsole.log(bytes instanceof Uint8Array, WebAssembly.validate(bytes), bytes.length);\n`);
    const result = run(script);
    expect(result.stderr).toBe('');
    const expected = await compileWat(path.join(dir, 'add.wat'));
    expect(result.stdout.trim()).toBe(`true true ${expected.length}`);
  });

  it('fails the import on a .wat error, naming the file and line', async () => {
    const script = path.join(dir, 'bad.ts');
    await writeFile(script, `import bytes from './mistyped.wat?bytes';\nconsole.log(bytes.length);\n`);
    const result = run(script);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${path.join(dir, 'mistyped.wat')}:4:`);
  });
});
