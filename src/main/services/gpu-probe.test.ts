import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeGpu } from './gpu-probe';

async function fakeNvidiaSmi(script: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smi-'));
  const file = path.join(dir, 'nvidia-smi');
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('probeGpu', () => {
  it('says there is no NVIDIA GPU when nvidia-smi is missing', async () => {
    expect(await probeGpu('/nonexistent/nvidia-smi')).toEqual({ available: false, detail: 'no NVIDIA GPU (nvidia-smi not found)' });
  });

  it('lists the GPUs nvidia-smi reports', async () => {
    const smi = await fakeNvidiaSmi('printf "NVIDIA GeForce RTX 3060\\nTesla T4\\n"');
    expect(await probeGpu(smi)).toEqual({ available: true, detail: 'NVIDIA GeForce RTX 3060, Tesla T4' });
  });

  it('passes on nvidia-smi errors (e.g. no driver)', async () => {
    const smi = await fakeNvidiaSmi('echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2; exit 9');
    const status = await probeGpu(smi);
    expect(status.available).toBe(false);
    expect(status.detail).toContain("couldn't communicate with the NVIDIA driver");
  });
});
