/** `--run` and `--workspace` for commands that read a trained run (eval, detect). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { workspaceOfRun } from '../node/evaluation/run-artifacts';
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

