/**
 * Long negatives and hard-negative mining at a realistic size: the espeak-ng "hey nova" workspace of
 * oww.bench.ts plus about 30 minutes of continuous espeak-ng speech (read from the system's license texts) as
 * long negative recordings. Prints how long the step-embedding pass takes cold and warm, how many candidate
 * windows it gives, one training run of the preset (oww_fast; `MINING_BENCH_PRESET=oww_default`) with its
 * mining rounds (each logs its own scoring time) and the epoch times. `MINING_BENCH_AUDIO=<dir>` reuses
 * long speech_*.wav files from a folder instead of generating them, `MINING_BENCH_MINUTES` sets how much to
 * generate (default 30); generating is not timed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkConfig, formatIssue } from '../src/shared/config/validate';
import { encodeWavPcm16 } from '../src/shared/core/audio/pcm16-wav';
import type { SplitManifest } from '../src/shared/core/dataset/manifest';
import { loadMonoClip } from '../src/node/audio/decode-audio';
import { loadBackend } from '../src/ml/backend-loader';
import { buildModelFromConfig } from '../src/ml/models/build-model';
import { OwwBackbone } from '../src/ml/oww/backbone';
import { OwwEmbeddingCache, owwCacheDir } from '../src/ml/oww/embedding-cache';
import { embedLongNegatives, findLongNegatives } from '../src/ml/oww/negative-windows';
import { loadOwwTrainingData } from '../src/ml/oww/oww-training-data';
import { runTrainingLoop } from '../src/ml/training-loop';
import { generateWorkspace } from './oww.bench';

export const title = 'Long negatives + hard-negative mining: "hey nova" workspace plus ~30 min of espeak-ng speech';

const TARGET_SECONDS = Number(process.env.MINING_BENCH_MINUTES ?? '30') * 60;
const FILE_SECONDS = 5 * 60;
const TEXTS = ['GPL-3', 'GFDL-1.3', 'Apache-2.0', 'Artistic'].map((name) => `/usr/share/common-licenses/${name}`);
const VOICES = ['en-us+m1', 'en-gb+f2', 'en-gb-scotland+m3', 'en-029+f4', 'en-us-nyc+m7', 'en-gb-x-rp+f1'];

function runTool(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', (error) => reject(new Error(`${command} could not run (${error.message})`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${String(code)}`))));
  });
}

/** Continuous speech, FILE_SECONDS per file, until TARGET_SECONDS: text chunks spoken by varied voices. */
export async function generateLongSpeech(dir: string, scratch: string): Promise<void> {
  const text = (await Promise.all(TEXTS.map((file) => readFile(file, 'utf8')))).join(' ').replace(/\s+/g, ' ');
  const chunks = text.match(/.{1,1500}(\s|$)/g) ?? [];
  let total = 0;
  let file = 0;
  let parts: Float32Array[] = [];
  let partSeconds = 0;
  const flush = async (): Promise<void> => {
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    await writeFile(path.join(dir, `speech_${String(file).padStart(2, '0')}.wav`), encodeWavPcm16(joined, 16000));
    file += 1;
    parts = [];
    partSeconds = 0;
  };
  for (const [i, chunk] of chunks.entries()) {
    if (total >= TARGET_SECONDS) break;
    const wav = path.join(scratch, 'chunk.wav');
    // A leading space keeps text starting with "-" from being read as an option.
    await runTool('espeak-ng', ['-v', VOICES[i % VOICES.length] as string, '-s', String(140 + (i % 5) * 12), '-w', wav, ` ${chunk.trim()}`]);
    const audio = await loadMonoClip(wav, 16000);
    parts.push(audio);
    partSeconds += audio.length / 16000;
    total += audio.length / 16000;
    if (partSeconds >= FILE_SECONDS) await flush();
  }
  if (parts.length > 0) await flush();
}

export async function run(): Promise<void> {
  const presetName = process.env.MINING_BENCH_PRESET ?? 'oww_fast';
  const checked = checkConfig(JSON.parse(await readFile(path.join(__dirname, '..', 'presets', `${presetName}.json`), 'utf8')));
  if (!checked.config) throw new Error(`presets/${presetName}.json: ${checked.errors.map(formatIssue).join('; ')}`);
  const config = checked.config;
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'mining-bench-'));
  try {
    let started = Date.now();
    await generateWorkspace(workspace);
    const longDir = path.join(workspace, 'data', 'raw', 'negative', 'long');
    await mkdir(longDir, { recursive: true });
    const reuse = process.env.MINING_BENCH_AUDIO;
    if (reuse) {
      for (const name of (await readdir(reuse)).filter((n) => /^speech_.*\.wav$/.test(n)).sort()) {
        await writeFile(path.join(longDir, name), encodeWavPcm16(await loadMonoClip(path.join(reuse, name), 16000), 16000));
      }
    } else {
      await generateLongSpeech(longDir, workspace);
    }
    const trainFile = path.join(workspace, 'data', 'splits', 'train.json');
    const train = JSON.parse(await readFile(trainFile, 'utf8')) as SplitManifest;
    const longFiles = [];
    for (const name of (await readdir(longDir)).sort()) {
      const audio = await loadMonoClip(path.join(longDir, name), 16000);
      longFiles.push({ path: `negative/long/${name}`, category: 'negative' as const, label: 0 as const, durationSeconds: audio.length / 16000 });
    }
    await writeFile(trainFile, JSON.stringify({ ...train, files: [...train.files, ...longFiles] }));
    const longSeconds = longFiles.reduce((n, f) => n + f.durationSeconds, 0);
    console.log(`   workspace generated in ${((Date.now() - started) / 1000).toFixed(0)} s (not timed): ${String(longFiles.length)} long files, ${(longSeconds / 60).toFixed(1)} min`);

    const backbone = await OwwBackbone.load();
    const raw = path.join(workspace, 'data', 'raw');
    const sources = findLongNegatives(raw, JSON.parse(await readFile(trainFile, 'utf8')) as SplitManifest);
    const cache = new OwwEmbeddingCache(owwCacheDir(workspace), backbone.hash);
    started = Date.now();
    const recordings = await embedLongNegatives(raw, sources, cache, backbone, () => undefined, []);
    const coldSeconds = (Date.now() - started) / 1000;
    const steps = recordings.reduce((n, r) => n + r.embeddings.steps, 0);
    console.log(`   long pass, cold: ${steps.toLocaleString('en-US')} steps (${(longSeconds / 60).toFixed(1)} min) in ${coldSeconds.toFixed(1)} s = ${(longSeconds / coldSeconds).toFixed(1)}x real time`);
    started = Date.now();
    await embedLongNegatives(raw, sources, new OwwEmbeddingCache(owwCacheDir(workspace), backbone.hash), backbone, () => undefined, []);
    console.log(`   long pass, warm (cache): ${((Date.now() - started) / 1000).toFixed(2)} s`);

    started = Date.now();
    const data = await loadOwwTrainingData(workspace, config, () => undefined, { backbone });
    console.log(`   clips embedded and data assembled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${data.trainSize.toLocaleString('en-US')} examples an epoch, long negatives ${JSON.stringify(data.longNegatives)}`);
    await backbone.release();

    await loadBackend(config.training.backend === 'auto' ? 'wasm' : config.training.backend);
    const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
    started = Date.now();
    const result = await runTrainingLoop({
      config,
      model,
      data,
      runDir: path.join(workspace, 'runs', 'bench'),
      callbacks: {
        batch: () => undefined,
        epoch: (m) => console.log(`   epoch ${String(m.epoch)}: ${m.epochSeconds.toFixed(1)} s, loss ${m.trainLoss.toFixed(3)}, val FA/h ${m.fah.toFixed(2)}, recall at target ${(100 * m.recallAtTarget).toFixed(1)}%`),
        checkpoint: () => undefined,
        log: (_level, message) => console.log(`   ${message}`),
        waitIfPaused: () => Promise.resolve(),
        shouldStop: () => false,
      },
    });
    console.log(`   trained ${String(result.epochsRun)} epochs in ${((Date.now() - started) / 1000).toFixed(0)} s; best epoch ${String(result.best?.epoch ?? '-')}`);
    model.dispose();
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
