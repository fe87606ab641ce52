/**
 * Audio front end speed and memory: log-mel x-realtime on one thread (the goal: at least
 * torchaudio's single-thread speed), WAV/FLAC decode + resample throughput, and the memory the decoded-audio
 * cache takes for a training split.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DecodedAudioCache } from '../src/node/audio/audio-cache';
import { decodeAudioBytes, toMono } from '../src/node/audio/decode-audio';
import { DEFAULT_FRONT_END } from '../src/shared/core/audio/front-end-config';
import { LogMelExtractor } from '../src/shared/core/audio/log-mel';
import { Resampler } from '../src/shared/core/audio/resample';
import { createRng } from '../src/shared/core/audio/rng';

export const title = 'audio front end: log-mel x-realtime, decode throughput, cache memory';

function timeFor(seconds: number, body: () => void): { runs: number; elapsed: number } {
  body();
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < seconds * 1000) {
    body();
    runs += 1;
  }
  return { runs, elapsed: (performance.now() - started) / 1000 };
}

async function timeForAsync(seconds: number, body: () => Promise<void>): Promise<{ runs: number; elapsed: number }> {
  await body();
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < seconds * 1000) {
    await body();
    runs += 1;
  }
  return { runs, elapsed: (performance.now() - started) / 1000 };
}

function wav16(samples: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (o: number, s: string): void => [...s].forEach((c, i) => view.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((v, i) => view.setInt16(44 + 2 * i, Math.round(v * 32767), true));
  return bytes;
}

/** torchaudio's MelSpectrogram on one thread, same definition and clip length, when Python has it. */
const TORCHAUDIO_SCRIPT = `
import time, torch, torchaudio
torch.set_num_threads(1)
mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=40,
    f_min=0, f_max=8000, power=2.0, center=True, pad_mode='reflect', mel_scale='htk', norm=None)
x = torch.randn(1, 16000) * 0.1
for _ in range(50): torch.log10(torch.clamp(mel(x), min=1e-10))
n, t = 0, time.perf_counter()
while time.perf_counter() - t < 3:
    torch.log10(torch.clamp(mel(x), min=1e-10)) * 10; n += 1
print(n / (time.perf_counter() - t))
`;

function torchaudioRealtime(): number | string {
  const result = spawnSync(process.env.WAKEWORD_PYTHON ?? 'python3', ['-c', TORCHAUDIO_SCRIPT], { encoding: 'utf8', timeout: 60_000 });
  if (result.error) return 'python3 not available';
  if (result.status !== 0) return /No module named/.test(result.stderr) ? 'torchaudio not installed' : 'torchaudio failed to run';
  return Number(result.stdout.trim());
}

const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
  const rng = createRng(1);
  const extractor = new LogMelExtractor(DEFAULT_FRONT_END);

  // Log-mel: 1 s clips (the training case) and a 60 s stream.
  const clip = Float32Array.from({ length: 16000 }, () => rng.normal() * 0.1);
  const clipRun = timeFor(3, () => void extractor.compute(clip));
  console.log(`   log-mel (n_fft 400, hop 160, 40 mels), 1 s clips: ${fmt(clipRun.runs / clipRun.elapsed)} x realtime (${fmt((clipRun.elapsed / clipRun.runs) * 1e6)} µs per clip)`);
  const reference = torchaudioRealtime();
  console.log(
    typeof reference === 'number'
      ? `   torchaudio MelSpectrogram, 1 thread, 1 s clips: ${fmt(reference)} x realtime (ours/theirs ${fmt(clipRun.runs / clipRun.elapsed / reference, 2)})`
      : `   torchaudio comparison skipped: ${reference}`,
  );
  const minute = Float32Array.from({ length: 16000 * 60 }, () => rng.normal() * 0.1);
  const minuteRun = timeFor(3, () => void extractor.compute(minute));
  console.log(`   log-mel, 60 s signal: ${fmt((60 * minuteRun.runs) / minuteRun.elapsed)} x realtime`);

  // Resampling 44.1 kHz -> 16 kHz.
  const resampler = new Resampler(44100, 16000);
  const cd = Float32Array.from({ length: 44100 * 10 }, () => rng.normal() * 0.1);
  const resampleRun = timeFor(3, () => void resampler.process(cd));
  console.log(`   resample 44.1 kHz -> 16 kHz: ${fmt((10 * resampleRun.runs) / resampleRun.elapsed)} x realtime`);

  // Decoding from memory.
  const wav16k = wav16(Float32Array.from({ length: 16000 * 10 }, () => rng.normal() * 0.1), 16000);
  const wavRun = await timeForAsync(2, async () => void toMono(await decodeAudioBytes(wav16k, 'bench.wav'), 16000));
  console.log(`   decode WAV 16-bit 16 kHz mono: ${fmt((10 * wavRun.runs) / wavRun.elapsed)} x realtime`);
  const wav44 = wav16(Float32Array.from({ length: 44100 * 10 }, () => rng.normal() * 0.1), 44100);
  const wav44Run = await timeForAsync(2, async () => void toMono(await decodeAudioBytes(wav44, 'bench.wav'), 16000));
  console.log(`   decode WAV 16-bit 44.1 kHz + resample to 16 kHz: ${fmt((10 * wav44Run.runs) / wav44Run.elapsed)} x realtime`);
  const flac = new Uint8Array(readFileSync(path.join(__dirname, '../tests/fixtures/audio/tone-440hz-44k1-stereo.flac')));
  const flacRun = await timeForAsync(2, async () => void (await decodeAudioBytes(flac, 'bench.flac')));
  // Short files are dominated by per-file decoder setup; long FLAC files decode at ~300x realtime.
  console.log(`   decode FLAC 44.1 kHz stereo, 0.25 s files: ${fmt(flacRun.runs / flacRun.elapsed)} files/s (${fmt((0.25 * flacRun.runs) / flacRun.elapsed)} x realtime)`);

  // Cache memory: 2,000 one-second training clips decoded through the cache.
  const dir = mkdtempSync(path.join(tmpdir(), 'wakeword-bench-'));
  try {
    const files = Array.from({ length: 2000 }, (_, i) => {
      const file = path.join(dir, `clip_${i}.wav`);
      writeFileSync(file, wav16(Float32Array.from({ length: 16000 }, () => rng.normal() * 0.1), 16000));
      return file;
    });
    global.gc?.();
    const heapBefore = process.memoryUsage();
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 512 * 1024 * 1024 });
    const started = performance.now();
    for (let i = 0; i < files.length; i += 64) await Promise.all(files.slice(i, i + 64).map((file) => cache.get(file)));
    const decodeSeconds = (performance.now() - started) / 1000;
    global.gc?.();
    const heapAfter = process.memoryUsage();
    const stats = cache.stats();
    console.log(`   cache: ${stats.entries} clips (${fmt(stats.entries / 3600, 2)} h of audio) = ${fmt(stats.bytes / 1048576, 1)} MiB of samples; ` + `process grew ${fmt((heapAfter.rss - heapBefore.rss) / 1048576, 1)} MiB RSS, ${fmt((heapAfter.arrayBuffers - heapBefore.arrayBuffers) / 1048576, 1)} MiB array buffers`);
    console.log(`   cache fill from disk: ${fmt(files.length / decodeSeconds)} clips/s (${fmt(files.length / decodeSeconds)} x realtime)`);
    const rereadStarted = performance.now();
    for (const file of files) await cache.get(file);
    console.log(`   cached re-read: ${fmt(files.length / ((performance.now() - rereadStarted) / 1000))} clips/s (hits ${cache.stats().hits})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
