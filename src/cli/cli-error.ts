import { existsSync, statSync } from 'node:fs';

/** An error whose message is meant for the user as it is; the CLI prints it without a stack and exits non-zero. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Checks that `dir` is an existing folder, saying which of "missing" or "a file" it is otherwise. */
export function requireFolder(dir: string, what: string): string {
  if (!existsSync(dir)) throw new CliError(`${what} folder not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new CliError(`${what} ${dir} is a file, not a folder`);
  return dir;
}

/** For an output folder that may not exist yet: refuses only a path that is there and is not a folder. */
export function refuseFileAsFolder(dir: string, option: string): string {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`${option} ${dir} is a file, not a folder`);
  return dir;
}
