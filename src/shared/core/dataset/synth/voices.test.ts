import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../../../contract/api';
import { ENGLISH_VOICES, ESPEAK_GRID, espeakArgs, parsePhraseList, phraseForms, phraseProblem, phraseSlug, planSpeech, VOICE_VARIANTS } from './voices';

const RECORDED_SEED_11 = [
  ['espeak-ng:en-gb-scotland+m2', 129, 56, 120, 6, 'hey, nova', 158],
  ['espeak-ng:en-us+f5', 174, 57, 109, 0, 'hey nova?', 170],
  ['espeak-ng:en-gb-scotland+f3', 210, 64, 80, 0, 'hey nova?', 244],
];

describe('planSpeech', () => {
  it('is reproducible for a seed and different for another', () => {
    expect(planSpeech('hey nova', 20, 7)).toEqual(planSpeech('hey nova', 20, 7));
    expect(planSpeech('hey nova', 20, 8)).not.toEqual(planSpeech('hey nova', 20, 7));
  });

  it('gives distinct settings spread over voices, variants, speeds and pitches in range', () => {
    const plans = planSpeech('hey nova', 200, 1);
    expect(plans).toHaveLength(200);
    const keys = new Set(plans.map((p) => JSON.stringify({ ...p, leadMs: 0 })));
    expect(keys.size).toBe(200);
    expect(new Set(plans.map((p) => p.voice.split('+')[0])).size).toBe(ENGLISH_VOICES.length);
    expect(new Set(plans.map((p) => p.voice.split('+')[1])).size).toBe(VOICE_VARIANTS.length);
    expect(new Set(plans.map((p) => p.text)).size).toBeGreaterThan(3);
    for (const p of plans) {
      expect(p.speed).toBeGreaterThanOrEqual(120);
      expect(p.speed).toBeLessThanOrEqual(210);
      expect(p.pitch).toBeGreaterThanOrEqual(25);
      expect(p.pitch).toBeLessThanOrEqual(80);
      expect(p.amplitude).toBeGreaterThanOrEqual(70);
      expect(p.wordGap).toBeLessThanOrEqual(6);
    }
    // A small set still covers many voices (the grid is walked in shuffled order).
    expect(new Set(planSpeech('hey nova', 12, 3).map((p) => p.voice)).size).toBe(12);
  });

  it('replays sets made before other engines existed: espeak-ng alone gives the old plans', () => {
    // Recorded from the espeak-ng-only planner (seed 11, 3 clips) before flite and piper were added.
    expect(planSpeech('hey nova', 3, 11).map((p) => [p.voice, p.speed, p.pitch, p.amplitude, p.wordGap, p.text, p.leadMs])).toEqual(RECORDED_SEED_11);
    expect(planSpeech('hey nova', 3, 11, ESPEAK_GRID)).toEqual(planSpeech('hey nova', 3, 11));
  });

  it('gives every engine an equal share of the clips, each walking its own voices', () => {
    const voices = [...ESPEAK_GRID, 'flite:kal', 'flite:slt', 'flite:awb', 'piper:/v/amy.onnx'];
    const plans = planSpeech('hey nova', 90, 5, voices);
    const per = (engine: string): number => plans.filter((p) => p.voice.startsWith(`${engine}:`)).length;
    expect([per('espeak-ng'), per('flite'), per('piper')]).toEqual([30, 30, 30]);
    expect(new Set(plans.filter((p) => p.voice.startsWith('flite:')).map((p) => p.voice)).size).toBe(3);
    expect(planSpeech('hey nova', 90, 5, voices)).toEqual(plans);
    expect(planSpeech('hey nova', 10, 5, ['flite:slt']).every((p) => p.voice === 'flite:slt')).toBe(true);
  });

  it('builds espeak-ng arguments that never carry the text', () => {
    const [plan] = planSpeech('-v evil', 1, 1);
    const args = espeakArgs('en-us+f3', plan as NonNullable<typeof plan>);
    expect(args.slice(0, 2)).toEqual(['-v', 'en-us+f3']);
    expect(args).toContain('--stdout');
    expect(args.join(' ')).not.toContain('evil');
  });
});

describe('phrase helpers', () => {
  it('writes phrases in forms espeak-ng intones differently', () => {
    expect(phraseForms('  hey   nova ')).toEqual(['hey nova', 'hey nova.', 'hey nova!', 'hey nova?', 'hey, nova']);
    expect(phraseForms('stop')).toEqual(['stop', 'stop.', 'stop!', 'stop?']);
  });

  it('makes file-name slugs and parses ;-separated lists', () => {
    expect(phraseSlug('Hey, Nova!')).toBe('hey_nova');
    expect(phraseSlug('¿¿??')).toBe('phrase');
    expect(phraseSlug('café au lait')).toBe('cafe_au_lait');
    expect(parsePhraseList(' hey nora;hey   now;;hey nora ; ')).toEqual(['hey nora', 'hey now']);
  });
});

describe('phraseProblem and the dataset:synthesize schema', () => {
  it('accepts plain phrases and refuses empty, long, multi-line or markup text', () => {
    expect(phraseProblem(' hey nova ')).toBeNull();
    expect(phraseProblem('¿qué tal?')).toBeNull();
    expect(phraseProblem('   ')).toBe('enter a phrase');
    expect(phraseProblem('x'.repeat(201))).toBe('at most 200 characters');
    expect(phraseProblem('hey\nnova')).toBe('use plain words (no line breaks or < >)');
    expect(phraseProblem('<speak>hi</speak>')).toBe('use plain words (no line breaks or < >)');
    const schema = requestSchemas['dataset:synthesize'];
    expect(schema.safeParse({ phrase: ' hey nova ', count: 3 }).data).toEqual({ phrase: 'hey nova', count: 3 });
    expect(schema.safeParse({ phrase: 'hey', count: 3, negatives: ['ok', 'a\tb'] }).success).toBe(false);
    expect(schema.safeParse({ phrase: 'hey', count: 0 }).success).toBe(false);
    expect(schema.safeParse({ phrase: 'hey', count: 2001 }).success).toBe(false);
  });

  it('checks dataset:negative-speech hours and voice ids', () => {
    const schema = requestSchemas['dataset:negative-speech'];
    expect(schema.safeParse({ hours: 0.5, phrase: ' hey nova ', voices: ['flite', 'espeak-ng:en-us+f3'], excludeVoices: ['piper:/m/a.onnx'] }).data).toEqual({
      hours: 0.5,
      phrase: 'hey nova',
      voices: ['flite', 'espeak-ng:en-us+f3'],
      excludeVoices: ['piper:/m/a.onnx'],
    });
    expect(schema.safeParse({ hours: 0 }).success).toBe(false);
    expect(schema.safeParse({ hours: 101 }).success).toBe(false);
    expect(schema.safeParse({ hours: 1, voices: ['festival:kal'] }).success).toBe(false);
    expect(schema.safeParse({ hours: 1, excludeVoices: ['flite:'] }).success).toBe(false);
  });
});
