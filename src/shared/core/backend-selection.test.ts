import { describe, expect, it } from 'vitest';
import type { BackendStatus } from '../contract/api';
import { selectBackend } from './backend-selection';

const noGpu: BackendStatus = { id: 'tensorflow', available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' };
const wasm: BackendStatus = { id: 'wasm', available: true, reason: 'WebAssembly with SIMD' };
const cpu: BackendStatus = { id: 'cpu', available: true, reason: 'plain JavaScript' };

describe('selectBackend', () => {
  it('auto picks the first available backend and says why the earlier one was skipped', () => {
    const chosen = selectBackend('auto', [noGpu, wasm, cpu]);
    expect(chosen.id).toBe('wasm');
    expect(chosen.reason).toContain('tensorflow skipped: @tensorflow/tfjs-node-gpu is not installed');
  });

  it('auto prefers tensorflow when it loads', () => {
    const gpu: BackendStatus = { id: 'tensorflow', available: true, reason: 'GPU: NVIDIA T4' };
    expect(selectBackend('auto', [gpu, wasm, cpu]).id).toBe('tensorflow');
  });

  it('an explicit, available choice wins over the auto order', () => {
    expect(selectBackend('cpu', [noGpu, wasm, cpu])).toEqual({ id: 'cpu', reason: 'chosen in settings; plain JavaScript' });
  });

  it('an explicit, unavailable choice falls back and names the problem', () => {
    const chosen = selectBackend('tensorflow', [noGpu, { ...wasm, available: false, reason: 'wasm file missing' }, cpu]);
    expect(chosen.id).toBe('cpu');
    expect(chosen.reason).toContain('tensorflow was chosen but is unavailable: @tensorflow/tfjs-node-gpu is not installed');
    expect(chosen.reason).toContain('wasm skipped: wasm file missing');
  });
});
