import { describe, expect, it } from 'vitest';
import { downsample } from './downsample';

const series = (n: number, f: (i: number) => number | null) => Array.from({ length: n }, (_, i) => ({ x: i + 1, y: f(i) }));

describe('downsample (LTTB)', () => {
  it('returns short series unchanged (same array)', () => {
    const points = series(10, (i) => i);
    expect(downsample(points, 20)).toBe(points);
  });

  it('reduces a long series to the budget, keeping first, last and increasing x', () => {
    const points = series(5000, (i) => Math.sin(i / 50));
    const reduced = downsample(points, 300);
    expect(reduced.length).toBeLessThanOrEqual(300);
    expect(reduced.length).toBeGreaterThan(250);
    expect(reduced[0]).toBe(points[0]);
    expect(reduced.at(-1)).toBe(points.at(-1));
    for (let i = 1; i < reduced.length; i++) expect((reduced[i]?.x ?? 0) > (reduced[i - 1]?.x ?? 0)).toBe(true);
  });

  it('keeps a spike that a stride would miss', () => {
    const points = series(2000, (i) => (i === 1234 ? 100 : 0));
    expect(downsample(points, 100).some((p) => p.y === 100)).toBe(true);
  });

  it('always keeps the requested indices (the best epoch)', () => {
    const points = series(3000, (i) => i);
    const reduced = downsample(points, 50, new Set([1777]));
    expect(reduced.some((p) => p.x === 1778)).toBe(true);
  });

  it('copes with gaps (null values)', () => {
    const points = series(1000, (i) => (i % 7 === 0 ? null : i));
    const reduced = downsample(points, 100);
    expect(reduced.length).toBeLessThanOrEqual(100);
    expect(reduced.every((p) => p.y === null || Number.isFinite(p.y))).toBe(true);
  });
});
