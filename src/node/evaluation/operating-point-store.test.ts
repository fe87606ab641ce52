import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { OPERATING_POINT_FILE, exportFahWarning, readOperatingPoint, saveOperatingPoint } from './operating-point-store';

async function runWithMeta(meta: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'op-run-'));
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}

describe('operating point store', () => {
  it("falls back to the trainer's threshold, then to 0.5 without a best model", async () => {
    const trained = await runWithMeta({ id: 'a', best: { threshold: 0.81, fah: 0.4 } });
    expect(await readOperatingPoint(trained)).toMatchObject({ threshold: 0.81, source: 'training', split: 'val', fah: 0.4, ...DEFAULT_DETECTION_SETTINGS });
    const untrained = await runWithMeta({ id: 'b', best: null });
    expect(await readOperatingPoint(untrained)).toMatchObject({ threshold: 0.5, source: 'default' });
  });

  it("carries the trainer's FA/h estimate and target, so detection and export know what the threshold rests on", async () => {
    const fahEstimate = { falseAccepts: 0, hours: 0.007, fah: 0, upper95: 428 };
    const trained = await runWithMeta({ id: 'a', best: { threshold: 0.81, fah: 0, recallAtTarget: 0.987, fahEstimate, targetFah: 0.5 } });
    const point = await readOperatingPoint(trained);
    expect(point).toMatchObject({ source: 'training', targetFah: 0.5, fahEstimate, split: 'val' });
    expect(point.frr).toBeCloseTo(0.013, 12);
    expect(exportFahWarning(point)).toContain('The val FA/h behind this threshold rests on only 0.4 min of negative audio');
    expect(exportFahWarning({ ...point, fahEstimate: { ...fahEstimate, hours: 7 } })).toBeNull();
    expect(exportFahWarning({ ...point, fahEstimate: null })).toBeNull();
  });

  it('saves atomically, mirrors into meta.json, and reads the saved point back first', async () => {
    const dir = await runWithMeta({ id: 'a', status: 'completed', best: { threshold: 0.81, fah: 0.4 } });
    const saved = await saveOperatingPoint(
      dir,
      { threshold: 0.66, source: 'target-fah', targetFah: 0.5, split: 'test', frr: 0.1, fah: 0.45, smoothing: 5, hopSeconds: 0.05, refractorySeconds: 2 },
      new Date('2025-02-03T04:05:06Z'),
    );
    expect(saved.savedAt).toBe('2025-02-03T04:05:06.000Z');
    expect(await readOperatingPoint(dir)).toEqual(saved);
    const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as { status: string; operatingPoint: unknown };
    expect(meta.status).toBe('completed');
    expect(meta.operatingPoint).toEqual(saved);
  });

  it('refuses to save an impossible point or into a folder that is not a run', async () => {
    const dir = await runWithMeta({ id: 'a' });
    const point = { threshold: 0.5, source: 'threshold', targetFah: null, split: null, frr: null, fah: null, smoothing: 0, hopSeconds: 0.1, refractorySeconds: 1 } as const;
    await expect(saveOperatingPoint(dir, point)).rejects.toThrow(/smoothing must be a number from 1/);
    const empty = await mkdtemp(path.join(os.tmpdir(), 'not-a-run-'));
    await expect(saveOperatingPoint(empty, { ...point, smoothing: 1 })).rejects.toThrow(/not a training run folder/);
  });

  it('names a corrupt operating-point.json', async () => {
    const dir = await runWithMeta({ id: 'a' });
    await writeFile(path.join(dir, OPERATING_POINT_FILE), '{"threshold": ');
    await expect(readOperatingPoint(dir)).rejects.toThrow(/operating-point.json is not valid JSON/);
    await writeFile(path.join(dir, OPERATING_POINT_FILE), JSON.stringify({ threshold: -1 }));
    await expect(readOperatingPoint(dir)).rejects.toThrow(/threshold must be a number/);
  });
});
