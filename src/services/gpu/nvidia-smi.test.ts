import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuSnapshot } from '../../shared/gpu';
import { GpuMonitor } from './gpu-monitor';
import { NVIDIA_SMI_ARGS, parseNvidiaSmiCsv, readNvidiaSmi } from '../../node/gpu/nvidia-smi';

const fixture = (name: string): Promise<string> => readFile(path.resolve(__dirname, '../../../tests/fixtures/nvidia-smi', name), 'utf8');

/** A fake nvidia-smi that checks it was asked the right question, then prints a recorded answer. */
async function fakeNvidiaSmi(outputFile: string, exitCode = 0): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-smi-'));
  const file = path.join(dir, 'nvidia-smi');
  const expected = NVIDIA_SMI_ARGS.join(' ');
  await writeFile(file, `#!/bin/sh\nif [ "$*" != "${expected}" ]; then echo "unexpected args: $*" >&2; exit 64; fi\ncat "${outputFile}"\nexit ${String(exitCode)}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('nvidia-smi CSV parsing (recorded outputs)', () => {
  it('reads one GPU', async () => {
    expect(parseNvidiaSmiCsv(await fixture('one-gpu.csv'))).toEqual({
      ok: true,
      gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3090', utilizationPercent: 87, memoryUsedMiB: 18234, memoryTotalMiB: 24576, temperatureC: 71, powerW: 301.45 }],
    });
  });

  it('reads two GPUs in order', async () => {
    const parsed = parseNvidiaSmiCsv(await fixture('two-gpus.csv'));
    expect(parsed.ok && parsed.gpus.map((gpu) => [gpu.index, gpu.utilizationPercent, gpu.temperatureC])).toEqual([
      [0, 45, 58],
      [1, 0, 41],
    ]);
  });

  it('turns [N/A] and [Not Supported] into null', async () => {
    const parsed = parseNvidiaSmiCsv(await fixture('not-available.csv'));
    expect(parsed.ok && parsed.gpus[0]).toMatchObject({ utilizationPercent: null, powerW: null, memoryUsedMiB: 1024 });
  });

  it('passes on error text instead of inventing readings', async () => {
    expect(parseNvidiaSmiCsv(await fixture('no-devices.txt'))).toEqual({ ok: false, reason: 'nvidia-smi: No devices were found' });
    expect(parseNvidiaSmiCsv('')).toEqual({ ok: false, reason: 'nvidia-smi listed no GPUs' });
  });
});

describe('readNvidiaSmi with a fake nvidia-smi', () => {
  const fixtures = path.resolve(__dirname, '../../../tests/fixtures/nvidia-smi');

  it('reports two GPUs', async () => {
    const snapshot = await readNvidiaSmi(await fakeNvidiaSmi(path.join(fixtures, 'two-gpus.csv')));
    expect(snapshot.available && snapshot.gpus.map((gpu) => gpu.name)).toEqual(['Tesla T4', 'Tesla T4']);
  });

  it('says why when the driver is missing', async () => {
    const snapshot = await readNvidiaSmi(await fakeNvidiaSmi(path.join(fixtures, 'no-driver.txt'), 9));
    expect(snapshot).toMatchObject({ available: false, reason: expect.stringContaining("couldn't communicate with the NVIDIA driver") });
  });

  it('says "no NVIDIA GPU" when nvidia-smi is not installed', async () => {
    expect(await readNvidiaSmi('/nonexistent/nvidia-smi')).toMatchObject({ available: false, reason: 'no NVIDIA GPU (nvidia-smi not found)' });
  });

  it('finds nvidia-smi on PATH', async () => {
    const fake = await fakeNvidiaSmi(path.join(fixtures, 'one-gpu.csv'));
    const savedPath = process.env.PATH;
    process.env.PATH = `${path.dirname(fake)}:${savedPath ?? ''}`;
    try {
      expect((await readNvidiaSmi()).available).toBe(true);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

describe('GpuMonitor', () => {
  it('polls at the interval until stopped', async () => {
    const seen: GpuSnapshot[] = [];
    let calls = 0;
    const monitor = new GpuMonitor({
      intervalMs: 5,
      read: async () => {
        calls += 1;
        return { available: true, gpus: [], time: String(calls) };
      },
      onReading: (snapshot) => seen.push(snapshot),
    });
    monitor.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    monitor.stop();
    const count = seen.length;
    expect(count).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen.length).toBe(count);
    expect(monitor.last()).toEqual(seen.at(-1));
  });

  it('stops polling when nvidia-smi does not exist', async () => {
    let calls = 0;
    const monitor = new GpuMonitor({
      intervalMs: 5,
      read: async () => {
        calls += 1;
        return { available: false, reason: 'no NVIDIA GPU (nvidia-smi not found)', time: '' };
      },
      onReading: () => undefined,
    });
    monitor.start();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toBe(1);
  });
});
