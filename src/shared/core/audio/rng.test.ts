import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from './rng';

describe('createRng', () => {
  it('replays the same stream for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => createRng(43).next())).not.toEqual(first);
  });

  it('keeps draws in range and roughly uniform / normal', () => {
    const rng = createRng(1);
    const ints = Array.from({ length: 6000 }, () => rng.int(1, 6));
    expect(Math.min(...ints)).toBe(1);
    expect(Math.max(...ints)).toBe(6);
    for (let face = 1; face <= 6; face += 1) expect(Math.abs(ints.filter((v) => v === face).length - 1000)).toBeLessThan(150);
    const uniform = Array.from({ length: 1000 }, () => rng.uniform(-2, 3));
    expect(uniform.every((v) => v >= -2 && v < 3)).toBe(true);
    const normal = Array.from({ length: 20000 }, () => rng.normal());
    const mean = normal.reduce((s, v) => s + v, 0) / normal.length;
    const variance = normal.reduce((s, v) => s + (v - mean) ** 2, 0) / normal.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(Array.from({ length: 1000 }, () => rng.chance(0.25)).filter(Boolean).length).toBeGreaterThan(200);
  });

  it('forks independent but reproducible streams', () => {
    const forkA = createRng(9).fork();
    const forkB = createRng(9).fork();
    expect(forkA.next()).toBe(forkB.next());
    const parent = createRng(9);
    const child = parent.fork();
    expect(child.next()).not.toBe(parent.next());
  });
});

describe('shuffleInPlace', () => {
  it('returns a seeded permutation of its input', () => {
    const shuffled = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], createRng(7));
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shuffled).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], createRng(7))).toEqual(shuffled);
  });
});
