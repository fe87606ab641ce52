/**
 * Dataset scan speed. Goal (issue 3): a cold scan of 50,000 WAV files at least 2x faster than a Python
 * loop reading each header with the `wave` module, on the same machine; and a warm re-scan (unchanged
 * files, cache hit on path+size+mtime) taking a fraction of the cold one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wavBytes } from '../tests/fixtures/dataset/audio-bytes';
import { defaultIoWorkers, scanTree, type ScanTreeResult } from '../src/node/dataset/scan-tree';
import { nodeWorkerLauncher } from '../src/node/training/worker-handle';
import type { ScanParentMessage } from '../src/shared/contract/scan-protocol';
import { startScanJob } from '../src/services/dataset/scan-job';

export const title = 'Dataset scan: 50,000 WAV headers, cold and warm, vs Python wave';

const FILES = Number(process.env.WAKEWORD_BENCH_SCAN_FILES ?? 50_000);
const PER_FOLDER = 1000;
const ROUNDS = Number(process.env.WAKEWORD_BENCH_SCAN_ROUNDS ?? 3);

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

const BIN = path.resolve(__dirname, '..', 'bin', 'wakeword.js');

/** Wall time of a whole command, process start-up included (issue 18 measures `wakeword scan --json` this way). */
function wallOf(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, WAKEWORD_CONFIG_DIR: path.join(os.tmpdir(), 'wakeword-bench-config') } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  return seconds;
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

const threads = (workers: number): string => (workers === 0 ? 'one thread' : `${workers} I/O threads`);

export async function run(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-bench-scan-'));
  try {
    const started = performance.now();
    generate(workspace);
    console.log(`   generated ${FILES.toLocaleString('en-US')} WAV files in ${fmt((performance.now() - started) / 1000)}`);
    // The new files are still being written back to disk; a scan racing that writeback is slowed by it.
    try {
      execFileSync('sync');
    } catch {
      // no `sync` command (Windows): the rounds below still even it out
    }
    const rawDir = path.join(workspace, 'data', 'raw');

    const cores = os.availableParallelism();
    const chosen = defaultIoWorkers(FILES);
    // What the scanner picks on this machine, plus the alternative it did not pick.
    const configs = [...new Set([chosen, 0, Math.min(4, cores)])];
    // Every side reads a page-cached tree. Rounds interleave the sides, so a neighbour's burst of load
    // hits them alike; each side keeps its fastest run.
    const python: (Timing & { files: number })[] = [];
    const ours = new Map<number, (Timing & { value: ScanTreeResult })[]>(configs.map((workers) => [workers, []]));
    for (let round = 0; round < ROUNDS; round++) {
      python.push(pythonScan(rawDir));
      for (const workers of configs) ours.get(workers)?.push(await timed(() => scanTree({ workspace, ioWorkers: workers })));
    }
    const py = best(python);
    const fastest = new Map([...ours].map(([workers, runs]) => [workers, best(runs)]));
    const cold = fastest.get(chosen) as Timing & { value: ScanTreeResult };
    const manifest = cold.value.manifest;
    if (manifest.files.length !== FILES || py.files !== FILES) throw new Error(`file counts disagree: node ${manifest.files.length}, python ${py.files}`);
    const invalid = manifest.files.filter((e) => e.status !== 'valid').length;
    if (invalid > 0) throw new Error(`${invalid} generated files were reported invalid`);

    const warm = best([await timed(() => scanTree({ workspace, previous: manifest })), await timed(() => scanTree({ workspace, previous: manifest }))]);
    if (warm.value.reusedFromCache !== FILES) throw new Error(`warm scan reused ${warm.value.reusedFromCache} of ${FILES}`);

    const speedup = py.seconds / cold.seconds;
    const row = (label: string, t: Timing, extra = ''): string => `   ${label.padEnd(44)}${fmt(t.seconds)} wall, ${fmt(t.cpu)} CPU${extra}`;
    console.log(`   machine: ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (neighbours' load slows threads down)`);
    console.log(`   best of ${ROUNDS} interleaved rounds per side`);
    console.log(row('python wave loop:', py));
    console.log(
      row(
        `wakeword cold scan (default, ${threads(chosen)}):`,
        cold,
        `  (Python time / ours = ${speedup.toFixed(2)}x, CPU ${(py.cpu / cold.cpu).toFixed(2)}x; goal >= 2x: ${speedup >= 2 ? 'met' : 'NOT met'})`,
      ),
    );
    for (const workers of configs) {
      if (workers === chosen) continue;
      const t = fastest.get(workers) as Timing;
      console.log(row(`wakeword cold scan (${threads(workers)}):`, t, `  (${(py.seconds / t.seconds).toFixed(2)}x, CPU ${(py.cpu / t.cpu).toFixed(2)}x)`));
    }
    console.log(row('wakeword warm rescan (default):', warm, `  (${((100 * warm.seconds) / cold.seconds).toFixed(0)}% of the cold scan)`));

    // As a user runs it: the package bin, cold (no manifest to reuse), start-up included on both sides.
    if (existsSync(path.join(__dirname, '..', 'out', 'main', 'cli.js'))) {
      const manifestFile = path.join(workspace, 'data', 'manifest.json');
      const cli: number[] = [];
      const pythonWall: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        pythonWall.push(wallOf('python3', ['-c', PYTHON, rawDir]));
        rmSync(manifestFile, { force: true });
        cli.push(wallOf(process.execPath, [BIN, 'scan', '--workspace', workspace, '--json']));
      }
      const ourBest = Math.min(...cli);
      const pyBest = Math.min(...pythonWall);
      console.log(`   end to end, start-up included (best of ${ROUNDS}): python3 wave loop ${fmt(pyBest)}, \`wakeword scan --json\` ${fmt(ourBest)}  (${(pyBest / ourBest).toFixed(2)}x; goal >= 2x: ${pyBest / ourBest >= 2 ? 'met' : 'NOT met'})`);

      // The app's and serve's path: the dataset service's scan process (out/main/scan.js), start-up and
      // messages included, cold each time.
      const launch = nodeWorkerLauncher<ScanParentMessage>({ entry: path.join(__dirname, '..', 'out', 'main', 'scan.js') });
      const job: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rmSync(manifestFile, { force: true });
        const started = performance.now();
        const outcome = await startScanJob({ launch, workspace }).outcome;
        if (outcome.status !== 'completed' || outcome.summary.totalFiles !== FILES) throw new Error(`the scan process answered ${JSON.stringify(outcome).slice(0, 200)}`);
        job.push((performance.now() - started) / 1000);
      }
      console.log(`   app scan as a job (dataset service -> scan process, start-up included, best of ${ROUNDS}): ${fmt(Math.min(...job))}  (python3 wave loop / ours = ${(pyBest / Math.min(...job)).toFixed(2)}x)`);
    } else {
      console.log('   end to end: skipped (no out/main/cli.js: run `npm run build` first)');
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
