import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWavPcm16, readPcm16Wav } from '../../../shared/core/audio/pcm16-wav';
import { containsPhrase, sentenceWords } from '../../../shared/core/dataset/synth/sentences';
import { probeFileSync } from '../probe-file';
import { parseEspeakVoices } from './espeak-engine';
import { parseFliteVoices } from './flite-engine';
import { generateNegativeSpeech, NegativeSpeechCancelledError } from './negative-speech';
import { parsePiperSpeakers } from './piper-engine';
import { findOnPath } from './run-program';
import { synthesizeSet } from './synthesize-set';
import { synthesizePhrase, toTrainingAudio } from './synthesize-phrase';
import { retuneWav } from './speech-engine';
import { discoverVoices, NoSpeechEngineError, type VoiceCatalog } from './voice-catalog';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-synth-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const md5 = (file: string): string => createHash('md5').update(readFileSync(file)).digest('hex');
/** PATH with every folder holding one of `programs` removed. */
const pathWithout = (...programs: string[]): string =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => programs.every((program) => findOnPath(program, { PATH: dir }) === null))
    .join(path.delimiter);
const readJsonl = (file: string): Record<string, unknown>[] => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const durationOf = (file: string): number => {
  const audio = readPcm16Wav(readFileSync(file));
  return audio.samples.length / audio.sampleRate;
};

/** Recorded on Debian 12 (espeak-ng 1.51, flite 2.2). */
const ESPEAK_VOICES_EN = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  en-029          --/M      English_(Caribbean) gmw/en-029           (en 10)
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  en-gb-scotland  --/M      English_(Scotland) gmw/en-GB-scotland   (en 4)
 5  en-gb-x-rp      --/M      English_(Received_Pronunciation) gmw/en-GB-x-rp       (en-gb 4)(en 5)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)
 9  en              --/F      en-german-1        mb/mb-de1-en
 5  en-us-nyc       --/M      English_(America,_New_York_City) gmw/en-US-nyc
`;
const FLITE_LV = 'Voices available: kal awb_time kal16 awb rms slt \n';

describe('engine voice listings (recorded outputs)', () => {
  it('reads espeak-ng --voices, leaving out MBROLA voices', () => {
    expect([...parseEspeakVoices(ESPEAK_VOICES_EN)].sort()).toEqual(['en-029', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-us', 'en-us-nyc']);
  });

  it('reads flite -lv', () => {
    expect(parseFliteVoices(FLITE_LV)).toEqual(['kal', 'awb_time', 'kal16', 'awb', 'rms', 'slt']);
    expect(parseFliteVoices('usage: flite TEXT/FILE [WAVEFILE]')).toEqual([]);
  });

  it('retunes a WAV without a pitch control by relabelling its rate (pitch and tempo move together)', () => {
    const tone = encodeWavPcm16(new Float32Array(16000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 200 * i) / 16000)), 16000);
    expect(retuneWav(tone, 50)).toBe(tone);
    const high = retuneWav(tone, 80);
    expect(readPcm16Wav(high).sampleRate).toBe(17440);
    expect(readPcm16Wav(high).samples).toEqual(readPcm16Wav(tone).samples);
    expect(readPcm16Wav(retuneWav(tone, 25)).sampleRate).toBe(14880);
    // Spoken at 16 kHz, the 1 s tone becomes ~0.92 s.
    expect(toTrainingAudio(high, 0).length).toBeCloseTo(16000 / 1.09, -1);
  });

  it('reads piper speakers from a model config', () => {
    expect(parsePiperSpeakers(JSON.stringify({ num_speakers: 1, speaker_id_map: {} }))).toEqual([]);
    expect(parsePiperSpeakers(JSON.stringify({ num_speakers: 3, speaker_id_map: { b: 2, a: 0, c: 1 } }))).toEqual([0, 1, 2]);
    expect(parsePiperSpeakers(JSON.stringify({ num_speakers: 2 }))).toEqual([0, 1]);
  });
});

describe('the installed engines (real espeak-ng and flite)', () => {
  it('finds espeak-ng with its 96-voice grid and flite without its limited-domain voice', async () => {
    const catalog = await discoverVoices({ env: { ...process.env, WAKEWORD_VOICES: '' } });
    const espeak = catalog.engines.find((e) => e.id === 'espeak-ng');
    const flite = catalog.engines.find((e) => e.id === 'flite');
    expect(espeak).toMatchObject({ available: true, version: expect.stringMatching(/eSpeak NG/) as string });
    expect(espeak?.voices).toHaveLength(96);
    expect(flite).toMatchObject({ available: true, voices: ['flite:kal', 'flite:kal16', 'flite:awb', 'flite:rms', 'flite:slt'], version: expect.stringMatching(/^flite 2\./) as string });
    expect(flite?.notes.join(' ')).toMatch(/skipped awb_time/);
    expect(catalog.voices).toHaveLength(101);
  });

  it('writes distinct 16 kHz mono 16-bit WAVs that the scanner accepts, reproducibly for a seed, saying which voice made each', async () => {
    const catalog = await discoverVoices();
    const voices = catalog.select({ include: ['espeak-ng', 'flite:kal', 'flite:slt'] });
    const out = path.join(root, 'a');
    const made = await synthesizePhrase({ catalog, voices, phrase: 'hey nova', count: 4, seed: 11, outDir: out });
    expect(made.files).toHaveLength(4);
    expect(readdirSync(out).sort()).toEqual(['hey_nova_s11_0001.wav', 'hey_nova_s11_0002.wav', 'hey_nova_s11_0003.wav', 'hey_nova_s11_0004.wav', 'synth-voices.jsonl']);
    for (const file of made.files) {
      const probe = probeFileSync(file, 'wav');
      expect(probe.outcome).toMatchObject({ ok: true, info: { format: 'wav', codec: 'pcm', sampleRate: 16000, channels: 1, bitDepth: 16 }, warnings: [] });
      expect(durationOf(file)).toBeGreaterThan(0.3);
      expect(durationOf(file)).toBeLessThan(4);
    }
    expect(new Set(made.files.map(md5)).size).toBe(4);
    const sidecar = readJsonl(path.join(out, 'synth-voices.jsonl'));
    expect(sidecar.map((entry) => entry.file).sort()).toEqual(made.files.map((file) => path.basename(file)).sort());
    // Engines take turns: two clips each from espeak-ng and flite.
    expect(sidecar.filter((entry) => String(entry.voice).startsWith('flite:'))).toHaveLength(2);

    const again = await synthesizePhrase({ catalog, voices, phrase: 'hey nova', count: 4, seed: 11, outDir: path.join(root, 'b') });
    expect(again.files.map(md5)).toEqual(made.files.map(md5));
    // Same folder again: nothing is overwritten.
    const third = await synthesizePhrase({ catalog, voices, phrase: 'hey nova', count: 1, seed: 11, outDir: out });
    expect(path.basename(third.files[0] as string)).toBe('hey_nova_s11_0001 (2).wav');
  });

  it('speaks hard negatives into one folder per phrase, spreading the count', async () => {
    const progress: number[] = [];
    const catalog = await discoverVoices();
    const result = await synthesizeSet({
      catalog,
      phrase: 'hey nova',
      count: 2,
      seed: 3,
      negatives: ['hey nora', 'a nova'],
      negativeCount: 3,
      positivesDir: path.join(root, 'positive'),
      negativesDir: path.join(root, 'hard_negative'),
      onProgress: (_phase, done) => progress.push(done),
    });
    expect(result.positives).toEqual({ phrase: 'hey nova', folder: path.join(root, 'positive'), files: 2 });
    expect(result.negatives).toEqual([
      { phrase: 'hey nora', folder: path.join(root, 'hard_negative', 'hey_nora'), files: 2 },
      { phrase: 'a nova', folder: path.join(root, 'hard_negative', 'a_nova'), files: 1 },
    ]);
    expect(readdirSync(path.join(root, 'hard_negative', 'a_nova')).filter((name) => name.endsWith('.wav'))).toHaveLength(1);
    expect(progress.at(-1)).toBe(5);
  });

  it('writes negative speech of the asked length across both engines, never saying the phrase', async () => {
    const catalog = await discoverVoices();
    const progress: number[] = [];
    const out = path.join(root, 'speech');
    // 0.005 h = 18 s in files of ~9 s.
    const result = await generateNegativeSpeech({ catalog, hours: 0.005, fileSeconds: 9, outDir: out, wakePhrase: 'hey nova', seed: 4, onProgress: (done) => progress.push(done) });
    expect(result.files).toHaveLength(2);
    expect(readdirSync(out).sort()).toEqual(['speech_s4_001.wav', 'speech_s4_002.wav', 'synth-voices.jsonl']);
    const total = result.files.reduce((sum, file) => sum + durationOf(file), 0);
    expect(Math.abs(total - 18) / 18).toBeLessThan(0.1);
    for (const file of result.files) expect(probeFileSync(file, 'wav').outcome).toMatchObject({ ok: true, info: { sampleRate: 16000, channels: 1, bitDepth: 16 } });
    const segments = readJsonl(path.join(out, 'synth-voices.jsonl')).flatMap((entry) => entry.segments as { voice: string; text: string; start: number; end: number }[]);
    expect(segments.length).toBe(result.sentences);
    expect(new Set(segments.map((s) => s.voice.split(':')[0]))).toEqual(new Set(['espeak-ng', 'flite']));
    expect(containsPhrase(segments.flatMap((s) => sentenceWords(s.text)), ['hey', 'nova'])).toBe(false);
    // Pauses between sentences: each starts after the last one ended.
    for (let i = 1; i < segments.length; i++) if ((segments[i] as { start: number }).start > 0) expect((segments[i] as { start: number }).start).toBeGreaterThan((segments[i - 1] as { end: number }).end);
    expect(progress.at(-1)).toBeCloseTo(18, 5);
    // Seeded: the same files again.
    const again = await generateNegativeSpeech({ catalog, hours: 0.005, fileSeconds: 9, outDir: path.join(root, 'again'), wakePhrase: 'hey nova', seed: 4 });
    expect(again.files.map(md5)).toEqual(result.files.map(md5));
  });

  it('leaves no file, whole or partial, when cancelled or when an engine fails', async () => {
    const catalog = await discoverVoices();
    const abort = new AbortController();
    const out = path.join(root, 'cancelled');
    await expect(generateNegativeSpeech({ catalog, hours: 0.01, outDir: out, wakePhrase: 'hey nova', seed: 1, signal: abort.signal, onProgress: () => abort.abort() })).rejects.toThrow(NegativeSpeechCancelledError);
    expect(readdirSync(out)).toEqual([]);

    let calls = 0;
    const failing: Pick<VoiceCatalog, 'speak' | 'voices'> = {
      voices: catalog.voices,
      speak: (voice, params) => (++calls > 3 ? Promise.reject(new Error('flite failed for "x" (exit code 1)')) : catalog.speak(voice, params)),
    };
    const broken = path.join(root, 'broken');
    await expect(generateNegativeSpeech({ catalog: failing, hours: 0.01, outDir: broken, wakePhrase: 'hey nova', seed: 1 })).rejects.toThrow(/flite failed/);
    expect(readdirSync(broken)).toEqual([]);
    await expect(synthesizePhrase({ catalog: failing, phrase: 'hey nova', count: 5, seed: 1, outDir: path.join(root, 'x'), concurrency: 1 })).rejects.toThrow(/flite failed/);
    expect(readdirSync(path.join(root, 'x')).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('piper (a fake piper program) and missing engines', () => {
  /** A stand-in for piper: logs its arguments and stdin, writes a short tone WAV to --output_file. */
  function fakePiper(dir: string): { program: string; log: string } {
    mkdirSync(dir, { recursive: true });
    const tone = new Float32Array(22050 / 2).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 22050));
    writeFileSync(path.join(dir, 'tone.wav'), encodeWavPcm16(tone, 22050));
    const log = path.join(dir, 'calls.log');
    const program = path.join(dir, 'piper');
    // Tests run it with PATH stripped of real engines (and so of /usr/bin): it names its tools in full.
    const cat = findOnPath('cat') ?? '/bin/cat';
    const cp = findOnPath('cp') ?? '/bin/cp';
    writeFileSync(
      program,
      `#!/bin/sh\nout=""\nprev=""\nfor a in "$@"; do\n  if [ "$prev" = "--output_file" ]; then out="$a"; fi\n  prev="$a"\ndone\necho "ARGS $*" >> "${log}"\necho "TEXT $(${cat})" >> "${log}"\n${cp} "${path.join(dir, 'tone.wav')}" "$out"\n`,
    );
    chmodSync(program, 0o755);
    return { program, log };
  }

  it('lists one voice per speaker of each model and speaks with --model, --speaker and --length_scale', async () => {
    const { program, log } = fakePiper(path.join(root, 'bin'));
    const models = path.join(root, 'models');
    mkdirSync(models);
    writeFileSync(path.join(models, 'amy.onnx'), 'onnx');
    writeFileSync(path.join(models, 'amy.onnx.json'), JSON.stringify({ num_speakers: 1, audio: { sample_rate: 22050 } }));
    writeFileSync(path.join(models, 'vctk.onnx'), 'onnx');
    writeFileSync(path.join(models, 'vctk.onnx.json'), JSON.stringify({ num_speakers: 2, speaker_id_map: { p225: 0, p226: 1 } }));
    writeFileSync(path.join(models, 'orphan.onnx'), 'onnx');
    const env = { ...process.env, PATH: `${path.dirname(program)}${path.delimiter}${pathWithout('espeak-ng', 'flite')}` };
    const catalog = await discoverVoices({ env, sources: { piperModels: [models] } });
    const piper = catalog.engines.find((e) => e.id === 'piper');
    expect(piper).toMatchObject({ available: true, program });
    expect(catalog.voices).toEqual([`piper:${path.join(models, 'amy.onnx')}`, `piper:${path.join(models, 'vctk.onnx')}#0`, `piper:${path.join(models, 'vctk.onnx')}#1`]);
    expect(piper?.notes.join(' ')).toMatch(/skipped .*orphan\.onnx: piper needs its .*orphan\.onnx\.json/);

    const out = path.join(root, 'clips');
    const made = await synthesizePhrase({ catalog, phrase: 'hey nova', count: 3, seed: 2, outDir: out });
    expect(made.files).toHaveLength(3);
    for (const file of made.files) expect(probeFileSync(file, 'wav').outcome).toMatchObject({ ok: true, info: { sampleRate: 16000, channels: 1 } });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    const args = calls.filter((line) => line.startsWith('ARGS '));
    expect(args).toHaveLength(3);
    for (const line of args) expect(line).toMatch(/--model \S+\.onnx --output_file \S+\.wav --length_scale \d\.\d{3} --noise_scale \d\.\d{3}/);
    expect(args.filter((line) => /vctk\.onnx --output_file .* --speaker [01]$/.test(line))).toHaveLength(2);
    expect(calls.filter((line) => line.startsWith('TEXT ')).every((line) => /hey,? nova/.test(line))).toBe(true);
    expect(readJsonl(path.join(out, 'synth-voices.jsonl')).map((entry) => entry.voice).sort()).toEqual([...catalog.voices].sort());
  });

  it('says piper needs voice models, and how to install each missing engine', async () => {
    const { program } = fakePiper(path.join(root, 'bin'));
    const env = { ...process.env, PATH: pathWithout('espeak-ng', 'flite', 'piper'), WAKEWORD_VOICES: '' };
    const none = await discoverVoices({ env });
    expect(none.voices).toEqual([]);
    expect(none.engines.map((e) => [e.id, e.available, e.problem])).toEqual([
      ['espeak-ng', false, 'espeak-ng was not found on PATH'],
      ['flite', false, 'flite was not found on PATH'],
      ['piper', false, 'piper was not found on PATH'],
    ]);
    expect(() => none.select()).toThrow(NoSpeechEngineError);
    expect(() => none.select()).toThrow(/sudo apt install espeak-ng[\s\S]*brew install flite/);

    const withPiper = await discoverVoices({ env: { ...env, WAKEWORD_PIPER: program } });
    expect(withPiper.engines.find((e) => e.id === 'piper')).toMatchObject({ available: false, program, problem: expect.stringMatching(/no piper voice models/) as string });

    // A PATH with espeak-ng but no flite: a folder holding only a link to espeak-ng.
    const espeakOnly = path.join(root, 'espeak-only');
    mkdirSync(espeakOnly);
    symlinkSync(findOnPath('espeak-ng') as string, path.join(espeakOnly, 'espeak-ng'));
    const onlyEspeak = await discoverVoices({ env: { ...process.env, PATH: `${espeakOnly}${path.delimiter}${pathWithout('flite')}` } });
    expect(onlyEspeak.voices).toHaveLength(96);
    expect(() => onlyEspeak.select({ include: ['flite'] })).toThrow(/--voices flite: flite is not available here\. flite is not available \(flite was not found on PATH\)[\s\S]*Debian\/Ubuntu: sudo apt install flite/);
    expect(existsSync(path.join(root, 'clips'))).toBe(false);
  });
});
