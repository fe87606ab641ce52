import { describe, expect, it } from 'vitest';
import { DEFAULT_FRONT_END, centeredFrameCount, frameCount } from './front-end-config';
import { LogMelExtractor, frontEndProblems } from './log-mel';
import { hzToMelHtk } from './mel-filterbank';

// Parity with the stored torchaudio-definition reference is checked in
// src/node/audio/front-end-parity.test.ts (it reads fixture files, which shared code cannot).

describe('LogMelExtractor', () => {
  it('gives the same result when reused (no state leaks between calls)', () => {
    const extractor = new LogMelExtractor(DEFAULT_FRONT_END);
    const signal = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i * 0.1) * (i % 1000) * 1e-3);
    const first = extractor.compute(signal);
    extractor.compute(new Float32Array(3000).fill(0.5));
    expect(extractor.compute(signal)).toEqual(first);
  });

  it('puts a 1 kHz tone into the mel band around 1 kHz and silence at the -100 dB floor', () => {
    const extractor = new LogMelExtractor(DEFAULT_FRONT_END);
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    const frame = extractor.compute(tone).subarray(50 * 40, 51 * 40);
    const loudest = frame.indexOf(Math.max(...frame));
    // Band m is centred at mel (m + 1) * mel(8000) / 41; 1 kHz is mel 1000 on the HTK scale.
    const expected = Math.round((1000 * 41) / hzToMelHtk(8000)) - 1;
    expect(Math.abs(loudest - expected)).toBeLessThanOrEqual(1);
    expect(extractor.compute(new Float32Array(1000)).every((v) => v === -100)).toBe(true);
  });
});

describe('frame count and validation', () => {
  it('matches torch.stft(center=True) frame counts', () => {
    expect(centeredFrameCount(16000, 400, 160)).toBe(101);
    expect(centeredFrameCount(4801, 512, 128)).toBe(38);
    expect(centeredFrameCount(2400, 255, 100)).toBe(24);
    expect(frameCount(16000, 160)).toBe(101);
    expect(frameCount(2400, 100, 255)).toBe(24);
  });

  it('names the offending keys', () => {
    const problems = frontEndProblems({ ...DEFAULT_FRONT_END, winLength: 512, fMax: 9000 });
    expect(problems.join('\n')).toContain('features.win_length (512) must not exceed features.n_fft (400)');
    expect(problems.join('\n')).toContain('features.f_max (9000) must not exceed half the sample rate (8000)');
    expect(() => new LogMelExtractor({ ...DEFAULT_FRONT_END, nMels: 0 })).toThrow(/features.n_mels/);
  });

  it('refuses audio shorter than the reflect padding', () => {
    const extractor = new LogMelExtractor(DEFAULT_FRONT_END);
    expect(() => extractor.compute(new Float32Array(200))).toThrow(/too short.*200 samples, need at least 201/);
    expect(extractor.compute(new Float32Array(201)).length).toBe(2 * 40);
  });
});
