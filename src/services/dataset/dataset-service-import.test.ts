import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../tests/fixtures/dataset/audio-bytes';
import type { EventName, EventPayloads } from '../../shared/contract/api';
import type { SplitRatios } from '../../shared/core/dataset/split';
import { EventBus } from '../event-bus';
import { createSettingsService } from '../settings-service';
import { sourceScanLauncher } from '../../../tests/support/scan-launcher';
import { createDatasetService } from './dataset-service';
import { findOnPath } from '../../node/dataset/synth/run-program';

let root: string;

function setup(env?: NodeJS.ProcessEnv, newWorkspaceSplitRatios?: () => Promise<SplitRatios | null>) {
  const bus = new EventBus();
  const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
  const events: { name: EventName; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const of = <E extends EventName>(name: E): EventPayloads[E][] => events.filter((e) => e.name === name).map((e) => e.payload as EventPayloads[E]);
  return { service: createDatasetService({ bus, settings, scanLauncher: sourceScanLauncher(), ...(env ? { env } : {}), ...(newWorkspaceSplitRatios ? { newWorkspaceSplitRatios } : {}) }), settings, of };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-dataset-import-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('dataset service: import, synthesis and the demo workspace', () => {
  it('imports dropped paths into the open workspace with progress events, then an incremental scan reads only the new files', async () => {
    const { service, of } = setup();
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/old.wav'), wavBytes());
    await service.scan();
    const folder = path.join(root, 'drop', 'speaker');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(path.join(folder, `c${i}.wav`), wavBytes());
    writeFileSync(path.join(folder, 'readme.md'), '#');

    const result = await service.importPaths('positive', [folder]);
    expect(result.imported).toHaveLength(3);
    expect(result.skipped).toEqual([{ source: path.join(folder, 'readme.md'), reason: expect.stringMatching(/^not an audio file \(\.md\)/) }]);
    expect(of('dataset:import-progress').at(-1)).toEqual({ category: 'positive', done: 4, total: 4, current: '' });

    const outcome = await service.scan();
    expect(outcome).toMatchObject({ status: 'completed', summary: { totalFiles: 4, reusedFromCache: 1 } });
  });

  it('needs an open workspace with data/raw to import or synthesize into', async () => {
    const { service } = setup();
    await expect(service.importPaths('positive', ['/tmp/x.wav'])).rejects.toThrow('no workspace is open');
    await expect(service.synthesize({ phrase: 'hey nova', count: 1 })).rejects.toThrow('no workspace is open');
    mkdirSync(path.join(root, 'bare'));
    service.openWorkspace(path.join(root, 'bare'));
    await expect(
      service.importUpload({ uploadId: 'abcdefgh', category: 'positive', name: 'a.wav', size: 4, offset: 0, data: 'AAAAAA==', last: true }),
    ).rejects.toThrow('has no data/raw folder');
  });

  it('synthesizes positives and hard negatives into synthetic/ sub-folders of the workspace', async () => {
    const { service, of } = setup();
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    const result = await service.synthesize({ phrase: 'Hey Nova', count: 2, seed: 5, negatives: ['hey nora'], negativeCount: 1 });
    expect(result.positives).toEqual({ phrase: 'Hey Nova', folder: 'data/raw/positive/synthetic/hey_nova', files: 2 });
    expect(result.negatives).toEqual([{ phrase: 'hey nora', folder: 'data/raw/hard_negative/synthetic/hey_nora', files: 1 }]);
    expect(readdirSync(path.join(ws, 'data/raw/positive/synthetic/hey_nova'))).toEqual(['hey_nova_s5_0001.wav', 'hey_nova_s5_0002.wav', 'synth-voices.jsonl']);
    expect(of('dataset:synth-progress').at(-1)).toEqual({ phase: 'done', done: 3, total: 3 });

    // Negative speech avoids the phrase the synthetic positives say, without being told it again.
    const speech = await service.negativeSpeech({ hours: 0.002, seed: 1 });
    expect(speech).toMatchObject({ folder: 'data/raw/negative/speech/generated', files: ['data/raw/negative/speech/generated/speech_s1_001.wav'], seconds: 7.2 });
    expect(of('dataset:synth-progress').at(-1)).toMatchObject({ phase: 'speech', done: 7, total: 7 });
    expect(readFileSync(path.join(ws, 'data/raw/negative/speech/generated/synth-voices.jsonl'), 'utf8')).not.toMatch(/hey,? nova/i);
  });

  it('reports missing speech engines with install instructions and writes nothing', async () => {
    const PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => findOnPath('espeak-ng', { PATH: dir }) === null && findOnPath('flite', { PATH: dir }) === null).join(path.delimiter);
    const { service } = setup({ ...process.env, PATH, WAKEWORD_VOICES: '' });
    const engines = await service.synthEngines();
    expect(engines.voices).toEqual([]);
    expect(engines.engines.find((e) => e.id === 'flite')).toMatchObject({ available: false, install: expect.arrayContaining([{ platform: 'Debian/Ubuntu', command: 'sudo apt install flite' }]) as unknown });
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    await expect(service.synthesize({ phrase: 'hey nova', count: 1 })).rejects.toThrow(/none was found[\s\S]*sudo apt install espeak-ng/);
    await expect(service.negativeSpeech({ hours: 0.01, phrase: 'hey nova' })).rejects.toThrow(/sudo apt install flite/);
    await expect(service.createDemo(path.join(root, 'demo'))).rejects.toThrow(/brew install espeak-ng/);
    expect(existsSync(path.join(root, 'demo'))).toBe(false);
    expect(readdirSync(path.join(ws, 'data/raw/positive'))).toEqual([]);
  });

  it('creates the demo workspace: scanned, split, opened, within the time budget', { timeout: 180_000 }, async () => {
    // The host's shares for a workspace without a configuration (the default preset's): the demo splits with them.
    const { service, settings, of } = setup(undefined, () => Promise.resolve([0.8, 0.1, 0.1]));
    const demo = path.join(root, 'demo');
    const started = performance.now();
    const result = await service.createDemo(demo);
    const seconds = (performance.now() - started) / 1000;
    expect(result.counts).toEqual({ positive: 60, negative: 165, hard_negative: 30, background: 4 });
    expect(result.split.counts.train.positive + result.split.counts.val.positive + result.split.counts.test.positive).toBe(60);
    expect(result.split.counts.test.hard_negative).toBeGreaterThan(0);
    expect(result.split.background).toBe(4);
    expect(result.split.ratios).toEqual([0.8, 0.1, 0.1]);
    expect(result.split.counts.train.positive).toBe(48);
    expect(settings.get().workspace).toBe(demo);
    const overview = await service.overview();
    expect(overview.scan).toMatchObject({ totalFiles: 259, invalidFiles: 0 });
    // What a newcomer sees first: the only gaps are the ones a small demo has by design (few positives, minutes not
    // hours of negatives, no room impulse responses), so the verdict is "trainable" and the ratio is on target.
    const findings = overview.scan?.health.findings ?? [];
    expect(findings.filter((f) => f.severity !== 'good' && f.severity !== 'info').map((f) => f.id).sort()).toEqual(['fah-basis', 'few-positives']);
    expect(findings.find((f) => f.id === 'negative-ratio')?.severity).toBe('good');
    expect(overview.scan?.health.score).toBeGreaterThanOrEqual(50);
    // The demo's positives live in positive/hey_nova/: the synthesis form is prefilled with that phrase.
    expect(overview.synthPhrase).toBe('hey nova');
    expect(of('dataset:synth-progress').map((p) => p.phase)).toEqual(expect.arrayContaining(['positives', 'negatives', 'speech', 'noise', 'scanning', 'splitting', 'done']));
    const done = of('dataset:synth-progress').map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // Ten minutes of negative speech in 15 files, spoken by both installed engines.
    const speech = path.join(demo, 'data/raw/negative/speech/generated');
    expect(readdirSync(speech).filter((name) => name.endsWith('.wav'))).toHaveLength(15);
    const voices = readFileSync(path.join(speech, 'synth-voices.jsonl'), 'utf8');
    expect(voices).toContain('"voice":"flite:');
    expect(voices).toContain('"voice":"espeak-ng:');
    // The budget is ~30 s on 2 idle cores; a shared, busy test machine gets slack.
    expect(seconds).toBeLessThan(120);
    await expect(service.createDemo(demo)).rejects.toThrow('the folder is not empty');
  });
});
