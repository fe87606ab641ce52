import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS, type RunOperatingPoint } from '../shared/core/evaluation/operating-point';
import { operatingPointLine } from './eval-command';

const saved: RunOperatingPoint = { version: 1, threshold: 0.61, source: 'target-fah', targetFah: 0.5, split: 'val', frr: 0.1, fah: 0, ...DEFAULT_DETECTION_SETTINGS, savedAt: '2026-01-01T00:00:00.000Z' };

describe('wakeword eval operating point line', () => {
  it('names the saved target and split when a saved point is reused (never "target undefined")', () => {
    expect(operatingPointLine('target-fah', {}, saved)).toBe('saved: target 0.5 FA/h on the val split');
    expect(operatingPointLine('target-fah', {}, { ...saved, targetFah: null, split: null })).toBe('saved: target FA/h (value not recorded)');
    expect(operatingPointLine('target-fah', { targetFah: 2 }, saved)).toBe('target 2 FA/h on this split');
    expect(operatingPointLine('training', {}, { ...saved, source: 'training' })).toBe('chosen in training for 0.5 FA/h on validation streams');
    for (const source of ['target-fah', 'threshold', 'training', 'default'] as const) expect(operatingPointLine(source, {}, saved)).not.toContain('undefined');
  });
});
