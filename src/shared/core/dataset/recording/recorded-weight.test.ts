import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../config/defaults';
import { trainingConfigSchema } from '../../../config/schema';
import { isRecordedPath, recordedWeight } from './recorded-weight';

describe('recordedWeight', () => {
  const config = { loss: { recorded_weight: 3 } };

  it('weights clips directly under a category\'s recorded/ folder, in sub-folders too, with either slash', () => {
    expect(recordedWeight('positive/recorded/take-1.wav', config)).toBe(3);
    expect(recordedWeight('negative/recorded/session 2/take.wav', config)).toBe(3);
    expect(recordedWeight('positive\\recorded\\take.wav', config)).toBe(3);
  });

  it('leaves every other clip at 1, including folders merely named like it deeper down', () => {
    for (const p of ['positive/synthetic/hey_nova/0001.wav', 'positive/take.wav', 'positive/alice/recorded/x.wav', 'recorded/x.wav', 'positive/recorded_old/x.wav']) {
      expect(isRecordedPath(p), p).toBe(false);
      expect(recordedWeight(p, config), p).toBe(1);
    }
  });

  it('defaults to 2, and a config written before the field existed still validates with that default', () => {
    expect(DEFAULT_CONFIG.loss.recorded_weight).toBe(2);
    const older = structuredClone(DEFAULT_CONFIG) as { loss: Partial<typeof DEFAULT_CONFIG.loss> };
    delete older.loss.recorded_weight;
    const parsed = trainingConfigSchema.parse(older);
    expect(parsed.loss.recorded_weight).toBe(2);
    expect(recordedWeight('positive/recorded/a.wav', parsed)).toBe(2);
    expect(trainingConfigSchema.safeParse({ ...DEFAULT_CONFIG, loss: { ...DEFAULT_CONFIG.loss, recorded_weight: -1 } }).success).toBe(false);
  });
});
