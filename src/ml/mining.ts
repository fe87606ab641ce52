/**
 * Hard-negative mining inside training, as openWakeWord and microWakeWord do it: after a first fit, every
 * negative window the model could see (each step of the long negative recordings, every short negative clip)
 * is scored by the current model, and the highest-scoring ones (the false activations it would make) join
 * every later epoch with extra weight. Scoring runs the classifier only, on features already in memory, so
 * a round over tens of thousands of windows costs seconds. The mined set is saved with each checkpoint as
 * window keys (file and position, not indices), so a resumed run trains on exactly the same set.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../shared/config/schema';
import type { LogLevel } from '../shared/contract/trainer-protocol';
import { errorMessage } from '../shared/error-message';

export type MiningSettings = TrainingConfig['training']['mining'];
/** Wake-word probabilities of `count` examples given row-major in `features`. */
export type WindowScorer = (features: Float32Array, count: number) => Float32Array;
export type MiningLog = (level: LogLevel, message: string) => void;

/** The miner's state inside a checkpoint folder. */
export const MINED_FILE = 'mined.json';
const STATE_VERSION = 1;
/** Windows per classifier call while scoring. */
const SCORE_BATCH = 1024;
/** Batches scored between yields to the event loop (pause/stop messages still get through). */
const YIELD_EVERY = 16;

/** The loop's hook (LoopData.miner): mine after an epoch's validation, save with its checkpoint, restore on resume. */
export interface EpochMiner {
  mine(epoch: number, score: WindowScorer, log: MiningLog): Promise<void>;
  /** JSON written to the checkpoint as MINED_FILE. */
  save(): string;
  /** `saved` is MINED_FILE's text, or null when the checkpoint has none (written before mining existed). */
  restore(saved: string | null, log: MiningLog): void;
}

/** Every negative window that can be mined, addressed by id 0..count-1. */
export interface MiningCandidates {
  readonly count: number;
  readonly perExample: number;
  /** Stable across runs on the same data (file and position), so a checkpoint names windows, not indices. */
  key(id: number): string;
  copyInto(id: number, out: Float32Array, offset: number): void;
}

export interface MiningRoundRecord {
  readonly epoch: number;
  readonly round: number;
  readonly scored: number;
  readonly added: number;
  /** Scores of the highest and lowest window added (NaN when none was). */
  readonly highest: number;
  readonly lowest: number;
}

interface SavedState {
  readonly version: number;
  readonly keys: readonly string[];
  readonly rounds: readonly MiningRoundRecord[];
}

/** The 1-based mining round that ends `epoch`, or 0 when none does. */
export function miningRound(settings: MiningSettings, epoch: number): number {
  if (settings.rounds === 0 || epoch < settings.first_epoch || (epoch - settings.first_epoch) % settings.every !== 0) return 0;
  const round = (epoch - settings.first_epoch) / settings.every + 1;
  return round <= settings.rounds ? round : 0;
}

/** Ids of the `top` highest scores at or above `minScore`, leaving out `exclude`; highest first, ties by id. */
export function selectHardNegatives(scores: Float32Array, exclude: ReadonlySet<number>, top: number, minScore: number): number[] {
  const eligible: number[] = [];
  for (let id = 0; id < scores.length; id += 1) if ((scores[id] as number) >= minScore && !exclude.has(id)) eligible.push(id);
  eligible.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return eligible.slice(0, top);
}

/** Scores every candidate through `score`, in batches copied into one reused buffer. */
export async function scoreCandidates(candidates: MiningCandidates, score: WindowScorer): Promise<Float32Array> {
  const scores = new Float32Array(candidates.count);
  const buffer = new Float32Array(Math.min(SCORE_BATCH, Math.max(1, candidates.count)) * candidates.perExample);
  for (let start = 0, batch = 0; start < candidates.count; start += SCORE_BATCH, batch += 1) {
    const size = Math.min(SCORE_BATCH, candidates.count - start);
    for (let k = 0; k < size; k += 1) candidates.copyInto(start + k, buffer, k * candidates.perExample);
    const result = score(buffer.subarray(0, size * candidates.perExample), size);
    if (result.length !== size) throw new Error(`mining: the scorer returned ${result.length} scores for ${size} windows`);
    scores.set(result, start);
    if (batch % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return scores;
}

/**
 * predict() in one batch: by default it slices its input into batches of 32, and the wasm backend's slice
 * copies the whole input out of its heap every time (1,024 windows meant 32 copies of 6 MB). Each row's score
 * does not depend on which rows share its batch (mining.test.ts checks this), so only the time changes.
 */
export function predictAll(model: tf.LayersModel, x: tf.Tensor): tf.Tensor2D {
  return model.predict(x, { batchSize: Math.max(1, x.shape[0] ?? 1) }) as tf.Tensor2D;
}

/** A model's wake-word probabilities for [count, frames, nMels] features (the classifier only). */
export function predictScores(model: tf.LayersModel, features: Float32Array, count: number, frames: number, nMels: number): Float32Array {
  return tf.tidy(() => {
    const probabilities = predictAll(model, tf.tensor4d(features, [count, frames, nMels, 1]));
    return probabilities.slice([0, 1], [count, 1]).reshape([count]).dataSync() as Float32Array;
  });
}

/** MINED_FILE of a checkpoint folder, or null when it has none. */
export async function readMinedState(checkpointDir: string): Promise<string | null> {
  return readFile(path.join(checkpointDir, MINED_FILE), 'utf8').catch(() => null);
}

const count = (n: number): string => n.toLocaleString('en-US');

export class HardNegativeMiner implements EpochMiner {
  private readonly ids: number[] = [];
  private readonly minedSet = new Set<number>();
  private history: MiningRoundRecord[] = [];

  constructor(
    private readonly settings: MiningSettings,
    private readonly candidates: MiningCandidates,
  ) {}

  /** Candidate ids mined so far, in the order they were added. */
  get mined(): readonly number[] {
    return this.ids;
  }

  get rounds(): readonly MiningRoundRecord[] {
    return this.history;
  }

  async mine(epoch: number, score: WindowScorer, log: MiningLog): Promise<void> {
    const round = miningRound(this.settings, epoch);
    if (round === 0) return;
    const label = `Mining round ${String(round)}/${String(this.settings.rounds)}`;
    if (this.candidates.count === 0) {
      log('info', `${label}: there are no negative windows to score.`);
      this.history = [...this.history, { epoch, round, scored: 0, added: 0, highest: Number.NaN, lowest: Number.NaN }];
      return;
    }
    const started = performance.now();
    const scores = await scoreCandidates(this.candidates, score);
    const chosen = selectHardNegatives(scores, this.minedSet, this.settings.top_windows, this.settings.min_score);
    for (const id of chosen) {
      this.ids.push(id);
      this.minedSet.add(id);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const highest = chosen.length > 0 ? (scores[chosen[0] as number] as number) : Number.NaN;
    const lowest = chosen.length > 0 ? (scores[chosen.at(-1) as number] as number) : Number.NaN;
    this.history = [...this.history, { epoch, round, scored: scores.length, added: chosen.length, highest, lowest }];
    if (chosen.length === 0) {
      let max = 0;
      for (let id = 0; id < scores.length; id += 1) if (!this.minedSet.has(id)) max = Math.max(max, scores[id] as number);
      log('info', `${label}: scored ${count(scores.length)} negative windows in ${seconds} s, none new at or above ${String(this.settings.min_score)} (highest ${max.toFixed(2)}); ${count(this.ids.length)} mined in all.`);
      return;
    }
    log(
      'info',
      `${label}: scored ${count(scores.length)} negative windows in ${seconds} s, added ${count(chosen.length)} (scores ${highest.toFixed(2)}–${lowest.toFixed(2)}); ${count(this.ids.length)} mined windows now join every epoch.`,
    );
  }

  save(): string {
    const state: SavedState = { version: STATE_VERSION, keys: this.ids.map((id) => this.candidates.key(id)), rounds: this.history };
    return JSON.stringify(state);
  }

  restore(saved: string | null, log: MiningLog): void {
    this.ids.length = 0;
    this.minedSet.clear();
    this.history = [];
    if (saved === null) return;
    let state: SavedState;
    try {
      state = JSON.parse(saved) as SavedState;
      if (state.version !== STATE_VERSION || !Array.isArray(state.keys)) throw new Error(`unknown version ${String(state.version)}`);
    } catch (error) {
      log('warn', `The checkpoint's mined negatives could not be read (${errorMessage(error)}): continuing without them.`);
      return;
    }
    const byKey = new Map<string, number>();
    for (let id = 0; id < this.candidates.count; id += 1) byKey.set(this.candidates.key(id), id);
    let missing = 0;
    for (const key of state.keys) {
      const id = byKey.get(key);
      if (id === undefined || this.minedSet.has(id)) {
        missing += 1;
        continue;
      }
      this.ids.push(id);
      this.minedSet.add(id);
    }
    this.history = Array.isArray(state.rounds) ? [...state.rounds] : [];
    if (missing > 0) log('warn', `${count(missing)} of the checkpoint's ${count(state.keys.length)} mined negative windows are no longer in the training data (files changed since): continuing with ${count(this.ids.length)}.`);
    else if (this.ids.length > 0) log('info', `Restored ${count(this.ids.length)} mined negative windows from the checkpoint.`);
  }
}
