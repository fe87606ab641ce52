import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../tests/support/run-folder';
import { writeSyntheticWorkspace } from '../../tests/support/synthetic-workspace';
import type { ExportResult } from '../shared/contract/export-contract';
import { loadBackend } from '../ml/backend-loader';
import { describeExport } from './export-command';
import { main } from './index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('wakeword export', () => {
  let workspace: string;
  beforeAll(async () => {
    await loadBackend('wasm');
    workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-export-'));
    await writeSyntheticWorkspace(workspace, { positive: 5, negative: 5, hard_negative: 0 });
    await writeRunFolder(workspace, 'r1', 'dscnn');
    await writeRunFolder(workspace, 'untrained', 'dscnn', { withBest: false });
  });

  it('exports a run given by id into <workspace>/exports/<id>-<format> and prints JSON', async () => {
    const { io, out, err } = capture();
    expect(await main(['node', 'wakeword', 'export', '--run', 'r1', '--workspace', workspace, '--format', 'onnx', '--json'], io)).toBe(0);
    expect(err).toEqual([]);
    const result = JSON.parse(out.join('\n')) as ExportResult;
    expect(result.outDir).toBe(path.join(workspace, 'exports', 'r1-onnx'));
    expect(result.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(existsSync(path.join(result.outDir, 'model.onnx'))).toBe(true);
  });

  it('prints sizes, the parity check, the INT8 accuracy change and the threshold in words', async () => {
    const { io, out } = capture();
    const outDir = path.join(workspace, 'elsewhere');
    expect(await main(['node', 'wakeword', 'export', '--run', path.join(workspace, 'runs', 'r1'), '--format', 'onnx', '--int8', '--out', outDir], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`Exported run r1 as onnx to ${outDir}`);
    expect(text).toMatch(/size: TF\.js model [\d.]+ KB -> onnx [\d.]+ KB, INT8 [\d.]+ KB/);
    expect(text).toMatch(/check: max abs diff vs TF\.js \S+ on 2 test clips \(allowed 0\.0001\)/);
    expect(text).toMatch(/INT8: max abs diff \S+; accuracy [\d.]+% -> [\d.]+%; \d+ of 2 decisions changed/);
    expect(text).toContain('threshold: 0.6200 (training)');
    expect(text).toContain(`files in ${outDir}${path.sep}: `);
    // The example imports onnxruntime-node, which a fresh export folder does not have: the line installs it.
    expect(text).toContain(`try it: cd ${JSON.stringify(outDir)} && npm install onnxruntime-node && node example-node.mjs clip.wav`);
    expect(text).not.toContain('--out named the model file');
  });

  it('says where the files beside a model named by --out FILE.onnx went, and which package a TF.js example needs', () => {
    const result = {
      runId: 'r1',
      format: 'oww',
      outDir: '/models',
      files: ['hey_nova.onnx', 'wakeword.json', 'example-openwakeword.py', 'example-browser.js'].map((name) => ({ name, bytes: 1 })),
      sizes: { sourceBytes: 1024, modelBytes: 1024, int8Bytes: null },
      parity: null,
      int8: null,
      threshold: 0.5,
      thresholdSource: 'training',
      warnings: [],
      seconds: 1,
    } as unknown as ExportResult;
    const lines = describeExport(result, true);
    expect(lines).toContain(`  files in /models${path.sep}: hey_nova.onnx, wakeword.json, example-openwakeword.py, example-browser.js`);
    expect(lines).toContain("  note: --out named the model file, so 3 more files went beside it; give --out a new folder to keep an export's files together");
    expect(lines.join('\n')).not.toContain('try it');
    const tfjs = describeExport({ ...result, format: 'tfjs', files: [{ name: 'model.json', bytes: 1 }, { name: 'example-node.mjs', bytes: 1 }] });
    expect(tfjs).toContain('  try it: cd "/models" && npm install @tensorflow/tfjs && node example-node.mjs clip.wav');
  });

  it('gives clear messages for an unknown run, an untrained run, an unknown format and --int8 with tfjs', async () => {
    const cases: { args: string[]; code: number; message: string }[] = [
      { args: ['--run', path.join(workspace, 'runs', 'nope'), '--format', 'onnx'], code: 1, message: `run folder not found: ${path.join(workspace, 'runs', 'nope')}` },
      { args: ['--run', 'untrained', '--workspace', workspace, '--format', 'onnx'], code: 1, message: 'has no trained model yet (best/model.json is missing): train until at least one epoch completes' },
      { args: ['--run', 'r1', '--workspace', workspace, '--format', 'tflite'], code: 1, message: "option '--format <format>' argument 'tflite' is invalid. must be one of tfjs, onnx" },
      { args: ['--run', 'r1', '--workspace', workspace, '--format', 'tfjs', '--int8'], code: 1, message: '--int8 applies to ONNX exports only' },
    ];
    for (const { args, code, message } of cases) {
      const { io, err } = capture();
      expect(await main(['node', 'wakeword', 'export', ...args], io)).toBe(code);
      expect(err.join('\n')).toContain(message);
    }
    expect(existsSync(path.join(workspace, 'exports', 'untrained-onnx'))).toBe(false);
  });
});
