/**
 * Reads and saves a run's operating point. The saved file (operating-point.json, written atomically) wins;
 * without one the threshold the trainer chose for the target FAH on validation (meta.best.threshold) is used.
 * Detection and export both call `readOperatingPoint`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_DETECTION_SETTINGS,
  OPERATING_POINT_VERSION,
  type RunOperatingPoint,
  parseOperatingPoint,
} from '../../shared/core/evaluation/operating-point';
import { fahVerdict } from '../../shared/core/fah';
import { writeJsonAtomic } from '../fs/atomic-write';
import { readRunMeta, updateRunMeta } from '../training/run-files';
import { errorMessage } from '../../shared/error-message';

export const OPERATING_POINT_FILE = 'operating-point.json';

export async function readOperatingPoint(runDir: string): Promise<RunOperatingPoint> {
  const file = path.join(runDir, OPERATING_POINT_FILE);
  let text: string | null = null;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    // Not saved yet: fall back to the trainer's threshold.
  }
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${errorMessage(error)}): save the operating point again from evaluation`);
    }
    return parseOperatingPoint(parsed, file);
  }
  const meta = await readRunMeta(runDir);
  const best = meta?.best ?? null;
  return {
    version: OPERATING_POINT_VERSION,
    threshold: best ? best.threshold : 0.5,
    source: best ? 'training' : 'default',
    targetFah: best?.targetFah ?? null,
    split: best ? 'val' : null,
    frr: best && typeof best.recallAtTarget === 'number' ? 1 - best.recallAtTarget : null,
    fah: best ? best.fah : null,
    fahEstimate: best?.fahEstimate ?? null,
    ...DEFAULT_DETECTION_SETTINGS,
    savedAt: null,
  };
}

/** Writes operating-point.json and mirrors it into meta.json; returns what was saved. */
export async function saveOperatingPoint(runDir: string, point: Omit<RunOperatingPoint, 'version' | 'savedAt'>, now = new Date()): Promise<RunOperatingPoint> {
  const saved = parseOperatingPoint({ ...point, version: OPERATING_POINT_VERSION, savedAt: now.toISOString() }, path.join(runDir, OPERATING_POINT_FILE));
  if ((await readRunMeta(runDir)) === null) throw new Error(`${runDir} is not a training run folder (meta.json is missing)`);
  await writeJsonAtomic(path.join(runDir, OPERATING_POINT_FILE), saved);
  await updateRunMeta(runDir, { operatingPoint: saved });
  return saved;
}

/** Said with every export: the threshold's FA/h rests on too few hours of negatives to support its target. */
export function exportFahWarning(point: RunOperatingPoint): string | null {
  if (!point.fahEstimate || point.targetFah === null || !(point.targetFah > 0)) return null;
  const where = point.split === null ? 'The FA/h behind this threshold' : `The ${point.split} FA/h behind this threshold`;
  return fahVerdict(point.fahEstimate.hours, point.targetFah, where).warning;
}
