import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { owwTestConfig, trainOwwTestRun } from '../../../tests/support/oww-run';
import { trainLogMelTestRun } from '../../../tests/support/log-mel-run';
import { evaluationMetrics, thresholdForFiles, type SplitScores } from '../../shared/core/evaluation/evaluation-report';
import type { BestModel } from '../../shared/contract/trainer-protocol';
import { runEval } from '../../cli/eval-command';
import { OwwBackbone } from '../oww/backbone';
import { openRunScorer } from './run-scorer';
import { type RunScorer } from './scorer-types';
import { scoreSplit } from './score-split';

/**
 * `wakeword eval --split val` must reproduce the figures training chose its best model on: the same streams,
 * the same detector, the same threshold search.
 */
describe('evaluation agrees with training on the validation split (oww)', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  let runDir: string;
  let best: BestModel;
  let scorer: RunScorer;
  let scored: SplitScores;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-agree-'));
    runDir = await trainOwwTestRun(workspace, backbone, owwTestConfig(3));
    best = JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as BestModel;
    scorer = await openRunScorer(runDir, 'wasm');
    scored = await scoreSplit(workspace, 'val', scorer);
  }, 180_000);
  afterAll(async () => {
    await scorer.dispose();
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it('training stored the streaming FA/h estimate, its hours and the target with the best model', () => {
    expect(best.fahBasis).toBe('streaming');
    expect(best.targetFah).toBe(0.5);
    expect(best.fahEstimate?.hours).toBeGreaterThan(0);
    expect(best.fahEstimate?.upper95).toBeGreaterThan(0);
    // Two seconds of validation negatives cannot support 0.5 FA/h, and training said so.
    expect(best.fahWarning).toContain('cannot show that 0.5 FA/h is met');
  });

  it('eval on val finds the same hours, the same threshold for the target, and the same false accepts and recall there', () => {
    expect(scored.streams).toBeDefined();
    expect(scored.generalNegativeHours).toBeCloseTo(best.fahEstimate?.hours ?? Number.NaN, 12);
    const point = thresholdForFiles(scored.files, scored.generalNegativeHours, 0.5, scored.streams);
    expect(point.threshold).toBeCloseTo(best.threshold, 5);
    const metrics = evaluationMetrics(scored.files, scored.generalNegativeHours, best.threshold, scored.streams);
    expect(metrics.fahEstimate.falseAccepts).toBe(best.fahEstimate?.falseAccepts);
    expect(metrics.fahEstimate.upper95).toBeCloseTo(best.fahEstimate?.upper95 ?? Number.NaN, 9);
    expect(metrics.recall).toBeCloseTo(best.recallAtTarget, 12);
    expect(metrics.countedUnit).toBe('files');
  });

  it('wakeword eval --split val --target-fah 0.5 prints the same figures', async () => {
    const out: string[] = [];
    const err: string[] = [];
    await runEval({ run: runDir, split: 'val', targetFah: 0.5, backend: 'wasm', json: true }, { out: (line) => out.push(line), err: (line) => err.push(line) });
    const json = JSON.parse(out.join('\n')) as Record<string, unknown>;
    expect(json.threshold as number).toBeCloseTo(best.threshold, 5);
    expect(json.false_accepts).toBe(best.fahEstimate?.falseAccepts);
    expect(json.general_negative_hours as number).toBeCloseTo(best.fahEstimate?.hours ?? Number.NaN, 12);
    expect(json.recall as number).toBeCloseTo(best.recallAtTarget, 12);
    expect(json).toMatchObject({ fah_basis: 'streaming', counted: 'files', target_fah: 0.5 });
    expect(json.fah_warning).toContain('cannot show that 0.5 FA/h is met');
  }, 120_000);
});

describe('evaluation agrees with training on the validation split (log-mel)', () => {
  let workspace: string;
  let runDir: string;
  let best: BestModel;
  let scorer: RunScorer;
  let scored: SplitScores;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'log-mel-agree-'));
    runDir = await trainLogMelTestRun(workspace);
    best = JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as BestModel;
    scorer = await openRunScorer(runDir, 'wasm');
    scored = await scoreSplit(workspace, 'val', scorer);
  }, 180_000);
  afterAll(async () => {
    await scorer.dispose();
    await rm(workspace, { recursive: true, force: true });
  });

  it('training counted FA/h with the streaming detector over the validation negatives, and said the hours are too few', () => {
    expect(best.fahBasis).toBe('streaming');
    // Three 1 s negatives make one stream of 3 s: 21 windows of 1 s every 0.1 s, i.e. 2 s of window starts.
    expect(best.fahEstimate?.hours).toBeCloseTo(21 * 0.1 / 3600, 12);
    expect(best.fahWarning).toContain('cannot show that 0.5 FA/h is met');
  });

  it('eval on val finds the same hours, threshold, false accepts and recall', async () => {
    expect(scored.streams).toBeDefined();
    expect(scored.generalNegativeHours).toBeCloseTo(best.fahEstimate?.hours ?? Number.NaN, 12);
    const point = thresholdForFiles(scored.files, scored.generalNegativeHours, 0.5, scored.streams);
    expect(point.threshold).toBeCloseTo(best.threshold, 5);
    const metrics = evaluationMetrics(scored.files, scored.generalNegativeHours, best.threshold, scored.streams);
    expect(metrics.fahEstimate.falseAccepts).toBe(best.fahEstimate?.falseAccepts);
    expect(metrics.recall).toBeCloseTo(best.recallAtTarget, 12);
    const out: string[] = [];
    await runEval({ run: runDir, split: 'val', targetFah: 0.5, backend: 'wasm', json: true }, { out: (line) => out.push(line), err: () => undefined });
    const json = JSON.parse(out.join('\n')) as Record<string, unknown>;
    expect(json.threshold as number).toBeCloseTo(best.threshold, 5);
    expect(json).toMatchObject({ fah_basis: 'streaming', false_accepts: best.fahEstimate?.falseAccepts });
  }, 120_000);
});
