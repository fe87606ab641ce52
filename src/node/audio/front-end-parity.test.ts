import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrontEndConfig } from '../../shared/core/audio/front-end-config';
import { type LogMelEngine, createLogMelFrontEnd } from './log-mel-simd';

/*
 * The fast front end against values computed once by scripts/gen-mel-reference.mjs straight from the
 * torchaudio MelSpectrogram definition (naive DFT, float64; cross-checked against a NumPy float32
 * implementation to 6e-5 dB). Lives here because reading fixture files is not allowed in src/shared.
 */
interface ReferenceCase {
  readonly name: string;
  readonly config: FrontEndConfig;
  readonly int16: readonly number[];
  readonly frames: number;
  readonly features: readonly (readonly number[])[];
}

const fixture = JSON.parse(readFileSync(path.join(__dirname, '../../../tests/fixtures/audio/log-mel-reference.json'), 'utf8')) as {
  readonly cases: readonly ReferenceCase[];
};

describe('log-mel front end against the stored torchaudio-definition reference', () => {
  it('has the cases the generator writes', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(['default', 'padded-window', 'odd-fft-8k']);
  });

  // Both engines: the JavaScript LogMelExtractor (float64) and the wasm SIMD one `features` uses (float32).
  const engines: readonly LogMelEngine[] = ['javascript', 'wasm-simd'];
  const cases = engines.flatMap((engine) => fixture.cases.map((c) => [c.name, engine, c] as const));
  it.each(cases)('%s (%s): every value within 0.05 dB', (_name, engine, c) => {
    const signal = Float32Array.from(c.int16, (v) => v / 32768);
    const extractor = createLogMelFrontEnd(c.config, { simd: engine === 'wasm-simd' });
    // The odd n_fft case has no SIMD path: it must say so rather than pass as SIMD.
    expect(extractor.engine).toBe(c.config.nFft % 2 === 0 ? engine : 'javascript');
    const features = extractor.compute(signal);
    expect(extractor.frameCount(signal.length)).toBe(c.frames);
    expect(features.length).toBe(c.frames * c.config.nMels);
    let worst = 0;
    c.features.forEach((row, t) => {
      row.forEach((expected, m) => {
        worst = Math.max(worst, Math.abs((features[t * c.config.nMels + m] as number) - expected));
      });
    });
    expect(worst).toBeLessThan(0.05);
    // The silent lead-in hits the 1e-10 floor, so the clamp is exercised too.
    expect(features[0]).toBeCloseTo(-100, 3);
  });
});
