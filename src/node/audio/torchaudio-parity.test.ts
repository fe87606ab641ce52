/*
 * The project's log-mel front end (DS-CNN and the other log-mel models) against features torchaudio itself
 * computed from the same 16-bit WAV, stored once by:
 *   /usr/bin/python3 scripts/gen-torchaudio-fixture.py
 * (torch 1.13, torchaudio 0.13.1: MelSpectrogram(center=True, pad_mode='reflect', power=2, norm=None,
 * mel_scale='htk', hann_window) then AmplitudeToDB(stype='power', top_db=None)). front-end-parity.test.ts
 * checks against our own reading of that definition; this one checks against the library, so a user can
 * compute the same features in Python. openWakeWord models need no such test here: their mel spectrogram
 * is the shipped melspectrogram.onnx, checked by src/ml/oww/backbone.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrontEndConfig } from '../../shared/core/audio/front-end-config';
import { decodeNpy } from '../../shared/core/audio/npy';
import { decodeAudioBytes, toMono } from './decode-audio';
import { type LogMelEngine, createLogMelFrontEnd } from './log-mel-simd';

const FIXTURES = path.join(__dirname, '../../../tests/fixtures/audio/torchaudio');

interface TorchaudioCase extends Omit<FrontEndConfig, 'clipSeconds'> {
  readonly name: string;
  readonly file: string;
  readonly frames: number;
}

const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as {
  readonly input: string;
  readonly cases: readonly TorchaudioCase[];
};

/**
 * torchaudio computes in float32 and we in float64: the worst difference measured is 3.4e-4 dB (default) and
 * 1.1e-4 dB (512/32). The bound leaves room for float32 rounding on other CPUs, while an error in any parameter
 * (a mel band edge, the window, the padding, the 1e-10 floor) moves values by whole dBs.
 */
const TOLERANCE_DB = 0.01;

async function inputSignal(sampleRate: number): Promise<Float32Array> {
  const file = path.join(FIXTURES, manifest.input);
  return toMono(await decodeAudioBytes(readFileSync(file), file), sampleRate);
}

describe('log-mel front end against values torchaudio computed', () => {
  it('has the default configuration and a non-default one', () => {
    expect(manifest.cases.map((c) => c.name)).toEqual(['default', 'nfft512-mels32']);
  });

  // Both engines: the JavaScript LogMelExtractor (float64) and the wasm SIMD one `features` uses (float32, as torchaudio).
  const engines: readonly LogMelEngine[] = ['javascript', 'wasm-simd'];
  const cases = engines.flatMap((engine) => manifest.cases.map((c) => [c.name, engine, c] as const));
  it.each(cases)(`%s (%s): every value within ${TOLERANCE_DB} dB`, async (_name, engine, c) => {
    const { name: _n, file, frames: _f, ...spec } = c;
    const config: FrontEndConfig = { ...spec, clipSeconds: 1 };
    const expected = decodeNpy(readFileSync(path.join(FIXTURES, file)), file);
    const signal = await inputSignal(config.sampleRate);
    const extractor = createLogMelFrontEnd(config, { simd: engine === 'wasm-simd' });
    expect(extractor.engine).toBe(engine);
    const features = extractor.compute(signal);

    expect(expected.shape).toEqual([c.frames, config.nMels]);
    expect(features.length).toBe(expected.data.length);
    let worst = 0;
    let worstAt = -1;
    features.forEach((value, i) => {
      const diff = Math.abs(value - (expected.data[i] as number));
      if (!(diff <= worst)) {
        worst = diff;
        worstAt = i;
      }
    });
    expect(worst, `worst at frame ${Math.floor(worstAt / config.nMels)}, mel ${worstAt % config.nMels}`).toBeLessThan(TOLERANCE_DB);
    // The silent lead-in reaches torchaudio's 1e-10 floor on both sides, so the log offset is checked too.
    expect(expected.data[0]).toBeCloseTo(-100, 4);
    expect(features[0]).toBeCloseTo(-100, 4);
  });
});
