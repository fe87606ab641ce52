/**
 * Issue 20: `wakeword detect` on a folder's worth of files. 2,000 short WAVs with 120-character paths go to the
 * built CLI as arguments (242 KB of command line; 28 KB used to kill it with SIGSEGV inside onnxruntime), as
 * their folder and as a list on standard input (`--files-from -`), for a log-mel run and an openWakeWord run.
 * Every file must get its own result: the score of a file equals the score its content gets when detected alone.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { ROOT } from './support/serve';

const FILES = 2000;
const PATH_LENGTH = 120;
/** Distinct contents, file i holding variant i % VARIANTS: wake words (rising chirps) and negatives (noise, hums). */
const VARIANTS: readonly { readonly kind: 'positive' | 'negative'; readonly seed: number }[] = [
  { kind: 'positive', seed: 300 },
  { kind: 'negative', seed: 300 },
  { kind: 'positive', seed: 301 },
  { kind: 'negative', seed: 301 },
  { kind: 'negative', seed: 302 },
];

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

/** The built CLI, awaited by its exit (not spawnSync: the test's own timeout stays in charge). */
function wakeword(args: readonly string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], { cwd: ROOT, env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function trainRun(workspace: string, preset: string, epochs: number): Promise<string> {
  const train = await wakeword(['train', '--workspace', workspace, '--preset', preset, '--set', `training.epochs=${String(epochs)}`, '--set', 'training.batch_size=16', '--json']);
  expect(train.code, train.stderr).toBe(0);
  return (JSON.parse(train.stdout.trim().split('\n').at(-1) ?? '{}') as { run_dir: string }).run_dir;
}

function parseDetect(run: CliRun): DetectJson {
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  return JSON.parse(run.stdout) as DetectJson;
}

describe('wakeword detect on 2,000 files with 120-character paths (built CLI)', () => {
  let folder = '';
  let files: string[] = [];
  let variantFiles: string[] = [];
  const runs: Record<'log-mel' | 'oww', string> = { 'log-mel': '', oww: '' };

  beforeAll(async () => {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-many-config-'));
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-many-'));
    await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 5 });
    runs['log-mel'] = await trainRun(workspace, 'fast', 2);
    runs.oww = await trainRun(workspace, 'oww_fast', 4);

    // The folder's name is padded so that every file's full path is exactly PATH_LENGTH characters.
    const name = (i: number): string => `clip_${String(i).padStart(4, '0')}.wav`;
    const base = path.join(workspace, 'recordings_');
    const pad = PATH_LENGTH - (base.length + 1 + name(0).length);
    expect(pad).toBeGreaterThan(0);
    folder = base + 'x'.repeat(pad);
    await mkdir(folder);
    const wavs = VARIANTS.map(({ kind, seed }) => pcm16Wav(synthClip(kind, seed, 16000, 0.5), 16000));
    files = Array.from({ length: FILES }, (_, i) => path.join(folder, name(i)));
    for (const [i, file] of files.entries()) await writeFile(file, wavs[i % VARIANTS.length] as Uint8Array);
    expect(new Set(files.map((f) => f.length))).toEqual(new Set([PATH_LENGTH]));
    variantFiles = files.slice(0, VARIANTS.length);
  });

  for (const family of ['log-mel', 'oww'] as const) {
    it(`${family} run: a result for every file given as arguments, as a folder and through --files-from -, each its own`, { timeout: 900_000 }, async () => {
      const runDir = runs[family];
      const alone = parseDetect(await wakeword(['detect', '--run', runDir, '--json', ...variantFiles]));
      const expected = alone.files.map((f) => f.score);
      expect(expected.every((s) => typeof s === 'number')).toBe(true);
      // The variants must score differently, or a result attached to the wrong file could go unnoticed.
      expect(new Set(expected).size).toBeGreaterThan(2);

      // Side by side: each scores 2,000 files (an oww file costs 16 embeddings), and the machine has two cores.
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
        expect(out.files, label).toHaveLength(FILES);
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
    const missing = path.join(folder, 'missing.wav');
    const run = await wakeword(['detect', '--run', runs['log-mel'], missing, variantFiles[0] ?? '']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${variantFiles[0] ?? ''}: score [\\d.]+ -> (WAKE WORD|no wake word)\\n$`));
    expect(run.stderr).toBe(`wakeword: ${missing}: file not found\nwakeword: 1 of 2 file(s) could not be read\n`);
  });
});
