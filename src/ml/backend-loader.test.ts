import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { GPU_PACKAGE, loadBackend } from './backend-loader';

const notInstalled = (id: string): never => {
  const error = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
  error.code = 'MODULE_NOT_FOUND';
  throw error;
};

/** Stands in for tfjs-node-gpu: registers a 'tensorflow' backend (a cpu backend in disguise). */
function fakeTensorflow(usingGpu: boolean): (id: string) => unknown {
  return (id) => {
    expect(id).toBe(GPU_PACKAGE);
    tf.registerBackend('tensorflow', () => {
      const Cpu = tf.findBackend('cpu')?.constructor as new () => tf.KernelBackend;
      return Object.assign(new Cpu(), { isUsingGpuDevice: usingGpu });
    });
    return {};
  };
}

afterEach(() => {
  if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
});

describe('loadBackend', () => {
  it('auto: skips tfjs-node-gpu when it is not installed and says why, then loads wasm', async () => {
    const loaded = await loadBackend('auto');
    expect(loaded.id).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(loaded.reason).toMatch(/^WebAssembly with SIMD, single-threaded/);
    expect(loaded.skipped).toEqual([{ id: 'tensorflow', reason: expect.stringMatching(/@tensorflow\/tfjs-node-gpu is not installed \(optional; it needs CUDA/) }]);
  });

  it('explicit tensorflow that is not installed falls back to wasm and says so', async () => {
    const loaded = await loadBackend('tensorflow', { requireOptional: notInstalled });
    expect(loaded.id).toBe('wasm');
    expect(loaded.reason).toMatch(/fallback: tensorflow is unavailable/);
    expect(loaded.skipped[0]?.reason).toMatch(/^chosen but unavailable: @tensorflow\/tfjs-node-gpu is not installed/);
  });

  it('reports a tfjs-node-gpu that is installed but broken with the first line of its error', async () => {
    const loaded = await loadBackend('auto', {
      requireOptional: () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file\n    at Module._extensions');
      },
    });
    expect(loaded.id).toBe('wasm');
    expect(loaded.skipped[0]?.reason).toBe(`${GPU_PACKAGE} is installed but does not load: libcudart.so.11.0: cannot open shared object file (it needs CUDA 11.2 and cuDNN 8.1; see README "Training backends")`);
  });

  it('notices a package that loads but registers no backend', async () => {
    const loaded = await loadBackend('auto', { requireOptional: () => ({}) });
    expect(loaded.skipped[0]?.reason).toMatch(/registered no 'tensorflow' backend/);
  });

  it('uses tfjs-node-gpu when it loads, reporting a CPU build', async () => {
    const loaded = await loadBackend('auto', { requireOptional: fakeTensorflow(false) });
    expect(loaded).toEqual({ id: 'tensorflow', reason: 'native TensorFlow, CPU build (no CUDA device visible)', skipped: [] });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('reports the GPU when tfjs-node-gpu runs on one', async () => {
    const loaded = await loadBackend('tensorflow', { requireOptional: fakeTensorflow(true) });
    expect(loaded.id).toBe('tensorflow');
    expect(loaded.reason).toMatch(/^native TensorFlow on GPU: \S/);
  });

  it('explicit cpu loads plain JavaScript without trying the others', async () => {
    const loaded = await loadBackend('cpu', { requireOptional: () => expect.unreachable('tensorflow must not be tried') });
    expect(loaded).toEqual({ id: 'cpu', reason: 'plain JavaScript (always works, slowest)', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
  });

  it('explicit wasm loads WebAssembly and registers the training kernels', async () => {
    const loaded = await loadBackend('wasm');
    expect(loaded.id).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.tidy(() => Array.from(tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid').dataSync()))).toEqual([4, 4, 4, 4]);
  });

  it('falls back to cpu, naming the file, when the wasm binaries are missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-wasm-'));
    const loaded = await loadBackend('wasm', { wasmDir: empty, requireOptional: notInstalled });
    expect(loaded.id).toBe('cpu');
    expect(loaded.skipped[0]).toEqual({ id: 'wasm', reason: `chosen but unavailable: tfjs-backend-wasm-simd.wasm not found in ${empty} (reinstall @tensorflow/tfjs-backend-wasm)` });
    expect(loaded.skipped[1]?.id).toBe('tensorflow');
  });
});
