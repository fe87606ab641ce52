/**
 * Number formatting for the Training panel. Every formatter takes what may arrive over the contract:
 * JSON turns Infinity and NaN into null, so a missing or non-finite value prints as MISSING, never "NaN".
 */
export const MISSING = '—';
export const NO_ETA = '--:--:--';

type Maybe = number | null | undefined;

export function isNumber(value: Maybe): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Fixed decimals, or 3 significant digits for tiny magnitudes so 0.0004 does not print as 0.000. */
export function formatNumber(value: Maybe, digits = 4): string {
  if (!isNumber(value)) return MISSING;
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(2);
  return value.toFixed(digits);
}

/** A fraction (0..1) as a percentage. */
export function formatPercent(fraction: Maybe, digits = 1): string {
  if (!isNumber(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Seconds as HH:MM:SS; hours keep counting past 99 rather than wrapping. */
export function formatDuration(seconds: Maybe): string {
  if (!isNumber(seconds) || seconds < 0) return NO_ETA;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: Maybe): string {
  if (!isNumber(bytes) || bytes < 0) return MISSING;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? String(Math.round(value)) : value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** Learning rates span decades: scientific notation reads best (3.0e-3). */
export function formatLearningRate(lr: Maybe): string {
  if (!isNumber(lr)) return MISSING;
  if (lr === 0) return '0';
  return lr.toExponential(1);
}

export function formatRate(samplesPerSec: Maybe): string {
  if (!isNumber(samplesPerSec)) return MISSING;
  return `${samplesPerSec >= 100 ? Math.round(samplesPerSec).toLocaleString('en-US') : samplesPerSec.toFixed(1)} samples/s`;
}

/** False accepts per hour; null (Infinity over JSON) means no general negatives to measure on. */
export function formatFah(fah: Maybe): string {
  if (!isNumber(fah)) return 'n/a';
  return `${fah.toFixed(2)} FA/h`;
}

export function formatProgress(done: Maybe, total: Maybe): string {
  if (!isNumber(done) || !isNumber(total)) return MISSING;
  return `${String(done)}/${String(total)}`;
}

/** An ISO timestamp as the local wall clock (HH:MM:SS), for log lines. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '??:??:??';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** An ISO timestamp as a local date and minute (2026-12-01 07:37), for run lists. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatTemperature(celsius: Maybe): string {
  return isNumber(celsius) ? `${String(Math.round(celsius))} °C` : MISSING;
}

/** GPU memory from nvidia-smi's MiB figures: "2.1 / 12.0 GiB". */
export function formatGpuMemory(usedMiB: Maybe, totalMiB: Maybe): string {
  if (!isNumber(usedMiB)) return MISSING;
  const gib = (mib: number): string => (mib / 1024).toFixed(1);
  return isNumber(totalMiB) ? `${gib(usedMiB)} / ${gib(totalMiB)} GiB` : `${gib(usedMiB)} GiB`;
}
