import { describe, expect, it } from 'vitest';
import { describeVoices, parseVoiceList, selectorMatches, selectVoices, voiceEngine, voiceName, voiceSlug, VoiceSelectionError } from './voice-ids';

const ALL = ['espeak-ng:en-us+m1', 'espeak-ng:en-us+f3', 'espeak-ng:en-gb+f1', 'flite:kal', 'flite:slt', 'flite:/v/cmu_us_aew.flitevox', 'piper:/m/amy.onnx', 'piper:/m/libritts.onnx#0', 'piper:/m/libritts.onnx#7'];

describe('voice ids', () => {
  it('split into engine and voice', () => {
    expect(voiceEngine('flite:/v/x.flitevox')).toBe('flite');
    expect(voiceName('flite:/v/x.flitevox')).toBe('/v/x.flitevox');
    expect(voiceEngine('espeak-ng')).toBe('espeak-ng');
    expect(voiceEngine('festival:kal')).toBeNull();
    expect(voiceSlug('espeak-ng:en-us+f3')).toBe('espeak-ng_en-us+f3');
    expect(voiceSlug('piper:/m/en_US-amy-medium.onnx#3')).toBe('piper_en_US-amy-medium_3');
  });

  it('parses comma-separated lists and refuses empty lists, unknown engines and bare "engine:"', () => {
    expect(parseVoiceList(' flite:slt, espeak-ng:en-gb+f1 ,,flite:slt')).toEqual(['flite:slt', 'espeak-ng:en-gb+f1']);
    expect(parseVoiceList('flite')).toEqual(['flite']);
    expect(() => parseVoiceList(' , ')).toThrow(/give voice ids or engine names/);
    expect(() => parseVoiceList('festival:kal')).toThrow(/"festival:kal" is not a voice id: ids read engine:voice with engine one of espeak-ng, flite, piper/);
    expect(() => parseVoiceList('flite:')).toThrow(/names no voice/);
  });

  it('matches ids, engines, accents and model speakers but not mere prefixes', () => {
    expect(selectorMatches('flite', 'flite:kal')).toBe(true);
    expect(selectorMatches('espeak-ng:en-us', 'espeak-ng:en-us+f3')).toBe(true);
    expect(selectorMatches('espeak-ng:en-u', 'espeak-ng:en-us+f3')).toBe(false);
    expect(selectorMatches('flite:kal', 'flite:kal16')).toBe(false);
    expect(selectorMatches('piper:/m/libritts.onnx', 'piper:/m/libritts.onnx#7')).toBe(true);
  });
});

describe('selectVoices', () => {
  it('keeps every voice without a choice, picks engines and ids, and leaves out excluded ones', () => {
    expect(selectVoices(ALL, {})).toEqual(ALL);
    expect(selectVoices(ALL, { include: ['flite'] })).toEqual(['flite:kal', 'flite:slt', 'flite:/v/cmu_us_aew.flitevox']);
    expect(selectVoices(ALL, { exclude: ['flite:slt', 'espeak-ng:en-gb+f1', 'piper'] })).toEqual(['espeak-ng:en-us+m1', 'espeak-ng:en-us+f3', 'flite:kal', 'flite:/v/cmu_us_aew.flitevox']);
    expect(selectVoices(ALL, { include: ['espeak-ng:en-us', 'piper:/m/libritts.onnx'], exclude: ['espeak-ng:en-us+m1'] })).toEqual(['espeak-ng:en-us+f3', 'piper:/m/libritts.onnx#0', 'piper:/m/libritts.onnx#7']);
  });

  it('names an unknown voice and lists what is available', () => {
    const attempt = (): string[] => selectVoices(ALL, { exclude: ['flite:sl'] });
    expect(attempt).toThrow(VoiceSelectionError);
    expect(attempt).toThrow(/--exclude-voices: unknown voice "flite:sl"; available voices:\n {2}espeak-ng: espeak-ng:en-us\+m1, .*\n {2}flite: flite:kal, flite:slt, flite:\/v\/cmu_us_aew.flitevox/);
    expect(() => selectVoices(ALL, { include: ['espeak-ng:en-zz+f1'] })).toThrow(/--voices: unknown voice "espeak-ng:en-zz\+f1"/);
  });

  it('says how to install an engine that is asked for but missing, and refuses an empty result', () => {
    expect(() => selectVoices(['espeak-ng:en-us+m1'], { include: ['flite'] }, { flite: 'flite was not found on PATH. Debian/Ubuntu: sudo apt install flite' })).toThrow(
      '--voices flite: flite is not available here. flite was not found on PATH. Debian/Ubuntu: sudo apt install flite',
    );
    expect(() => selectVoices(['flite:kal'], { exclude: ['flite'] })).toThrow(/no voices are left/);
    expect(describeVoices(Array.from({ length: 20 }, (_, i) => `espeak-ng:v${i}`))).toContain('... (20 in all)');
  });
});
