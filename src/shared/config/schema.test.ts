import { describe, expect, it } from 'vitest';
import { DEFAULT_FRONT_END } from '../core/audio/front-end-config';
import { DEFAULT_CONFIG } from './defaults';
import { describeAllowed, FIELD_SPECS, getAtPath, SECTION_PATHS, setAtPath, suggestField } from './fields';
import { toFrontEndConfig } from './front-end';
import { trainingConfigSchema } from './schema';

describe('training config schema', () => {
  it('round-trips the default config through JSON unchanged', () => {
    const text = JSON.stringify(DEFAULT_CONFIG);
    const parsed = trainingConfigSchema.parse(JSON.parse(text));
    expect(parsed).toEqual(DEFAULT_CONFIG);
    expect(JSON.stringify(parsed)).toBe(text);
  });

  it('rejects unknown keys at any depth', () => {
    const withTypo = setAtPath(DEFAULT_CONFIG, 'model.architectur', 'res8');
    expect(trainingConfigSchema.safeParse(withTypo).success).toBe(false);
  });

  it('uses snake_case keys throughout', () => {
    for (const path of FIELD_SPECS.keys()) expect(path).toMatch(/^[a-z0-9_.]+$/);
  });

  it('gives every number a range', () => {
    const numbers = [...FIELD_SPECS.values()].filter((spec) => spec.kind === 'int' || spec.kind === 'number');
    expect(numbers.length).toBeGreaterThan(50);
    for (const spec of numbers) {
      expect(spec.min, spec.path).toBeTypeOf('number');
      expect(spec.max, spec.path).toBeTypeOf('number');
      expect(spec.min as number, spec.path).toBeLessThan(spec.max as number);
    }
  });

  it('describes allowed values in words', () => {
    expect(describeAllowed(FIELD_SPECS.get('training.epochs')!)).toBe('a whole number from 1 to 1000');
    expect(describeAllowed(FIELD_SPECS.get('optimizer.lr')!)).toBe('a number from 0.000001 to 1');
    expect(describeAllowed(FIELD_SPECS.get('model.architecture')!)).toBe('one of dscnn | res8 | tc_resnet8 | crnn | oww_dnn | oww_rnn');
    expect(describeAllowed(FIELD_SPECS.get('features.cmvn')!)).toBe('true or false');
    expect(describeAllowed(FIELD_SPECS.get('training.seed')!)).toBe('a whole number from 0 to 2,147,483,647');
  });

  it('knows sections apart from fields and suggests near misses', () => {
    expect(SECTION_PATHS.has('model')).toBe(true);
    expect(SECTION_PATHS.has('model.dscnn')).toBe(true);
    expect(SECTION_PATHS.has('model.architecture')).toBe(false);
    expect(suggestField('model.architectur')).toBe('model.architecture');
    expect(suggestField('zzzzzz.qqqqqq')).toBeNull();
  });

  it('reads and writes dotted paths without mutating', () => {
    const next = setAtPath(DEFAULT_CONFIG, 'training.epochs', 5);
    expect(getAtPath(next, 'training.epochs')).toBe(5);
    expect(DEFAULT_CONFIG.training.epochs).toBe(60);
    expect(getAtPath(next, 'training.nope.deeper')).toBeUndefined();
  });

  it('maps features onto the audio front end definition', () => {
    expect(toFrontEndConfig(DEFAULT_CONFIG)).toEqual(DEFAULT_FRONT_END);
  });
});
