import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../tests/fixtures/dataset/audio-bytes';
import { WORKSPACE_FOLDERS } from '../../shared/core/dataset/categories';
import type { ScanProgress } from '../../shared/core/dataset/dataset-types';
import { EventBus } from '../event-bus';
import { createSettingsService } from '../settings-service';
import { sourceScanLauncher } from '../../../tests/support/scan-launcher';
import type { ScanParentMessage } from '../../shared/contract/scan-protocol';
import { nodeWorkerLauncher } from '../../node/training/worker-handle';
import { createDatasetService, MAX_RECENT_WORKSPACES } from './dataset-service';

let root: string;

function setup(pickFolder?: () => Promise<string | null>) {
  const bus = new EventBus();
  const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
  const progress: ScanProgress[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'dataset:scan-progress') progress.push(payload as ScanProgress);
  });
  return { service: createDatasetService({ bus, settings, scanLauncher: sourceScanLauncher(), ...(pickFolder ? { pickFolder } : {}) }), settings, progress, bus };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wakeword-dataset-service-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('dataset service', () => {
  it('creates a workspace layout, opens it and remembers it first in the recent list', async () => {
    const { service, settings } = setup();
    const first = path.join(root, 'first');
    const status = await service.createWorkspace(first);
    expect(status).toEqual({ path: first, exists: true, missingFolders: [] });
    for (const folder of WORKSPACE_FOLDERS) expect(existsSync(path.join(first, folder))).toBe(true);
    const second = path.join(root, 'second');
    mkdirSync(second);
    expect(service.openWorkspace(second).missingFolders).toContain('data/raw/positive');
    service.openWorkspace(first);
    expect(settings.get().workspace).toBe(first);
    expect(settings.get().recentWorkspaces).toEqual([first, second]);
  });

  it('caps the recent list and refuses folders that do not exist', async () => {
    const { service, settings } = setup();
    for (let i = 0; i < MAX_RECENT_WORKSPACES + 3; i++) await service.createWorkspace(path.join(root, `ws${i}`));
    expect(settings.get().recentWorkspaces).toHaveLength(MAX_RECENT_WORKSPACES);
    expect(() => service.openWorkspace(path.join(root, 'missing'))).toThrow(`Could not open ${path.join(root, 'missing')}: the folder does not exist`);
    const file = path.join(root, 'file.txt');
    writeFileSync(file, 'x');
    expect(() => service.openWorkspace(file)).toThrow(`Could not open ${file}: it is a file, not a folder`);
    await expect(service.createWorkspace(file)).rejects.toThrow('is a file');
  });

  it('scans the open workspace with progress events, then shows it in the overview', async () => {
    const { service, progress } = setup();
    await expect(service.scan()).rejects.toThrow('no workspace is open');
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/a.wav'), wavBytes());
    writeFileSync(path.join(ws, 'data/raw/negative/b.wav'), 'junk');
    expect(await service.overview()).toMatchObject({ scan: null, split: null });
    const outcome = await service.scan();
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.summary).toMatchObject({ totalFiles: 2, validFiles: 1, invalidFiles: 1 });
    expect(outcome.summary.invalid).toEqual([{ path: 'negative/b.wav', reason: 'not a WAV file (RIFF header missing)' }]);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'writing', 'done']));
    expect(progress.at(-1)).toEqual({ workspace: ws, phase: 'done', done: 2, total: 2 });

    const split = await service.split({ seed: 1 });
    expect(split.counts.train.positive + split.counts.val.positive + split.counts.test.positive).toBe(1);
    const overview = await service.overview();
    expect(overview.scan?.totalFiles).toBe(2);
    expect(overview.split?.seed).toBe(1);
  });

  it('marks scan and split out of date when data/raw changes after them, and reports changes made outside the app', async () => {
    const bus = new EventBus();
    const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
    const changes: string[] = [];
    let changed: () => void = () => undefined;
    bus.subscribe((name, payload) => {
      if (name !== 'dataset:changed') return;
      changes.push((payload as { workspace: string }).workspace);
      changed();
    });
    const service = createDatasetService({ bus, settings, scanLauncher: sourceScanLauncher(), watchDebounceMs: 20 });
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/a.wav'), wavBytes());
    writeFileSync(path.join(ws, 'data/raw/negative/b.wav'), wavBytes());
    await service.scan();
    await service.split({ seed: 1 });
    // The scan and split see every file: nothing is out of date (the watcher starts with this first overview).
    expect((await service.overview()).freshness).toMatchObject({ scanStale: false, splitStale: false });

    // As synthesis or "Add to hard_negative" would: a new clip in a new folder.
    const reported = new Promise<void>((resolve) => (changed = resolve));
    mkdirSync(path.join(ws, 'data/raw/hard_negative/from-eval'), { recursive: true });
    writeFileSync(path.join(ws, 'data/raw/hard_negative/from-eval/c.wav'), wavBytes());
    const stale = (await service.overview()).freshness;
    expect(stale).toMatchObject({ scanStale: true, splitStale: true });
    expect(Date.parse(stale?.dataChangedAt ?? '')).toBeGreaterThan(0);
    await reported;
    expect(changes.at(-1)).toBe(ws);

    await service.scan();
    expect((await service.overview()).freshness).toMatchObject({ scanStale: false, splitStale: true });
    await service.split({ seed: 1 });
    expect((await service.overview()).freshness).toMatchObject({ scanStale: false, splitStale: false });
  });

  it("splits with the configuration's shares when the request names no ratios", async () => {
    const bus = new EventBus();
    const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
    const service = createDatasetService({ bus, settings, scanLauncher: sourceScanLauncher(), splitRatios: () => Promise.resolve([0.8, 0.1, 0.1]) });
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/a.wav'), wavBytes());
    await service.scan();
    expect((await service.split({})).ratios).toEqual([0.8, 0.1, 0.1]);
    expect((await service.split({ ratios: [0.6, 0.2, 0.2] })).ratios).toEqual([0.6, 0.2, 0.2]);
  });

  it('runs each scan in one scan process: a second request joins it, a scan of another workspace is refused meanwhile', async () => {
    const launched: string[] = [];
    const bus = new EventBus();
    const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
    const real = sourceScanLauncher();
    const service = createDatasetService({ bus, settings, scanLauncher: () => (launched.push('scan'), real()) });
    const other = path.join(root, 'other');
    await service.createWorkspace(other);
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/a.wav'), wavBytes());
    const first = service.scan();
    const joined = service.scan();
    service.openWorkspace(other);
    await expect(service.scan()).rejects.toThrow(`a scan of ${ws} is still running: wait for it or cancel it before scanning ${other}`);
    const outcome = await first;
    expect(outcome).toMatchObject({ status: 'completed', summary: { totalFiles: 1, validFiles: 1 } });
    expect(await joined).toEqual(outcome);
    expect(launched).toHaveLength(1);
    // Once it is over, the other workspace scans in a process of its own.
    expect(await service.scan()).toMatchObject({ status: 'completed', summary: { totalFiles: 0 } });
    expect(launched).toHaveLength(2);
  });

  it('cancels a running scan by ending its process: the previous manifest stays as it was', async () => {
    const { service, progress, bus } = setup();
    const ws = path.join(root, 'ws');
    await service.createWorkspace(ws);
    writeFileSync(path.join(ws, 'data/raw/positive/a.wav'), wavBytes());
    expect(await service.scan()).toMatchObject({ status: 'completed', summary: { totalFiles: 1 } });
    const manifest = readFileSync(path.join(ws, 'data/manifest.json'), 'utf8');
    for (let folder = 0; folder < 16; folder++) {
      mkdirSync(path.join(ws, `data/raw/negative/f${folder}`));
      for (let i = 0; i < 250; i++) writeFileSync(path.join(ws, `data/raw/negative/f${folder}/${i}.wav`), wavBytes({ frames: 16 }));
    }
    expect(service.cancelScan()).toBe(false);
    progress.length = 0;
    // Cancelled at its first progress event: the process is then still listing 4,000 files.
    const cancelled = new Promise<boolean>((resolve) => {
      const off = bus.subscribe((name) => {
        if (name !== 'dataset:scan-progress') return;
        off();
        resolve(service.cancelScan());
      });
    });
    const running = service.scan();
    expect(await cancelled).toBe(true);
    expect(await running).toEqual({ status: 'cancelled' });
    expect(progress.at(-1)?.phase).toBe('cancelled');
    expect(readFileSync(path.join(ws, 'data/manifest.json'), 'utf8')).toBe(manifest);
    expect(service.cancelScan()).toBe(false);
    // The workspace is free again: the next scan sees every file.
    expect(await service.scan()).toMatchObject({ status: 'completed', summary: { totalFiles: 4001 } });
  });

  it('reports a crash of the scan process as an error naming it, with the last lines it wrote', async () => {
    const crasher = path.join(root, 'crashing-scan.cjs');
    writeFileSync(crasher, "process.stderr.write('FATAL ERROR: Reached heap limit Allocation failed\\n');\nprocess.exit(134);\n");
    const bus = new EventBus();
    const settings = createSettingsService({ store: {}, path: '/memory/settings.json' }, bus);
    const phases: string[] = [];
    bus.subscribe((name, payload) => name === 'dataset:scan-progress' && phases.push((payload as ScanProgress).phase));
    const service = createDatasetService({ bus, settings, scanLauncher: nodeWorkerLauncher<ScanParentMessage>({ entry: crasher }) });
    await service.createWorkspace(path.join(root, 'ws'));
    await expect(service.scan()).rejects.toThrow('the dataset scan process crashed (exited with code 134: FATAL ERROR: Reached heap limit Allocation failed)');
    expect(phases).toEqual(['failed']);
    // Not stuck: the next request starts a new process (which crashes the same way).
    await expect(service.scan()).rejects.toThrow('dataset scan process crashed');
  });

  it('uses the host folder picker when there is one', async () => {
    expect(await setup().service.pickFolder()).toBeNull();
    expect(await setup(() => Promise.resolve('/chosen')).service.pickFolder()).toBe('/chosen');
  });
});
