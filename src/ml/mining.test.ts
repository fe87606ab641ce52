import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import type { LogLevel } from '../shared/contract/trainer-protocol';
import { loadBackend } from './backend-loader';
import { HardNegativeMiner, miningRound, predictAll, predictScores, scoreCandidates, selectHardNegatives, type MiningCandidates, type MiningSettings } from './mining';
import { buildModelFromConfig } from './models/build-model';

const PER = 4;

/** Candidate i is [i, i, i, i]: a fake scorer can score it by a known function of its value. */
function candidates(count: number, prefix = 'w'): MiningCandidates {
  return {
    count,
    perExample: PER,
    key: (id) => `${prefix}${String(id)}`,
    copyInto: (id, out, offset) => out.fill(id, offset, offset + PER),
  };
}

/** Scores window value v as (v mod 100) / 100: windows 99, 199, 299 ... score highest. */
function modScorer(calls: number[] = []): (features: Float32Array, count: number) => Float32Array {
  return (features, count) => {
    calls.push(count);
    return Float32Array.from({ length: count }, (_, k) => ((features[k * PER] as number) % 100) / 100);
  };
}

function collectLog(): { readonly lines: string[]; readonly log: (level: LogLevel, message: string) => void } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}

const settings = (patch: Partial<MiningSettings> = {}): MiningSettings => ({ ...DEFAULT_CONFIG.training.mining, rounds: 3, first_epoch: 2, every: 3, top_windows: 5, min_score: 0.5, ...patch });

describe('hard-negative mining', () => {
  it('runs on first_epoch, then every `every` epochs, `rounds` times; never when rounds is 0', () => {
    const rounds = Array.from({ length: 14 }, (_, i) => miningRound(settings(), i + 1));
    expect(rounds).toEqual([0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0]);
    expect(Array.from({ length: 10 }, (_, i) => miningRound(settings({ rounds: 0 }), i + 1)).every((r) => r === 0)).toBe(true);
  });

  it('selects the highest scores at or above min_score, highest first, leaving out excluded ids', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.7, 0.95, 0.49, 0.7]);
    expect(selectHardNegatives(scores, new Set(), 3, 0.5)).toEqual([4, 1, 3]);
    expect(selectHardNegatives(scores, new Set([4, 1]), 10, 0.5)).toEqual([3, 6, 2]);
    expect(selectHardNegatives(scores, new Set(), 10, 0.96)).toEqual([]);
  });

  it('scores every candidate in batches through the scorer', async () => {
    const calls: number[] = [];
    const scores = await scoreCandidates(candidates(2500), modScorer(calls));
    expect(calls).toEqual([1024, 1024, 452]);
    expect(scores[199]).toBeCloseTo(0.99, 6);
    expect(scores[1200]).toBeCloseTo(0, 6);
    await expect(scoreCandidates(candidates(3), () => new Float32Array(1))).rejects.toThrow('the scorer returned 1 scores for 3 windows');
  });

  it('adds exactly the top-scoring windows, excludes mined ones in later rounds, respects min_score, and logs each round', async () => {
    const miner = new HardNegativeMiner(settings({ top_windows: 4, min_score: 0.96 }), candidates(450));
    const { lines, log } = collectLog();
    await miner.mine(1, modScorer(), log);
    expect(miner.mined).toEqual([]);
    expect(lines).toEqual([]);

    await miner.mine(2, modScorer(), log);
    // Scores 0.99 for 99, 199, 299, 399; 0.98 for 98, 198, ...: the top 4 by score, ties by id.
    expect(miner.mined).toEqual([99, 199, 299, 399]);
    expect(lines[0]).toMatch(/^info: Mining round 1\/3: scored 450 negative windows in \d+\.\d s, added 4 \(scores 0\.99–0\.99\); 4 mined windows now join every epoch\.$/);

    await miner.mine(5, modScorer(), log);
    expect(miner.mined).toEqual([99, 199, 299, 399, 98, 198, 298, 398]);
    expect(lines[1]).toMatch(/Mining round 2\/3: .* added 4 \(scores 0\.98–0\.98\); 8 mined/);

    // Round 3: 97, 197, 297, 397 score 0.97 >= 0.96; then nothing is left at or above min_score.
    await miner.mine(8, modScorer(), log);
    expect(miner.mined.slice(8)).toEqual([97, 197, 297, 397]);
    expect(miner.rounds.map((r) => [r.epoch, r.round, r.scored, r.added])).toEqual([
      [2, 1, 450, 4],
      [5, 2, 450, 4],
      [8, 3, 450, 4],
    ]);
    await miner.mine(11, modScorer(), log);
    expect(miner.mined).toHaveLength(12);

    const strict = new HardNegativeMiner(settings({ min_score: 0.995 }), candidates(450));
    const quiet = collectLog();
    await strict.mine(2, modScorer(), quiet.log);
    expect(strict.mined).toEqual([]);
    expect(quiet.lines[0]).toMatch(/Mining round 1\/3: scored 450 negative windows .* none new at or above 0\.995 \(highest 0\.99\); 0 mined in all\./);
  });

  it('saves the mined set by key and restores the same windows, warning about windows no longer there', async () => {
    const miner = new HardNegativeMiner(settings(), candidates(300));
    await miner.mine(2, modScorer(), () => undefined);
    const saved = miner.save();
    expect(JSON.parse(saved)).toMatchObject({ version: 1, keys: ['w99', 'w199', 'w299', 'w98', 'w198'] });

    const resumed = new HardNegativeMiner(settings(), candidates(300));
    const { lines, log } = collectLog();
    resumed.restore(saved, log);
    expect(resumed.mined).toEqual(miner.mined);
    expect(resumed.rounds).toEqual(miner.rounds);
    expect(lines).toEqual(['info: Restored 5 mined negative windows from the checkpoint.']);
    // The next round continues from the restored set exactly as the uninterrupted miner does.
    await miner.mine(5, modScorer(), () => undefined);
    await resumed.mine(5, modScorer(), () => undefined);
    expect(resumed.mined).toEqual(miner.mined);

    const shrunk = new HardNegativeMiner(settings(), candidates(200));
    const warned = collectLog();
    shrunk.restore(saved, warned.log);
    expect(shrunk.mined).toEqual([99, 199, 98, 198]);
    expect(warned.lines).toEqual(['warn: 1 of the checkpoint\'s 5 mined negative windows are no longer in the training data (files changed since): continuing with 4.']);

    const broken = collectLog();
    shrunk.restore('{not json', broken.log);
    expect(shrunk.mined).toEqual([]);
    expect(broken.lines[0]).toMatch(/^warn: The checkpoint's mined negatives could not be read/);
    shrunk.restore(null, broken.log);
    expect(shrunk.mined).toEqual([]);
  });
});

describe.each(['cpu', 'wasm'] as const)('predictAll on %s', (backend) => {
  it("gives every row the score it gets in predict()'s default batches of 32, alone, or among other rows, bit for bit", async () => {
    await loadBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    // The default preset's head on openWakeWord-shaped inputs, with dropout (which must be off when predicting).
    const model = buildModelFromConfig({ ...DEFAULT_CONFIG.model, architecture: 'oww_dnn', dropout: 0.3 }, { frames: 16, nMels: 96 }, 7);
    const count = 75;
    const per = 16 * 96;
    let state = 12345;
    const features = Float32Array.from({ length: count * per }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state / 4294967296) * 4 - 2;
    });
    const bits = (scores: Float32Array): number[] => Array.from(new Uint32Array(Float32Array.from(scores).buffer));
    const all = predictScores(model, features, count, 16, 96);
    const defaultBatches = tf.tidy(() => (model.predict(tf.tensor4d(features, [count, 16, 96, 1])) as tf.Tensor2D).slice([0, 1], [count, 1]).reshape([count]).dataSync() as Float32Array);
    const alone = Float32Array.from({ length: count }, (_, i) => predictScores(model, features.subarray(i * per, (i + 1) * per), 1, 16, 96)[0] as number);
    // The rows in reverse order, all in one batch.
    const reversed = new Float32Array(count * per);
    for (let i = 0; i < count; i += 1) reversed.set(features.subarray(i * per, (i + 1) * per), (count - 1 - i) * per);
    const backwards = predictScores(model, reversed, count, 16, 96).reverse();
    expect(all).toHaveLength(count);
    expect(new Set(all).size).toBeGreaterThan(count / 2);
    expect(bits(all)).toEqual(bits(defaultBatches));
    expect(bits(all)).toEqual(bits(alone));
    expect(bits(all)).toEqual(bits(backwards));
    const probabilities = tf.tidy(() => predictAll(model, tf.tensor4d(features, [count, 16, 96, 1])).dataSync() as Float32Array);
    expect(probabilities).toHaveLength(count * 2);
    model.dispose();
  });
});
