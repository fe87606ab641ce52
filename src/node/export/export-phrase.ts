/**
 * The wake phrase an export is named after when the user gives none: openWakeWord reports detections by the
 * model's file name, so "hey_nova" must not come out as the run's name ("oww1").
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RECORDED_FOLDER } from '../../shared/core/dataset/recording/recording-types';
import { synthesisPhrase } from '../dataset/recording/synthesis-phrase';

/** Folders under data/raw/positive/ that hold clips by origin, not by phrase. */
const ORIGIN_FOLDERS: ReadonlySet<string> = new Set(['synthetic', RECORDED_FOLDER]);

/** The workspace's synthesised phrase, else the one phrase-like folder under data/raw/positive/, else null. */
export async function workspacePhrase(workspace: string): Promise<string | null> {
  const synthesised = await synthesisPhrase(workspace);
  if (synthesised) return synthesised;
  const entries = await fs.readdir(path.join(workspace, 'data/raw/positive'), { withFileTypes: true }).catch(() => []);
  const named = entries.filter((entry) => entry.isDirectory() && !ORIGIN_FOLDERS.has(entry.name) && /[a-z]/i.test(entry.name)).map((entry) => entry.name);
  // Several phrase folders say nothing about which one the model is for.
  return named.length === 1 ? (named[0] as string).replace(/[_-]+/g, ' ').trim() : null;
}

/** The phrase to name an export after: the user's, else the workspace's, else the run's name. */
export async function exportPhrase(workspace: string, runName: string, requested?: string): Promise<string> {
  const given = requested?.trim();
  if (given) return given;
  return (await workspacePhrase(workspace)) ?? runName;
}
