import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDateTime, formatDuration, formatFah, formatGpuMemory, formatLearningRate, formatNumber, formatPercent, formatProgress, formatRate, formatTemperature, MISSING, NO_ETA } from './format';

describe('training-view formatting', () => {
  it('formats numbers with fixed decimals and keeps tiny values readable', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(2, 2)).toBe('2.00');
    expect(formatNumber(0.00004)).toBe('4.00e-5');
    expect(formatNumber(0)).toBe('0.0000');
  });

  it('prints missing and non-finite values (JSON null, NaN, Infinity) as a dash', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatNumber(value)).toBe(MISSING);
      expect(formatPercent(value)).toBe(MISSING);
      expect(formatBytes(value)).toBe(MISSING);
      expect(formatLearningRate(value)).toBe(MISSING);
      expect(formatRate(value)).toBe(MISSING);
      expect(formatTemperature(value)).toBe(MISSING);
    }
    expect(formatFah(null)).toBe('n/a');
    expect(formatFah(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0.021)).toBe('2.1%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('formats durations as HH:MM:SS, "--:--:--" when unknown', () => {
    expect(formatDuration(0)).toBe('00:00:00');
    expect(formatDuration(59.6)).toBe('00:01:00');
    expect(formatDuration(3661)).toBe('01:01:01');
    expect(formatDuration(100 * 3600 + 5)).toBe('100:00:05');
    expect(formatDuration(null)).toBe(NO_ETA);
    expect(formatDuration(-1)).toBe(NO_ETA);
    expect(NO_ETA).toBe('--:--:--');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
    expect(formatBytes(-1)).toBe(MISSING);
  });

  it('formats learning rates, throughput, FAH and progress', () => {
    expect(formatLearningRate(0.003)).toBe('3.0e-3');
    expect(formatLearningRate(0)).toBe('0');
    expect(formatRate(33.87)).toBe('33.9 samples/s');
    expect(formatRate(1234.4)).toBe('1,234 samples/s');
    expect(formatFah(0.4)).toBe('0.40 FA/h');
    expect(formatProgress(3, 10)).toBe('3/10');
    expect(formatProgress(null, 10)).toBe(MISSING);
  });

  it('formats GPU memory and temperature from nvidia-smi figures', () => {
    expect(formatGpuMemory(2150, 12288)).toBe('2.1 / 12.0 GiB');
    expect(formatGpuMemory(2048, null)).toBe('2.0 GiB');
    expect(formatGpuMemory(null, 12288)).toBe(MISSING);
    expect(formatTemperature(61.4)).toBe('61 °C');
  });

  it('formats timestamps as local clock and date', () => {
    const local = new Date(2026, 11, 1, 7, 5, 9);
    expect(formatClock(local.toISOString())).toBe('07:05:09');
    expect(formatDateTime(local.toISOString())).toBe('2026-12-01 07:05');
    expect(formatClock('not a date')).toBe('??:??:??');
    expect(formatDateTime(null)).toBe(MISSING);
    expect(formatDateTime('garbage')).toBe(MISSING);
  });
});
