/**
 * Finding and running the espeak-ng program. It is looked up on PATH (no bundled copy: it is GPL and
 * platform-specific); when it is missing the message says how to install it on each platform.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { SynthStatus } from '../../../../shared/core/dataset/synth/synth-types';

export const ESPEAK_PROGRAM = 'espeak-ng';

export const ESPEAK_INSTALL_HELP = [
  'Synthetic samples need the espeak-ng speech synthesizer, which was not found on PATH. Install it, then try again:',
  '  Debian/Ubuntu: sudo apt install espeak-ng',
  '  Fedora: sudo dnf install espeak-ng',
  '  macOS (Homebrew): brew install espeak-ng',
  '  Windows: choco install espeak-ng, or the .msi from https://github.com/espeak-ng/espeak-ng/releases (then add its folder to PATH)',
  'Restart Wakeword Studio (or your terminal) afterwards so it sees the new PATH.',
].join('\n');

export class EspeakMissingError extends Error {
  override readonly name = 'EspeakMissingError';
  constructor() {
    super(ESPEAK_INSTALL_HELP);
  }
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of `program` on `env.PATH` (with PATHEXT on Windows), or null. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, program + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a program with `input` on stdin and collects its output; kills it after `timeoutMs`. */
export function runProgram(program: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err.trim() });
    });
    child.stdin.on('error', () => undefined); // a program that exits early closes stdin; its exit code tells the story
    child.stdin.end(input);
  });
}

/** The espeak-ng on PATH, or an EspeakMissingError carrying the install instructions. */
export function requireEspeak(env: NodeJS.ProcessEnv = process.env): string {
  const program = findOnPath(ESPEAK_PROGRAM, env);
  if (program === null) throw new EspeakMissingError();
  return program;
}

export async function espeakStatus(env: NodeJS.ProcessEnv = process.env): Promise<SynthStatus> {
  const program = findOnPath(ESPEAK_PROGRAM, env);
  if (program === null) return { available: false, version: null, installHelp: ESPEAK_INSTALL_HELP };
  try {
    const result = await runProgram(program, ['--version'], '', env, 10_000);
    const version = (result.stdout.toString('utf8').trim().split('\n')[0] ?? '').replace(/\s+Data at:.*$/, '');
    if (result.code === 0 && version !== '') return { available: true, version, installHelp: ESPEAK_INSTALL_HELP };
    return { available: false, version: null, installHelp: `${program} did not run (exit code ${String(result.code)}${result.stderr ? `: ${result.stderr}` : ''}).\n${ESPEAK_INSTALL_HELP}` };
  } catch (error) {
    return { available: false, version: null, installHelp: `${program} could not be started (${(error as Error).message}).\n${ESPEAK_INSTALL_HELP}` };
  }
}
