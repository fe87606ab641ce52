import { describe, expect, it } from 'vitest';
import type { DatasetCategory } from './categories';
import { healthReport } from './health-report';
import type { ManifestEntry } from './manifest';
import { toScanJson } from './summary';

function many(category: DatasetCategory, count: number, seconds = 1, sampleRate = 16000): ManifestEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    category,
    path: `${category}/${i}.wav`,
    sizeBytes: 1,
    mtimeMs: 1,
    status: 'valid' as const,
    format: 'wav' as const,
    codec: 'pcm' as const,
    sampleRate,
    channels: 1,
    bitDepth: 16,
    durationSeconds: seconds,
    warnings: [],
  }));
}

const broken: ManifestEntry = { category: 'negative', path: 'negative/bad.wav', sizeBytes: 0, mtimeMs: 1, status: 'invalid', reason: 'zero-length file' };

describe('healthReport', () => {
  it('says how many hours of general negatives false accepts per hour rest on, and which target they cannot support', () => {
    const little = healthReport([...many('positive', 1200), ...many('negative', 300, 2), ...many('hard_negative', 400)]);
    const warning = little.findings.find((f) => f.id === 'fah-basis');
    expect(warning).toMatchObject({ severity: 'warning', penalty: 5 });
    expect(warning?.message).toContain('rest on only 10.0 min of general negative audio');
    expect(warning?.message).toContain('validation and test get about 1.0 min each (a 10 % share), too little to show 0.5 FA/h, which takes at least 5.99 h per split');
    expect(warning?.message).toContain('wakeword synth --negative-hours N');
    // 11 h in all is still only 1.1 h per split: not enough for 0.5 FA/h, enough for 5 FA/h.
    const some = healthReport([...many('positive', 1200), ...many('negative', 2000, 20), ...many('hard_negative', 400)]);
    expect(some.findings).toContainEqual(expect.objectContaining({ id: 'fah-basis', severity: 'warning', penalty: 3 }));
    const looser = healthReport([...many('positive', 1200), ...many('negative', 2000, 20), ...many('hard_negative', 400)], { targetFah: 5 });
    expect(looser.findings).toContainEqual(expect.objectContaining({ id: 'fah-basis', severity: 'good', penalty: 0, message: expect.stringContaining('enough to show 5 FA/h') }));
    const plenty = healthReport([...many('positive', 1200), ...many('negative', 2000, 120), ...many('hard_negative', 400)]);
    expect(plenty.findings).toContainEqual(expect.objectContaining({ id: 'fah-basis', severity: 'good', penalty: 0 }));
    const onlyHard = healthReport([...many('positive', 1200), ...many('hard_negative', 400)]);
    expect(onlyHard.findings.map((f) => f.id)).toContain('no-general-negatives');
  });

  it('scores a complete dataset 100 with only good findings', () => {
    // 67 h of negatives: 6.7 h per evaluation split, enough to show 0.5 FA/h.
    const report = healthReport([...many('positive', 1200), ...many('negative', 4000, 60), ...many('hard_negative', 400), ...many('background', 20, 60), ...many('rirs', 10, 0.5)]);
    expect(report.score).toBe(100);
    expect(report.findings.every((f) => f.severity === 'good')).toBe(true);
    expect(report.negativeToPositiveRatio).toBeCloseTo(4400 / 1200);
    expect(report.hardNegativeShare).toBeCloseTo(400 / 4400);
    expect(report.hours.negative).toBeCloseTo(240000 / 3600);
  });

  it('names what is missing, each with an action', () => {
    const report = healthReport([...many('positive', 120), ...many('negative', 200), broken]);
    const messages = report.findings.map((f) => f.message);
    expect(messages).toContain('only 120 positives: aim for 1,000+');
    expect(messages).toContain('no room impulse responses: reverb augmentation disabled');
    expect(messages).toContain('no background noise: noise augmentation disabled');
    expect(messages.some((m) => m.startsWith('no hard negatives'))).toBe(true);
    expect(messages).toContain('negative:positive ratio is 1.7:1: aim for 3:1 or more');
    expect(messages.some((m) => m.startsWith('1 file cannot be used'))).toBe(true);
    expect(report.score).toBe(100 - report.findings.reduce((sum, f) => sum + f.penalty, 0));
    expect(report.score).toBeLessThan(60);
    expect(report.hasBackground).toBe(false);
  });

  it('handles an empty dataset without dividing by zero', () => {
    const report = healthReport([]);
    expect(report.negativeToPositiveRatio).toBeNull();
    expect(report.hardNegativeShare).toBeNull();
    expect(report.findings.map((f) => f.id)).toEqual(['no-positives', 'no-negatives', 'no-background', 'no-rirs']);
    expect(report.score).toBe(7);
  });

  it('builds sample-rate and duration histograms from valid files', () => {
    const report = healthReport([...many('positive', 3, 0.8, 8000), ...many('negative', 2, 40, 44100), broken]);
    expect(report.sampleRateHistogram).toEqual([
      { label: '8,000 Hz', count: 3 },
      { label: '44,100 Hz', count: 2 },
    ]);
    expect(report.durationHistogram.find((b) => b.label === '0.5–1 s')?.count).toBe(3);
    expect(report.durationHistogram.find((b) => b.label === '≥ 30 s')?.count).toBe(2);
    expect(report.findings.find((f) => f.id === 'low-sample-rate')?.message).toBe('3 files are below 16 kHz: they lack high frequencies');
  });
});

describe('toScanJson', () => {
  it('has the documented shape', () => {
    const json = toScanJson([...many('positive', 2, 1.5), broken]);
    expect(json).toEqual({
      total_files: 3,
      categories: {
        positive: { files: 2, seconds: 3 },
        negative: { files: 1, seconds: 0 },
        hard_negative: { files: 0, seconds: 0 },
        background: { files: 0, seconds: 0 },
        rirs: { files: 0, seconds: 0 },
      },
      invalid: [{ path: 'negative/bad.wav', reason: 'zero-length file' }],
    });
  });
});
