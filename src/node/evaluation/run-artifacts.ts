/**
 * What evaluation, detection and export need from a run folder: the resolved config (for the front end and
 * clip length), the CMVN statistics, meta.json and the best model's folder, with errors that say what to do.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TrainingConfig } from '../../shared/config/schema';
import { checkConfig, formatIssue } from '../../shared/config/validate';
import { type CmvnStats, parseCmvnStats } from '../../shared/core/audio/cmvn';
import type { RunMeta } from '../../shared/run-meta';
import { readRunMeta } from '../training/run-files';
import { errorMessage } from '../../shared/error-message';

export interface RunArtifacts {
  readonly runDir: string;
  readonly config: TrainingConfig;
  readonly cmvn: CmvnStats | null;
  readonly meta: RunMeta | null;
  /** TF.js layers model folder (model.json + weights.bin). */
  readonly modelDir: string;
}

async function readJson(file: string, missing: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(missing);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${errorMessage(error)})`);
  }
}

export async function readRunArtifacts(runDir: string): Promise<RunArtifacts> {
  const dir = path.resolve(runDir);
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`run folder not found: ${dir}`);
  const configFile = path.join(dir, 'config.json');
  const raw = await readJson(configFile, `${configFile} is missing: ${dir} is not a training run folder`);
  const checked = checkConfig(raw);
  if (!checked.ok || !checked.config) throw new Error(`${configFile}: ${checked.errors.map(formatIssue).join('; ')}`);
  const config = checked.config;
  let cmvn: CmvnStats | null = null;
  if (config.features.cmvn) {
    const cmvnFile = path.join(dir, 'cmvn.json');
    cmvn = parseCmvnStats(await readJson(cmvnFile, `${cmvnFile} is missing but the run normalises features (features.cmvn): the run did not finish preparing`), cmvnFile);
  }
  const modelDir = path.join(dir, 'best');
  const hasModel = await fs.access(path.join(modelDir, 'model.json')).then(
    () => true,
    () => false,
  );
  if (!hasModel) throw new Error(`${dir} has no trained model yet (best/model.json is missing): train until at least one epoch completes`);
  return { runDir: dir, config, cmvn, meta: await readRunMeta(dir), modelDir };
}

/** A run folder's workspace: runs/<id> lives in <workspace>/runs. */
export function workspaceOfRun(runDir: string): string {
  return path.dirname(path.dirname(path.resolve(runDir)));
}
