/**
 * Largest-Triangle-Three-Buckets: keeps the visual shape of a long series with few points. Points at
 * indices in `keep` (e.g. the best epoch) always survive, so a marker never points into a gap.
 */
export interface XY {
  readonly x: number;
  readonly y: number | null;
}

export function downsample<P extends XY>(points: readonly P[], maxPoints: number, keep: ReadonlySet<number> = new Set()): readonly P[] {
  if (maxPoints < 3 || points.length <= maxPoints) return points;
  const chosen = new Set<number>([0, points.length - 1]);
  const buckets = maxPoints - 2;
  const size = (points.length - 2) / buckets;
  let previous = 0;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(1 + b * size);
    const end = Math.min(points.length - 1, Math.floor(1 + (b + 1) * size));
    // The average of the next bucket is the third corner of the triangle.
    const nextStart = end;
    const nextEnd = Math.min(points.length, Math.floor(1 + (b + 2) * size));
    let avgX = 0;
    let avgY = 0;
    let count = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      const p = points[i];
      if (p && p.y !== null) {
        avgX += p.x;
        avgY += p.y;
        count++;
      }
    }
    const anchor = points[previous];
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const p = points[i];
      if (!p) continue;
      // A gap (null) is kept if nothing better exists, so missing values stay visible as gaps.
      const area = p.y === null || !anchor || anchor.y === null || count === 0 ? 0 : Math.abs((anchor.x - avgX / count) * (p.y - anchor.y) - (anchor.x - p.x) * (avgY / count - anchor.y));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    chosen.add(best);
    previous = best;
  }
  for (const index of keep) if (index >= 0 && index < points.length) chosen.add(index);
  return [...chosen].sort((a, b) => a - b).flatMap((i) => (points[i] ? [points[i]] : []));
}
