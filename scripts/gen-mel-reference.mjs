// Writes tests/fixtures/audio/log-mel-reference.json: log-mel features computed straight from the
// torchaudio definition with a naive O(n^2) DFT in float64 — an implementation independent of
// src/shared/core/audio, run once; the unit test compares the fast front end against the stored values.
// Usage: node scripts/gen-mel-reference.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function lcg(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Int16 samples: a silent lead-in, two tones with a chirp, and white noise. */
function makeSignal(sampleRate, samples, seed) {
  const random = lcg(seed);
  const out = [];
  for (let n = 0; n < samples; n += 1) {
    const t = n / sampleRate;
    let v = 0;
    if (n >= samples / 5) {
      v = 0.4 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (1000 + 2000 * t) * t + 0.3) + 0.05 * (random() * 2 - 1);
    }
    out.push(Math.round(Math.max(-1, Math.min(1, v)) * 32767));
  }
  return out;
}

function melTorchaudio(config, x) {
  const { sampleRate, nFft, winLength, hopLength, nMels, fMin, fMax } = config;
  const hz2mel = (f) => 2595 * Math.log10(1 + f / 700);
  const mel2hz = (m) => 700 * (10 ** (m / 2595) - 1);
  const nFreqs = Math.floor(nFft / 2) + 1;
  const allFreqs = Array.from({ length: nFreqs }, (_, i) => (Math.floor(sampleRate / 2) * i) / (nFreqs - 1));
  const mMin = hz2mel(fMin);
  const mMax = hz2mel(fMax);
  const fPts = Array.from({ length: nMels + 2 }, (_, i) => mel2hz(mMin + ((mMax - mMin) / (nMels + 1)) * i));
  const fDiff = fPts.slice(1).map((f, i) => f - fPts[i]);
  // fb[f][m] = max(0, min(-slopes[f][m] / fDiff[m], slopes[f][m + 2] / fDiff[m + 1])), slopes = fPts - allFreqs
  const fb = allFreqs.map((freq) =>
    Array.from({ length: nMels }, (_, m) => Math.max(0, Math.min(-(fPts[m] - freq) / fDiff[m], (fPts[m + 2] - freq) / fDiff[m + 1]))),
  );
  const window = new Array(nFft).fill(0);
  const left = Math.floor((nFft - winLength) / 2);
  for (let i = 0; i < winLength; i += 1) window[left + i] = 0.5 * (1 - Math.cos((2 * Math.PI * i) / winLength));
  const pad = Math.floor(nFft / 2);
  const padded = [];
  for (let i = pad; i >= 1; i -= 1) padded.push(x[i]);
  padded.push(...x);
  for (let i = 1; i <= pad; i += 1) padded.push(x[x.length - 1 - i]);
  const frames = 1 + Math.floor((padded.length - nFft) / hopLength);
  const rows = [];
  for (let t = 0; t < frames; t += 1) {
    const frame = Array.from({ length: nFft }, (_, i) => padded[t * hopLength + i] * window[i]);
    const power = [];
    for (let k = 0; k < nFreqs; k += 1) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < nFft; n += 1) {
        const phase = (2 * Math.PI * ((k * n) % nFft)) / nFft;
        re += frame[n] * Math.cos(phase);
        im -= frame[n] * Math.sin(phase);
      }
      power.push(re * re + im * im);
    }
    const row = [];
    for (let m = 0; m < nMels; m += 1) {
      let acc = 0;
      for (let f = 0; f < nFreqs; f += 1) acc += power[f] * fb[f][m];
      row.push(Number((10 * Math.log10(Math.max(acc, 1e-10))).toFixed(4)));
    }
    rows.push(row);
  }
  return rows;
}

const cases = [
  { name: 'default', config: { sampleRate: 16000, nFft: 400, winLength: 400, hopLength: 160, nMels: 40, fMin: 0, fMax: 8000, clipSeconds: 0.3 }, samples: 4800, seed: 1 },
  { name: 'padded-window', config: { sampleRate: 16000, nFft: 512, winLength: 400, hopLength: 128, nMels: 64, fMin: 20, fMax: 7600, clipSeconds: 0.3 }, samples: 4801, seed: 2 },
  { name: 'odd-fft-8k', config: { sampleRate: 8000, nFft: 255, winLength: 200, hopLength: 100, nMels: 24, fMin: 50, fMax: 3800, clipSeconds: 0.3 }, samples: 2400, seed: 3 },
];

const out = {
  description: 'Reference log-mel features (dB) from scripts/gen-mel-reference.mjs: torchaudio MelSpectrogram definition, naive DFT, float64. Input = int16 / 32768.',
  cases: cases.map(({ name, config, samples, seed }) => {
    const int16 = makeSignal(config.sampleRate, samples, seed);
    const features = melTorchaudio(config, int16.map((v) => v / 32768));
    return { name, config, int16, frames: features.length, features };
  }),
};
const target = join(root, 'tests/fixtures/audio/log-mel-reference.json');
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`wrote ${target}`);
