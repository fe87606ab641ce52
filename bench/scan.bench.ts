/**
 * Dataset scan speed. Goal (issue 3): a cold scan of 50,000 WAV files at least 2x faster than a Python
 * loop reading each header with the `wave` module, on the same machine; and a warm re-scan (unchanged
 * files, cache hit on path+size+mtime) taking a fraction of the cold one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wavBytes } from '../tests/fixtures/dataset/audio-bytes';
import { scanTree } from '../src/main/services/dataset/scan-tree';

export const title = 'Dataset scan: 50,000 WAV headers, cold and warm, vs Python wave';

const FILES = Number(process.env.WAKEWORD_BENCH_SCAN_FILES ?? 50_000);
const PER_FOLDER = 1000;

const PYTHON = `
import os, sys, time, wave
root = sys.argv[1]
start = time.perf_counter()
count = 0
seconds = 0.0
for folder, _dirs, names in os.walk(root):
    for name in names:
        if not name.lower().endswith('.wav'):
            continue
        with wave.open(os.path.join(folder, name), 'rb') as w:
            seconds += w.getnframes() / w.getframerate()
            w.getnchannels(); w.getsampwidth()
        count += 1
print(f"{count} {seconds:.3f} {time.perf_counter() - start:.4f}")
`;

function generate(workspace: string): void {
  const categories = ['positive', 'negative', 'hard_negative', 'background', 'rirs'];
  // PCM only: Python's wave module cannot read float WAVs.
  const variants = [wavBytes({ frames: 1600 }), wavBytes({ frames: 800, bits: 24, channels: 2 }), wavBytes({ frames: 400, bits: 8, sampleRate: 8000 })];
  for (let i = 0; i < FILES; i++) {
    const category = categories[i % categories.length] as string;
    const dir = path.join(workspace, 'data', 'raw', category, `batch_${Math.floor(i / PER_FOLDER)}`);
    if (i % PER_FOLDER < categories.length) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `clip_${i}.wav`), variants[i % variants.length] as Uint8Array);
  }
}

function pythonScan(rawDir: string): { files: number; seconds: number } {
  const [files, , elapsed] = execFileSync('python3', ['-c', PYTHON, rawDir], { encoding: 'utf8' }).trim().split(' ');
  return { files: Number(files), seconds: Number(elapsed) };
}

const fmt = (seconds: number): string => `${seconds.toFixed(2)} s`;

export async function run(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-bench-scan-'));
  try {
    let started = performance.now();
    generate(workspace);
    console.log(`   generated ${FILES.toLocaleString('en-US')} WAV files in ${fmt((performance.now() - started) / 1000)}`);
    const rawDir = path.join(workspace, 'data', 'raw');

    // Both sides read a page-cached tree: run each twice and keep the faster run.
    const python = [pythonScan(rawDir), pythonScan(rawDir)].sort((a, b) => a.seconds - b.seconds)[0] as { files: number; seconds: number };
    let cold = Infinity;
    let manifest = null;
    for (let round = 0; round < 2; round++) {
      started = performance.now();
      const result = await scanTree({ workspace });
      cold = Math.min(cold, (performance.now() - started) / 1000);
      manifest = result.manifest;
    }
    if (!manifest || manifest.files.length !== FILES || python.files !== FILES) throw new Error(`file counts disagree: node ${manifest?.files.length}, python ${python.files}`);
    const invalid = manifest.files.filter((e) => e.status !== 'valid').length;
    if (invalid > 0) throw new Error(`${invalid} generated files were reported invalid`);

    started = performance.now();
    const warmResult = await scanTree({ workspace, previous: manifest });
    const warm = (performance.now() - started) / 1000;
    if (warmResult.reusedFromCache !== FILES) throw new Error(`warm scan reused ${warmResult.reusedFromCache} of ${FILES}`);

    const speedup = python.seconds / cold;
    console.log(`   python wave loop:     ${fmt(python.seconds)}`);
    console.log(`   wakeword cold scan:   ${fmt(cold)}  (Python time / ours = ${speedup.toFixed(2)}x; goal >= 2x: ${speedup >= 2 ? "met" : "NOT met"})`);
    console.log(`   wakeword warm rescan: ${fmt(warm)}  (${((100 * warm) / cold).toFixed(0)}% of the cold scan)`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
