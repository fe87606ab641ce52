/**
 * Parsers for command-line option values. They check a value the moment commander reads it, before any
 * command runs, so this module (and what it imports) must stay light: no zod, TF.js or services.
 */
import { InvalidArgumentError } from 'commander';
import { BACKEND_CHOICES, type BackendChoice } from '../shared/contract/backend-choices';
import { SPLIT_NAMES, type SplitName } from '../shared/core/dataset/categories';
import { GROUP_BY, type GroupBy } from '../shared/core/dataset/manifest';
import { ratiosProblem, type SplitRatios } from '../shared/core/dataset/split';
import { parseVoiceList, VoiceSelectionError } from '../shared/core/dataset/synth/voice-ids';
import { parsePhraseList, phraseProblem } from '../shared/core/dataset/synth/voices';
import { MAX_NEGATIVE_HOURS } from '../shared/core/dataset/synth/synth-types';
import { EXPORT_FORMATS, type ExportFormat } from '../shared/export/wakeword-manifest';
import { CliError } from './cli-error';

/** A repeatable option's values in order. */
export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  return port;
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

/** `train --backend`: the same check, reported as train always has (exit code 2, the value echoed). */
export function parseTrainBackend(value: string): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new CliError(`--backend must be one of ${BACKEND_CHOICES.join(', ')} (got ${value})`, 2);
}

export function parseSplit(value: string): SplitName {
  if ((SPLIT_NAMES as readonly string[]).includes(value)) return value as SplitName;
  throw new InvalidArgumentError(`must be one of ${SPLIT_NAMES.join(', ')}.`);
}

export function parseFormat(value: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new InvalidArgumentError(`must be one of ${EXPORT_FORMATS.join(', ')}.`);
}

export function parseRatios(value: string): SplitRatios {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((part) => part === '') || numbers.some((n) => Number.isNaN(n))) throw new InvalidArgumentError('give three numbers separated by commas, e.g. 0.7,0.15,0.15.');
  const problem = ratiosProblem(numbers);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return numbers as unknown as SplitRatios;
}

export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return seed;
}

export function parseGroupBy(value: string): GroupBy {
  if (!(GROUP_BY as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${GROUP_BY.join(', ')}.`);
  return value as GroupBy;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2000) throw new InvalidArgumentError('must be a whole number from 1 to 2000.');
  return n;
}

export function parseHours(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_NEGATIVE_HOURS) throw new InvalidArgumentError(`must be a number of hours above 0 and at most ${MAX_NEGATIVE_HOURS}, e.g. 0.5.`);
  return n;
}

export function parsePhrase(value: string): string {
  const problem = phraseProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}, e.g. --phrase "hey nova".`);
  return value.trim().replace(/\s+/g, ' ');
}

export function parseNegatives(value: string): string[] {
  const phrases = parsePhraseList(value).map(parsePhrase);
  if (phrases.length === 0) throw new InvalidArgumentError('give phrases separated by semicolons, e.g. "hey nora;hey now".');
  return phrases;
}

export function parseVoices(value: string): string[] {
  try {
    return parseVoiceList(value);
  } catch (error) {
    if (error instanceof VoiceSelectionError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

/** `export --phrase`: the name an openWakeWord model reports its detections under. */
export function parseExportPhrase(value: string): string {
  if (value.trim() === '' || value.length > 100) throw new InvalidArgumentError('give the wake phrase as 1 to 100 characters, e.g. --phrase "hey nova".');
  return value.trim();
}
