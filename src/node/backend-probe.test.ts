import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeCpu, probeTensorflow, probeWasm } from './backend-probe';
import { findProjectRoot } from './project-root';

async function fakeProject(gpuModuleSource: string | null): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'probe-'));
  if (gpuModuleSource !== null) {
    const pkg = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node-gpu');
    await mkdir(pkg, { recursive: true });
    await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', main: 'index.js' }));
    await writeFile(path.join(pkg, 'index.js'), gpuModuleSource);
  }
  return dir;
}

describe('backend probes', () => {
  it('says tfjs-node-gpu is not installed, and what it needs', async () => {
    const status = await probeTensorflow({ resolveFrom: await fakeProject(null) });
    expect(status).toEqual({ id: 'tensorflow', available: false, reason: expect.stringContaining('is not installed') });
    expect(status.reason).toContain('CUDA 11.2');
  });

  it('reports the load error when tfjs-node-gpu is installed but broken', async () => {
    const broken = "throw new Error('libcudart.so.11.0: cannot open shared object file');";
    const status = await probeTensorflow({ resolveFrom: await fakeProject(broken) });
    expect(status.available).toBe(false);
    expect(status.reason).toContain('does not load');
    expect(status.reason).toContain('libcudart.so.11.0');
  });

  it('reports a working native build', async () => {
    const working = 'module.exports = { backend: () => ({}), getBackend: () => "tensorflow" };';
    const status = await probeTensorflow({ resolveFrom: await fakeProject(working) });
    expect(status).toEqual({ id: 'tensorflow', available: true, reason: 'native TensorFlow, CPU build (no CUDA device visible)' });
  });

  it('finds the wasm and cpu backends of this checkout', async () => {
    const root = findProjectRoot();
    const wasm = await probeWasm({ resolveFrom: root });
    expect(wasm.available).toBe(true);
    expect(wasm.reason).toMatch(/^WebAssembly/);
    expect(probeCpu({ resolveFrom: root }).available).toBe(true);
  });

  it('says how to fix a missing wasm backend', async () => {
    const status = await probeWasm({ resolveFrom: await fakeProject(null) });
    expect(status).toEqual({ id: 'wasm', available: false, reason: expect.stringContaining('run npm install') });
  });
});
