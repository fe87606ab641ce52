/**
 * The CLI where people wait (issue 18): start-up (`wakeword --version` and `--help` against a bare `node -e 0`
 * measured in the same run) and `wakeword features` end to end on 426 WAVs (600 s of 16 kHz audio) against
 * torchaudio on one thread (load + MelSpectrogram + log + np.save) when WAKEWORD_PYTHON has it. Runs of the
 * two sides alternate, so a machine loaded by other work slows both alike; ranges are over the runs.
 * Needs the built app (`npx electron-vite build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeWavPcm16 } from '../src/shared/core/audio/pcm16-wav';
import { createRng } from '../src/shared/core/audio/rng';

export const title = 'CLI: start-up, and `wakeword features` end to end against torchaudio';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'wakeword.js');
const RUNS = Number(process.env.WAKEWORD_BENCH_RUNS ?? 7);
const FILES = 426;
const SECONDS = 600;

function wallSeconds(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WAKEWORD_CONFIG_DIR: path.join(tmpdir(), 'wakeword-bench-config') } });
  const elapsed = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stderr}`);
  return elapsed;
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const median = (values: readonly number[]): number => {
  const s = sorted(values);
  return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const range = (values: readonly number[], digits: number, unit = ''): string => {
  const s = sorted(values);
  return `${(s[0] as number).toFixed(digits)}–${(s[s.length - 1] as number).toFixed(digits)}${unit} (median ${median(values).toFixed(digits)}${unit})`;
};

/** torchaudio, one thread, the same front end as DEFAULT_FRONT_END; prints the seconds the files took. */
const TORCHAUDIO_SCRIPT = `
import sys, time, pathlib, torch, torchaudio, numpy as np
torch.set_num_threads(1)
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=40,
    f_min=0, f_max=8000, power=2.0, center=True, pad_mode='reflect', mel_scale='htk', norm=None)
files = sorted(src.rglob('*.wav'))
t = time.perf_counter()
for wav in files:
    x, sr = torchaudio.load(str(wav))
    f = (10 * torch.log10(torch.clamp(mel(x.mean(0)), min=1e-10))).T.contiguous().numpy().astype(np.float32)
    out = dst / wav.relative_to(src).with_suffix('.npy')
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, f)
print(time.perf_counter() - t)
`;

function torchaudioSeconds(input: string, output: string): number | string {
  const result = spawnSync(process.env.WAKEWORD_PYTHON ?? 'python3', ['-c', TORCHAUDIO_SCRIPT, input, output], { encoding: 'utf8', timeout: 300_000 });
  if (result.error) return 'python3 not available';
  if (result.status !== 0) return /No module named/.test(result.stderr) ? 'torchaudio not installed (set WAKEWORD_PYTHON to a Python that has it)' : `torchaudio failed: ${result.stderr.trim().split('\n').pop() ?? ''}`;
  return Number(result.stdout.trim());
}

/** 426 clips of 0.7–2.1 s (600 s in all), 16 kHz mono 16-bit, in seven speaker folders. */
function writeDataset(dir: string): void {
  const rng = createRng(18);
  const lengths = Array.from({ length: FILES }, () => 0.5 + rng.next());
  const scale = (SECONDS * 16000) / lengths.reduce((a, b) => a + b, 0);
  let left = SECONDS * 16000;
  lengths.forEach((weight, i) => {
    const samples = i === FILES - 1 ? left : Math.round(weight * scale);
    left -= samples;
    const folder = path.join(dir, `spk${i % 7}`);
    mkdirSync(folder, { recursive: true });
    const audio = Float32Array.from({ length: samples }, (_, k) => 0.1 * rng.normal() + 0.1 * Math.sin(k * 0.05));
    writeFileSync(path.join(folder, `clip_${String(i).padStart(4, '0')}.wav`), encodeWavPcm16(audio, 16000));
  });
}

export async function run(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) {
    console.log('   skipped: the app is not built (npx electron-vite build)');
    return;
  }
  // Start-up: the three commands alternate so load on the machine hits each alike.
  const bare: number[] = [];
  const version: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < RUNS + 1; i += 1) {
    const b = wallSeconds(process.execPath, ['-e', '0']);
    const v = wallSeconds(process.execPath, [BIN, '--version']);
    const h = wallSeconds(process.execPath, [BIN, '--help']);
    // The first round warms the file cache.
    if (i === 0) continue;
    bare.push(b);
    version.push(v);
    help.push(h);
  }
  console.log(`   node -e 0: ${range(bare, 3, ' s')}`);
  console.log(`   wakeword --version: ${range(version, 3, ' s')}; --help: ${range(help, 3, ' s')} (goal: at most 0.25 s)`);
  console.log(`   wakeword's own start-up beyond node's: ${((median(version) - median(bare)) * 1000).toFixed(0)} ms (medians)`);

  const dir = mkdtempSync(path.join(tmpdir(), 'wakeword-bench-features-'));
  try {
    const input = path.join(dir, 'in');
    writeDataset(input);
    const ours: number[] = [];
    const theirs: number[] = [];
    let skipped = '';
    for (let i = 0; i < RUNS + 1; i += 1) {
      rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      const wall = wallSeconds(process.execPath, [BIN, 'features', '--input', input, '--out', path.join(dir, 'out'), '--quiet']);
      rmSync(path.join(dir, 'ta'), { recursive: true, force: true });
      const reference = skipped ? skipped : torchaudioSeconds(input, path.join(dir, 'ta'));
      if (typeof reference === 'string') skipped = reference;
      if (i === 0) continue;
      // As the issue measured it: the command's wall time less the median start-up (--version).
      ours.push(SECONDS / Math.max(1e-3, wall - median(version)));
      if (typeof reference === 'number') theirs.push(SECONDS / reference);
    }
    console.log(`   wakeword features, ${FILES} WAVs (${SECONDS} s), start-up subtracted: ${range(ours, 0, ' x realtime')}`);
    if (theirs.length > 0) {
      const ratios = ours.map((x, i) => x / (theirs[i] as number));
      console.log(`   torchaudio, 1 thread, load + MelSpectrogram + np.save: ${range(theirs, 0, ' x realtime')}`);
      console.log(`   ours/theirs per alternating pair: ${range(ratios, 2)} (goal: at least 1.5); in run order: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
    } else console.log(`   torchaudio comparison skipped: ${skipped}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
