/** `--run` and `--workspace` for commands that read a trained run (eval, detect). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { BACKEND_CHOICES, type BackendChoice } from '../shared/api';
import { workspaceOfRun } from '../main/services/evaluation/run-artifacts';
import { CliError } from './cli-error';

export interface RunLocation {
  readonly runDir: string;
  readonly workspace: string;
}

const isDir = (dir: string): boolean => existsSync(dir) && statSync(dir).isDirectory();

/** `--run` is a run folder, or a run id under `<workspace>/runs`; the workspace defaults to the run's. */
export function locateRun(run: string, workspace: string | undefined): RunLocation {
  const asPath = path.resolve(run);
  const underWorkspace = workspace ? path.resolve(workspace, 'runs', run) : null;
  const runDir = isDir(asPath) ? asPath : underWorkspace && isDir(underWorkspace) ? underWorkspace : null;
  if (!runDir) throw new CliError(`run folder not found: ${asPath}${underWorkspace ? ` (nor ${underWorkspace})` : ''}`);
  const resolvedWorkspace = workspace ? path.resolve(workspace) : workspaceOfRun(runDir);
  if (!isDir(resolvedWorkspace)) throw new CliError(`workspace folder not found: ${resolvedWorkspace}`);
  return { runDir, workspace: resolvedWorkspace };
}

export function parseUnit(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError(`${name} must be a number from 0 to 1.`);
    return x;
  };
}

export function parsePositive(name: string, integer = false) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < 0 || (integer && (!Number.isInteger(x) || x < 1))) {
      throw new InvalidArgumentError(integer ? `${name} must be a whole number, at least 1.` : `${name} must be a number, zero or more.`);
    }
    return x;
  };
}

export function parseBackendChoice(value: string): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new InvalidArgumentError(`must be one of ${BACKEND_CHOICES.join(', ')}.`);
}
