import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads } from '../../shared/contract/api';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { ExportResult } from '../../shared/contract/export-contract';
import type { ExportParentMessage, ExportWorkerMessage } from '../../shared/contract/export-protocol';
import { EventBus } from '../event-bus';
import type { WorkerHandle } from '../../node/training/worker-handle';
import { ExportService, defaultExportDir } from './export-service';

/** A stand-in export process: records what it is sent and plays back scripted replies. */
function fakeLauncher(script: (job: ExportParentMessage, reply: (m: ExportWorkerMessage) => void, exit: (code: number | null, detail: string) => void) => void) {
  const sent: ExportParentMessage[] = [];
  const launch = (): WorkerHandle<ExportParentMessage> => {
    let onMessage: (m: unknown) => void = () => undefined;
    let onExit: (code: number | null, detail: string) => void = () => undefined;
    return {
      send: (message) => {
        sent.push(message);
        queueMicrotask(() => script(message, (m) => onMessage(m), (code, detail) => onExit(code, detail)));
      },
      kill: () => undefined,
      onMessage: (listener) => {
        onMessage = listener;
      },
      onExit: (listener) => {
        onExit = listener;
      },
    };
  };
  return { launch, sent };
}

const RESULT = { runId: 'r1', format: 'onnx', outDir: '/x' } as unknown as ExportResult;

describe('ExportService', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-export-service-'));
    for (const id of ['r1', 'untrained']) {
      await mkdir(path.join(workspace, 'runs', id), { recursive: true });
      await writeFile(path.join(workspace, 'runs', id, 'config.json'), JSON.stringify({ ...DSCNN_DEFAULT_CONFIG, features: { ...DSCNN_DEFAULT_CONFIG.features, cmvn: false } }));
    }
    await mkdir(path.join(workspace, 'runs', 'r1', 'best'));
    await writeFile(path.join(workspace, 'runs', 'r1', 'best', 'model.json'), '{}');
    // An openWakeWord run of the default preset, named like the run history names it.
    await mkdir(path.join(workspace, 'runs', 'oww1', 'best'), { recursive: true });
    await writeFile(path.join(workspace, 'runs', 'oww1', 'config.json'), JSON.stringify(DEFAULT_CONFIG));
    await writeFile(path.join(workspace, 'runs', 'oww1', 'best', 'model.json'), '{}');
  });

  function collect(bus: EventBus): { name: EventName; payload: unknown }[] {
    const events: { name: EventName; payload: unknown }[] = [];
    bus.subscribe(<E extends EventName>(name: E, payload: EventPayloads[E]) => events.push({ name, payload }));
    return events;
  }

  it('runs the job in the export process, relays progress and returns its result', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    const { launch, sent } = fakeLauncher((_job, reply) => {
      reply({ type: 'progress', step: 'Converting to ONNX', fraction: null });
      reply({ type: 'done', result: RESULT });
    });
    const service = new ExportService({ launch, bus, appVersion: '1.0.0', backend: () => 'cpu' });
    await expect(service.run(workspace, { runId: 'r1', format: 'onnx', int8: true })).resolves.toBe(RESULT);
    expect(sent).toEqual([
      { type: 'start', job: { runDir: path.join(workspace, 'runs', 'r1'), format: 'onnx', outDir: defaultExportDir(workspace, 'r1', 'onnx'), int8: true, appVersion: '1.0.0', backend: 'cpu', phrase: 'r1' } },
    ]);
    expect(defaultExportDir(workspace, 'r1', 'onnx')).toBe(path.join(workspace, 'exports', 'r1-onnx'));
    expect(events).toEqual([{ name: 'export:progress', payload: { runId: 'r1', step: 'Converting to ONNX', fraction: null } }]);
  });

  it('passes on the export process error, and a crash as a message with the exit detail', async () => {
    const failing = new ExportService({ launch: fakeLauncher((_j, reply) => reply({ type: 'error', message: 'ONNX export failed its check' })).launch, bus: new EventBus(), appVersion: 'x' });
    await expect(failing.run(workspace, { runId: 'r1', format: 'onnx', outDir: 'exports/custom' })).rejects.toThrow('ONNX export failed its check');
    const crashing = new ExportService({ launch: fakeLauncher((_j, _r, exit) => exit(1, 'exited with code 1: out of memory')).launch, bus: new EventBus(), appVersion: 'x' });
    await expect(crashing.run(workspace, { runId: 'r1', format: 'tfjs' })).rejects.toThrow('The export process ended before finishing (exited with code 1: out of memory)');
  });

  it('checks the request before starting a process: unknown run, untrained run, bad id, INT8 with TF.js', async () => {
    const { launch, sent } = fakeLauncher(() => undefined);
    const service = new ExportService({ launch, bus: new EventBus(), appVersion: 'x' });
    await expect(service.run(workspace, { runId: 'missing', format: 'onnx' })).rejects.toThrow(`unknown run "missing": ${path.join(workspace, 'runs', 'missing')} does not exist`);
    await expect(service.run(workspace, { runId: 'untrained', format: 'onnx' })).rejects.toThrow('has no trained model yet');
    await expect(service.run(workspace, { runId: '../r1', format: 'onnx' })).rejects.toThrow('"../r1" is not a run id');
    await expect(service.run(workspace, { runId: 'r1', format: 'tfjs', int8: true })).rejects.toThrow('INT8 quantisation applies to ONNX exports only');
    expect(sent).toEqual([]);
  });

  it('resolves a relative output folder against the workspace and allows one export at a time', async () => {
    // The first job reaches the process only after its run folder has been read; finish it once it has arrived.
    let arrived: (finish: () => void) => void = () => undefined;
    const started = new Promise<() => void>((resolve) => (arrived = resolve));
    const { launch, sent } = fakeLauncher((_j, reply) => arrived(() => reply({ type: 'done', result: RESULT })));
    const service = new ExportService({ launch, bus: new EventBus(), appVersion: 'x' });
    const first = service.run(workspace, { runId: 'r1', format: 'tfjs', outDir: 'exports/here' });
    await expect(service.run(workspace, { runId: 'r1', format: 'onnx' })).rejects.toThrow('An export of run "r1" is already running');
    (await started)();
    await expect(first).resolves.toBe(RESULT);
    expect(sent[0]?.job.outDir).toBe(path.join(workspace, 'exports', 'here'));
  });

  it("writes only inside the workspace's exports folder, links included", async () => {
    const { launch, sent } = fakeLauncher(() => undefined);
    const service = new ExportService({ launch, bus: new EventBus(), appVersion: 'x' });
    const outside = await mkdtemp(path.join(os.tmpdir(), 'wakeword-export-outside-'));
    for (const outDir of ['../../outside', outside, 'runs/r1', path.join(workspace, 'exports', '..', 'elsewhere')]) {
      await expect(service.run(workspace, { runId: 'r1', format: 'onnx', outDir })).rejects.toThrow(/The output folder must lie inside the workspace's exports\/ folder/);
    }
    await mkdir(path.join(workspace, 'exports'), { recursive: true });
    await symlink(outside, path.join(workspace, 'exports', 'link'));
    await expect(service.run(workspace, { runId: 'r1', format: 'onnx', outDir: 'exports/link/model' })).rejects.toThrow(/Output folder exports\/link\/model: not a folder inside the open workspace/);
    expect(await readdir(outside)).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('offers exactly the formats a run supports, refuses the others, and names an oww export after the wake phrase', async () => {
    const { launch, sent } = fakeLauncher((_j, reply) => reply({ type: 'done', result: RESULT }));
    const service = new ExportService({ launch, bus: new EventBus(), appVersion: 'x' });
    const oww = await service.exportOptions(workspace, 'oww1');
    expect(oww.architecture).toBe('oww_dnn');
    expect(oww.formats.map((f) => f.format)).toEqual(['oww']);
    expect(oww.formats[0]?.runsOn).toMatch(/Home Assistant/);
    expect(oww.canPickFolder).toBe(false);
    // No synthesised phrase and no phrase folder yet: the run's name is all there is.
    expect(oww.phrase).toBe('oww1');
    expect((await service.exportOptions(workspace, 'r1')).formats.map((f) => f.format)).toEqual(['onnx', 'tfjs']);
    await expect(service.run(workspace, { runId: 'oww1', format: 'onnx' })).rejects.toThrow('Run "oww1" (a oww_dnn model) cannot be exported as onnx: choose openWakeWord (ONNX)');
    await expect(service.run(workspace, { runId: 'r1', format: 'oww' })).rejects.toThrow('choose ONNX or TensorFlow.js (layers model)');
    expect(sent).toEqual([]);

    // dataset:synthesize writes positives under data/raw/positive/synthetic/<phrase slug>/.
    await mkdir(path.join(workspace, 'data', 'raw', 'positive', 'synthetic', 'hey_nova'), { recursive: true });
    expect((await service.exportOptions(workspace, 'oww1')).phrase).toBe('hey nova');
    await service.run(workspace, { runId: 'oww1', format: 'oww' });
    expect(sent.at(-1)?.job).toMatchObject({ format: 'oww', phrase: 'hey nova', outDir: defaultExportDir(workspace, 'oww1', 'oww') });
    await service.run(workspace, { runId: 'oww1', format: 'oww', phrase: 'Okay Studio' });
    expect(sent.at(-1)?.job.phrase).toBe('Okay Studio');
  });

  it('writes to a folder outside the workspace only for the desktop (its native dialog), and shows that dialog when there is one', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'wakeword-export-desktop-'));
    const { launch, sent } = fakeLauncher((_j, reply) => reply({ type: 'done', result: RESULT }));
    const service = new ExportService({ launch, bus: new EventBus(), appVersion: 'x', pickFolder: () => Promise.resolve(outside) });
    expect((await service.exportOptions(workspace, 'r1')).canPickFolder).toBe(true);
    await expect(service.pickFolder()).resolves.toBe(outside);
    await expect(service.run(workspace, { runId: 'r1', format: 'onnx', outDir: outside }, 'exports')).rejects.toThrow(/must lie inside the workspace's exports/);
    await service.run(workspace, { runId: 'r1', format: 'onnx', outDir: path.join(outside, 'model') }, 'anywhere');
    expect(sent.at(-1)?.job.outDir).toBe(path.join(outside, 'model'));
    // A relative folder still means one under the workspace, checked as before.
    await expect(service.run(workspace, { runId: 'r1', format: 'onnx', outDir: '../elsewhere' }, 'anywhere')).rejects.toThrow(/must lie inside/);
    await expect(new ExportService({ launch, bus: new EventBus(), appVersion: 'x' }).pickFolder()).resolves.toBeNull();
  });
});
