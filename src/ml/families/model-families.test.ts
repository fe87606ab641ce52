import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../../tests/support/run-folder';
import { writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { ARCHITECTURES, isOwwArchitecture, MODEL_FAMILY_IDS, type Architecture, type ModelFamilyId } from '../../shared/config/schema';
import { exportFormatsFor } from '../../shared/export/export-formats';
import { EXPORT_FORMATS } from '../../shared/export/wakeword-manifest';
import { readRunArtifacts } from '../../node/evaluation/run-artifacts';
import { loadBackend } from '../backend-loader';
import { exportRun, MODEL_FAMILIES, modelFamilyFor, modelFamilyOfExportFormat } from './model-families';
import { owwDataNotes } from './oww-family';

/** Written out, not derived from the table under test. */
const EXPECTED_FAMILY: Readonly<Record<Architecture, ModelFamilyId>> = {
  dscnn: 'log-mel',
  res8: 'log-mel',
  tc_resnet8: 'log-mel',
  crnn: 'log-mel',
  oww_dnn: 'oww',
  oww_rnn: 'oww',
};

describe('modelFamilyFor', () => {
  it.each(ARCHITECTURES)('%s: its family, whether given the architecture or a config', (architecture) => {
    const family = modelFamilyFor(architecture);
    expect(family.id).toBe(EXPECTED_FAMILY[architecture]);
    expect(family).toBe(MODEL_FAMILIES[EXPECTED_FAMILY[architecture]]);
    expect(modelFamilyFor({ ...DSCNN_DEFAULT_CONFIG, model: { ...DSCNN_DEFAULT_CONFIG.model, architecture } })).toBe(family);
    // The shared config logic (validation, shapes, estimates) must agree with the family the app runs.
    expect(isOwwArchitecture(architecture)).toBe(family.id === 'oww');
  });

  it('the shipped defaults: DEFAULT_CONFIG trains openWakeWord heads, DSCNN_DEFAULT_CONFIG log-mel models', () => {
    expect(modelFamilyFor(DEFAULT_CONFIG).id).toBe('oww');
    expect(modelFamilyFor(DSCNN_DEFAULT_CONFIG).id).toBe('log-mel');
  });
});

describe('MODEL_FAMILIES', () => {
  it.each(MODEL_FAMILY_IDS)('%s implements every member under its own id', (id) => {
    const family = MODEL_FAMILIES[id];
    expect(family.id).toBe(id);
    for (const member of ['prepareTrainingData', 'openScorer', 'exportFormats', 'runExport'] as const) expect(typeof family[member]).toBe('function');
  });

  it('each family lists the export formats the Export panel offers for its architectures', () => {
    expect(MODEL_FAMILIES['log-mel'].exportFormats().map((option) => option.format)).toEqual(['onnx', 'tfjs']);
    expect(MODEL_FAMILIES.oww.exportFormats().map((option) => option.format)).toEqual(['oww']);
    for (const architecture of ARCHITECTURES) expect(modelFamilyFor(architecture).exportFormats()).toEqual(exportFormatsFor(architecture));
  });

  it('every export format belongs to exactly one family, which runs its export', () => {
    for (const format of EXPORT_FORMATS) {
      const owners = MODEL_FAMILY_IDS.filter((id) => MODEL_FAMILIES[id].exportFormats().some((option) => option.format === format));
      expect(owners, format).toHaveLength(1);
      expect(modelFamilyOfExportFormat(format).id).toBe(owners[0]);
    }
  });

  it("exports with the exporter of the format's family (each refuses INT8 in its own words, before reading the run)", async () => {
    const job = { runDir: '/nonexistent/run', outDir: '/nonexistent/out', int8: true, appVersion: 'x' };
    await expect(exportRun({ ...job, format: 'tfjs' })).rejects.toThrow('INT8 quantisation applies to ONNX exports only: use --format onnx with --int8');
    await expect(exportRun({ ...job, format: 'oww' })).rejects.toThrow('openWakeWord models are exported as float32');
    await expect(MODEL_FAMILIES.oww.runExport({ ...job, format: 'oww' }, () => undefined)).rejects.toThrow('openWakeWord models are exported as float32');
  });
});

describe('openScorer', () => {
  let workspace: string;
  beforeAll(async () => {
    await loadBackend('wasm');
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-families-scorer-'));
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("log-mel: opens a log-mel run with the run's own front end", async () => {
    const artifacts = await readRunArtifacts(await writeRunFolder(workspace, 'run-dscnn', 'dscnn'));
    const scorer = await modelFamilyFor(artifacts.config).openScorer(artifacts, 'wasm');
    try {
      expect(scorer.family).toBe('log-mel');
      expect(scorer.clipSamples).toBe(Math.round(artifacts.config.data.clip_duration * artifacts.config.data.sample_rate));
    } finally {
      await scorer.dispose();
    }
  });

  it('oww: refuses a run whose audio is not at openWakeWord\'s 16 kHz, naming the run', async () => {
    const artifacts = await readRunArtifacts(await writeRunFolder(workspace, 'run-oww', 'oww_dnn'));
    const wrongRate = { ...artifacts, config: { ...artifacts.config, data: { ...artifacts.config.data, sample_rate: 22050 } } };
    await expect(MODEL_FAMILIES.oww.openScorer(wrongRate, 'wasm')).rejects.toThrow(`${artifacts.runDir}: data.sample_rate must be 16000 for an openWakeWord model (got 22050)`);
  });
});

describe('prepareTrainingData', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-families-'));
    await writeSyntheticWorkspace(workspace, { positive: 4, negative: 4, hard_negative: 2 });
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it('log-mel: the log-mel loader with its progress, and no family notes', async () => {
    const progress: number[] = [];
    const { data, notes } = await MODEL_FAMILIES['log-mel'].prepareTrainingData(workspace, DSCNN_DEFAULT_CONFIG, (done) => progress.push(done));
    expect(data.nMels).toBe(DSCNN_DEFAULT_CONFIG.features.n_mels);
    expect(data.trainSize).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(notes).toEqual([]);
  });

  it('oww: one log line on long negatives when there are any, none otherwise', () => {
    expect(owwDataNotes({ longNegatives: { recordings: 0, hours: 0, windows: 0, perEpoch: 0 } })).toEqual([]);
    expect(owwDataNotes({ longNegatives: { recordings: 3, hours: 1.5, windows: 12_345, perEpoch: 10_000 } })).toEqual([
      'Long negatives: 3 recordings (1.50 h), 12,345 candidate windows, 10,000 drawn per epoch.',
    ]);
  });
});
