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
import os, resource, sys, time, wave
root = sys.argv[1]
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start = time.perf_counter()
cpu_start = cpu()
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
print(f"{count} {seconds:.3f} {time.perf_counter() - start:.4f} {cpu() - cpu_start:.4f}")
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

interface Timing {
  readonly seconds: number;
  /** CPU time of all threads: on a busy machine the fairer comparison, since wall time then depends on the neighbours. */
  readonly cpu: number;
}

function pythonScan(rawDir: string): Timing & { files: number } {
  const [files, , elapsed, cpu] = execFileSync('python3', ['-c', PYTHON, rawDir], { encoding: 'utf8' }).trim().split(' ');
  return { files: Number(files), seconds: Number(elapsed), cpu: Number(cpu) };
}

async function timed<T>(work: () => Promise<T>): Promise<Timing & { value: T }> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const cpu = process.cpuUsage(cpuStart);
  return { value, seconds: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const best = <T extends Timing>(runs: readonly T[]): T => [...runs].sort((a, b) => a.seconds - b.seconds)[0] as T;

const fmt = (seconds: number): string => `${seconds.toFixed(2)} s`;

export async function run(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-bench-scan-'));
  try {
    const started = performance.now();
    generate(workspace);
    console.log(`   generated ${FILES.toLocaleString('en-US')} WAV files in ${fmt((performance.now() - started) / 1000)}`);
    const rawDir = path.join(workspace, 'data', 'raw');

    // Every side reads a page-cached tree: run each twice and keep the faster run.
    const python = best([pythonScan(rawDir), pythonScan(rawDir)]);
    const cores = os.availableParallelism();
    const pooled = best([await timed(() => scanTree({ workspace })), await timed(() => scanTree({ workspace }))]);
    const single = best([await timed(() => scanTree({ workspace, ioWorkers: 0 })), await timed(() => scanTree({ workspace, ioWorkers: 0 }))]);
    const manifest = pooled.value.manifest;
    if (manifest.files.length !== FILES || python.files !== FILES) throw new Error(`file counts disagree: node ${manifest.files.length}, python ${python.files}`);
    const invalid = manifest.files.filter((e) => e.status !== 'valid').length;
    if (invalid > 0) throw new Error(`${invalid} generated files were reported invalid`);

    const warm = await timed(() => scanTree({ workspace, previous: manifest }));
    if (warm.value.reusedFromCache !== FILES) throw new Error(`warm scan reused ${warm.value.reusedFromCache} of ${FILES}`);

    const speedup = python.seconds / pooled.seconds;
    const row = (label: string, t: Timing, extra = ''): string => `   ${label.padEnd(38)}${fmt(t.seconds)} wall, ${fmt(t.cpu)} CPU${extra}`;
    console.log(`   machine: ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (neighbours' load slows threads down)`);
    console.log(row('python wave loop:', python));
    console.log(row(`wakeword cold scan (${Math.min(4, cores)} I/O threads):`, pooled, `  (Python time / ours = ${speedup.toFixed(2)}x; goal >= 2x: ${speedup >= 2 ? 'met' : 'NOT met'})`));
    console.log(row('wakeword cold scan (one thread):', single, `  (${(python.seconds / single.seconds).toFixed(2)}x; CPU time Python / ours = ${(python.cpu / single.cpu).toFixed(2)}x)`));
    console.log(row('wakeword warm rescan:', warm, `  (${((100 * warm.seconds) / pooled.seconds).toFixed(0)}% of the cold scan)`));
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
