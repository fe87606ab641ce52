/**
 * Issue 20: `wakeword detect` on a folder's worth of files. 2,000 short WAVs with 120-character paths go to the
 * built CLI as arguments (242 KB of command line; 28 KB used to kill it with SIGSEGV inside onnxruntime), as
 * their folder and as a list on standard input (`--files-from -`), for a log-mel run; an openWakeWord run gets
 * the same three. Every file must get its own result: the score of a file equals the score its content gets when
 * detected alone.
 *
 * The openWakeWord run's 242 KB of command line are 63 files: paths of 3,900 characters, in nested folders. What crashed grew with the command line's bytes, not its file count (onnxruntime reads /proc/self/cmdline
 * recursively when it starts; 63 such paths crash it in-process as the 2,000 do), while what does depend on the
 * count (the folder walk, the list on standard input, 2,000 results over IPC and in the JSON, in order) is the
 * same code for both families and runs at 2,000 with the log-mel run. An oww file costs 16 embeddings (~60 ms of
 * CPU), so 6,000 of them took ~3 of `npm test`'s minutes. The log-mel model is the smallest dscnn (8 channels,
 * 1 block: ~11 ms a file) for the same reason: only its scores are compared, file by file.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { ROOT } from './support/serve';

const FILES = 2000;
const PATH_LENGTH = 120;
/** The command line the log-mel run's 2,000 paths make (each path and its separator), given to both runs. */
const ARGUMENT_BYTES = FILES * (PATH_LENGTH + 1);
/** The openWakeWord run's paths: as long as Linux allows (PATH_MAX is 4,096 with the final NUL) with a margin. */
const LONG_PATH_LENGTH = 3900;
const LONG_FILES = Math.ceil(ARGUMENT_BYTES / (LONG_PATH_LENGTH + 1));
/** A folder name's limit is 255 bytes; the long paths are built of folders this long. */
const SEGMENT_LENGTH = 250;
/** Distinct contents, file i holding variant i % VARIANTS: wake words (rising chirps) and negatives (noise, hums). */
const VARIANTS: readonly { readonly kind: 'positive' | 'negative'; readonly seed: number }[] = [
  { kind: 'positive', seed: 300 },
  { kind: 'negative', seed: 300 },
  { kind: 'positive', seed: 301 },
  { kind: 'negative', seed: 301 },
  { kind: 'negative', seed: 302 },
];

type Family = 'log-mel' | 'oww';

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface DetectJson {
  readonly files: readonly { readonly file: string; readonly mode?: string; readonly score?: number; readonly error?: string }[];
}

let configDir = '';
/** Process groups (CLI and evaluator) still running, ended after the tests so a timed-out test leaves no scorer behind. */
const running = new Set<number>();

/** The built CLI, awaited by its exit (not spawnSync: the test's own timeout stays in charge). */
function wakeword(args: readonly string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], { cwd: ROOT, detached: true, env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir } });
    const group = child.pid;
    if (group !== undefined) running.add(group);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (group !== undefined) running.delete(group);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

async function trainRun(workspace: string, preset: string, epochs: number, settings: readonly string[] = []): Promise<string> {
  const sets = [`training.epochs=${String(epochs)}`, 'training.batch_size=16', ...settings].flatMap((setting) => ['--set', setting]);
  const train = await wakeword(['train', '--workspace', workspace, '--preset', preset, ...sets, '--json']);
  expect(train.code, train.stderr).toBe(0);
  return (JSON.parse(train.stdout.trim().split('\n').at(-1) ?? '{}') as { run_dir: string }).run_dir;
}

function parseDetect(run: CliRun): DetectJson {
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  return JSON.parse(run.stdout) as DetectJson;
}

/** Writes `count` WAVs named clip_NNNN.wav into `folder`, file i holding variant i % VARIANTS. */
async function writeClips(folder: string, count: number): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const wavs = VARIANTS.map(({ kind, seed }) => pcm16Wav(synthClip(kind, seed, 16000, 0.5), 16000));
  const files = Array.from({ length: count }, (_, i) => path.join(folder, clipName(i)));
  for (const [i, file] of files.entries()) await writeFile(file, wavs[i % VARIANTS.length] as Uint8Array);
  return files;
}

const clipName = (i: number): string => `clip_${String(i).padStart(4, '0')}.wav`;

describe('wakeword detect on 2,000 files with 120-character paths (built CLI)', () => {
  let workspace = '';
  /** Per family: the folder given as one input, and the files in it (sorted, as the folder walk lists them). */
  const inputs: Record<Family, { folder: string; files: string[] }> = { 'log-mel': { folder: '', files: [] }, oww: { folder: '', files: [] } };
  const runs: Record<Family, string> = { 'log-mel': '', oww: '' };

  beforeAll(async () => {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-many-config-'));
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-many-'));
    await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 5 });
    runs['log-mel'] = await trainRun(workspace, 'fast', 2, ['model.dscnn.channels=8', 'model.dscnn.blocks=1']);
    runs.oww = await trainRun(workspace, 'oww_fast', 4);

    // The folder's name is padded so that every file's full path is exactly PATH_LENGTH characters.
    const base = path.join(workspace, 'recordings_');
    const pad = PATH_LENGTH - (base.length + 1 + clipName(0).length);
    expect(pad).toBeGreaterThan(0);
    const folder = base + 'x'.repeat(pad);
    inputs['log-mel'] = { folder, files: await writeClips(folder, FILES) };

    // Nested folders of at most SEGMENT_LENGTH characters (each with its '/') fill every path to LONG_PATH_LENGTH.
    const deep = path.join(workspace, 'deep');
    const rest = LONG_PATH_LENGTH - (deep.length + 1 + clipName(0).length);
    const depth = Math.ceil(rest / (SEGMENT_LENGTH + 1));
    const segments = Array.from({ length: depth }, (_, k) => 'y'.repeat(Math.floor((rest - depth + k) / depth)));
    inputs.oww = { folder: deep, files: await writeClips(path.join(deep, ...segments), LONG_FILES) };

    expect(new Set(inputs['log-mel'].files.map((f) => f.length))).toEqual(new Set([PATH_LENGTH]));
    expect(new Set(inputs.oww.files.map((f) => f.length))).toEqual(new Set([LONG_PATH_LENGTH]));
    // Both command lines carry at least the 242 KB of file names.
    for (const { files } of Object.values(inputs)) expect(files.reduce((bytes, f) => bytes + f.length + 1, 0)).toBeGreaterThanOrEqual(ARGUMENT_BYTES);
  });

  afterAll(async () => {
    for (const group of running) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // The group ended between its last output and now.
      }
    }
    if (workspace) await rm(workspace, { recursive: true, force: true });
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  for (const family of ['log-mel', 'oww'] as const) {
    it(`${family} run: a result for every file given as arguments, as a folder and through --files-from -, each its own`, { timeout: 900_000 }, async () => {
      const runDir = runs[family];
      const { folder, files } = inputs[family];
      const alone = parseDetect(await wakeword(['detect', '--run', runDir, '--json', ...files.slice(0, VARIANTS.length)]));
      const expected = alone.files.map((f) => f.score);
      expect(expected.every((s) => typeof s === 'number')).toBe(true);
      // The variants must score differently, or a result attached to the wrong file could go unnoticed.
      expect(new Set(expected).size).toBeGreaterThan(2);

      // Side by side: three processes, and the machine has two cores.
      const [asArguments, asFolder, asList] = (
        await Promise.all([
          wakeword(['detect', '--run', runDir, '--json', ...files]),
          wakeword(['detect', '--run', runDir, '--json', folder]),
          wakeword(['detect', '--run', runDir, '--json', '--files-from', '-'], `${files.join('\n')}\n`),
        ])
      ).map(parseDetect);
      for (const [label, out] of [
        ['arguments', asArguments],
        ['folder', asFolder],
        ['--files-from -', asList],
      ] as const) {
        if (!out) throw new Error(`no result for ${label}`);
        expect(out.files, label).toHaveLength(files.length);
        expect(out.files.filter((f) => f.error !== undefined), label).toEqual([]);
        expect(
          out.files.map((f) => f.file),
          label,
        ).toEqual(files);
        expect(
          out.files.map((f) => f.mode),
          label,
        ).toEqual(files.map(() => 'clip'));
        expect(
          out.files.map((f) => f.score),
          label,
        ).toEqual(files.map((_, i) => expected[i % VARIANTS.length]));
      }
    });
  }

  it('names a missing file once (issue 16), scores the others and exits 1', async () => {
    const { folder, files } = inputs['log-mel'];
    const missing = path.join(folder, 'missing.wav');
    const run = await wakeword(['detect', '--run', runs['log-mel'], missing, files[0] ?? '']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${files[0] ?? ''}: score [\\d.]+ -> (WAKE WORD|no wake word)\\n$`));
    expect(run.stderr).toBe(`wakeword: ${missing}: file not found\nwakeword: 1 of 2 file(s) could not be read\n`);
  });
});
