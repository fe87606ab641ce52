/**
 * Log axes for rates (FRR, FPR, FA/h) that can be zero. Zero has no place on a log axis and chart.js drops it
 * silently, so it is drawn at a floor one decade under the smallest positive value and that tick reads "0".
 * Ticks are whole decades (1-2-5 steps when the range is narrow), so labels never crowd each other.
 */

export interface FlooredPoint {
  readonly x: number;
  readonly y: number;
  /** Set when the true value is zero and the point sits at the axis floor. */
  readonly zero?: true;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** One decade under the smallest positive value (a power of ten), or `fallback` when nothing is positive. */
export function logFloor(values: Iterable<number | null | undefined>, fallback: number): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const value of values) if (typeof value === 'number' && value > 0 && Number.isFinite(value)) smallest = Math.min(smallest, value);
  if (!Number.isFinite(smallest)) return fallback;
  return 10 ** (Math.floor(Math.log10(smallest)) - 1);
}

/** A value for a log axis: zero (and anything under the floor) moves to the floor, marked. */
export function onLogAxis(value: number, floor: number): { readonly y: number; readonly zero?: true } {
  return value <= 0 ? { y: floor, zero: true } : { y: Math.max(value, floor) };
}

export function isFloor(value: number, floor: number): boolean {
  return close(value, floor);
}

/** Tick values between min and max: decades, with 2 and 5 in between when fewer than three decades show. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const first = Math.floor(Math.log10(min));
  const last = Math.ceil(Math.log10(max));
  const steps = last - first < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    for (const step of steps) {
      const value = step * 10 ** k;
      if ((value >= min || close(value, min)) && (value <= max || close(value, max))) ticks.push(Number(value.toPrecision(12)));
    }
  }
  return ticks;
}

/** Short percent for axis ticks: 0.1%, 2%, 100%. */
export function percentTick(value: number): string {
  return `${String(Number((value * 100).toPrecision(3)))}%`;
}

/** Short plain number for axis ticks: 0.01, 0.5, 20, 1k, 10k (thousands shortened so a small log axis keeps its decades). */
export function numberTick(value: number): string {
  if (Math.abs(value) >= 1000) return `${String(Number((value / 1000).toPrecision(3)))}k`;
  return String(Number(value.toPrecision(3)));
}

/** The tick label of a log axis whose floor stands for zero. */
export function logTickLabel(value: number, floor: number, format: (value: number) => string): string {
  return isFloor(value, floor) ? '0' : format(value);
}
