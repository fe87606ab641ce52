import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import type { ExportOptions, ExportResult } from '../../shared/contract/export-contract';
import { exportFormatsFor } from '../../shared/export/export-formats';
import { fakeRun as run, panelSetup } from '../test-support/panel-harness';
import { defaultOutDir, ExportPanel } from './export-panel';

const RESULT: ExportResult = {
  runId: 'run-b',
  format: 'onnx',
  outDir: '/ws/exports/run-b-onnx',
  manifestPath: '/ws/exports/run-b-onnx/wakeword.json',
  files: [
    { name: 'model.onnx', bytes: 21349 },
    { name: 'model.int8.onnx', bytes: 11383 },
    { name: 'wakeword.json', bytes: 4276 },
  ],
  sizes: { sourceBytes: 27750, modelBytes: 21349, int8Bytes: 11383 },
  parity: { split: 'test', clips: 11, maxAbsDiff: 3.2e-7, tolerance: 1e-4 },
  int8: { file: 'model.int8.onnx', clips: 11, maxAbsDiff: 1.03e-4, accuracyFloat: 1, accuracyInt8: 10 / 11, changedDecisions: 1 },
  threshold: 0.4952,
  thresholdSource: 'training',
  examples: [
    { file: 'example-node.mjs', runtime: 'Node', code: "import * as ort from 'onnxruntime-node';" },
    { file: 'example-browser.js', runtime: 'Browser', code: "const session = await ort.InferenceSession.create('./model.onnx');" },
  ],
  warnings: ['Checked the first 1000 of 2000 test clips.'],
  seconds: 1.2,
};

/** run-o is an openWakeWord run (oww_fast preset); the others are log-mel runs. */
function optionsOf(runId: string, canPickFolder = false): ExportOptions {
  const architecture = runId === 'run-o' ? 'oww_dnn' : 'dscnn';
  return { runId, architecture, formats: exportFormatsFor(architecture), phrase: 'hey nova', canPickFolder };
}

const setup = panelSetup(() => <ExportPanel />, {
  'settings:get': () => ({ ...DEFAULT_SETTINGS, workspace: '/ws' }),
  'training:runs': () => [run('run-a', false), run('run-b', true), run('run-c', true)],
  'export:options': (args) => optionsOf((args as { runId: string }).runId),
  'export:run': () => RESULT,
});

describe('ExportPanel', () => {
  it('offers runs with a trained model and defaults the folder to <workspace>/exports/<run>-<format>', async () => {
    const user = userEvent.setup();
    setup();
    const select = await screen.findByRole('combobox', { name: 'Run' });
    expect(within(select).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['run-b', 'run-c']);
    await screen.findByRole('radio', { name: /^ONNX/ });
    const folder = screen.getByRole('textbox', { name: 'Output folder' });
    expect(folder).toHaveValue('/ws/exports/run-b-onnx');
    await user.click(screen.getByRole('radio', { name: /^TensorFlow\.js/ }));
    expect(folder).toHaveValue('/ws/exports/run-b-tfjs');
    expect(screen.getByRole('checkbox', { name: /INT8/ })).toBeDisabled();
    await user.selectOptions(select, 'run-c');
    expect(folder).toHaveValue('/ws/exports/run-c-tfjs');
  });

  it('exports with the chosen options, shows progress, then sizes, the parity check, INT8 change, files and snippets', async () => {
    const user = userEvent.setup();
    let finish: (value: ExportResult) => void = () => undefined;
    const fake = setup({ 'export:run': () => new Promise<ExportResult>((resolve) => (finish = resolve)) });
    await screen.findByRole('radio', { name: /^ONNX/ });
    await user.click(screen.getByRole('checkbox', { name: /INT8/ }));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(fake.invoke).toHaveBeenCalledWith('export:run', { runId: 'run-b', format: 'onnx', int8: true, outDir: '/ws/exports/run-b-onnx' });
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled();
    act(() => fake.emit('export:progress', { runId: 'run-b', step: 'Checking the ONNX model with onnxruntime', fraction: null }));
    expect(screen.getByRole('status')).toHaveTextContent('Checking the ONNX model with onnxruntime');
    await act(async () => finish(RESULT));
    const result = await screen.findByRole('region', { name: 'Export result' });
    expect(within(result).getByTestId('export-folder')).toHaveTextContent('/ws/exports/run-b-onnx');
    expect(within(result).getByTestId('export-size')).toHaveTextContent('27.1 KB (TF.js in the run) → 20.8 KB, INT8 11.1 KB');
    expect(within(result).getByTestId('export-parity')).toHaveTextContent('max abs diff 3.20e-7 on 11 test clips (allowed 0.0001) — passed');
    expect(within(result).getByTestId('export-int8')).toHaveTextContent('accuracy 100.00% → 90.91%; 1 of 11 decisions changed');
    expect(within(result).getByText('model.int8.onnx')).toBeInTheDocument();
    expect(within(result).getByRole('heading', { name: 'Exported run-b as ONNX' })).toBeInTheDocument();
    expect(within(result).getByTestId('export-threshold')).toHaveTextContent("0.4952 (training's best threshold: no operating point was saved in Evaluation)");
    expect(within(result).getByRole('region', { name: 'Node example' })).toHaveTextContent("Node example (example-node.mjs)import * as ort from 'onnxruntime-node';");
    expect(within(result).getByRole('region', { name: 'Browser example' })).toHaveTextContent('InferenceSession.create');
    expect(within(result).getByRole('note', { name: 'Export warnings' })).toHaveTextContent('Checked the first 1000');
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
  });

  it('titles an openWakeWord result by its format, labels each example by the file written, and keeps warnings out of the file list', async () => {
    const user = userEvent.setup();
    const fahWarning = 'The validation FA/h rests on 0.02 h of negative audio: too few hours to support 1 FA/h.';
    const owwResult: ExportResult = {
      ...RESULT,
      runId: 'run-o',
      format: 'oww',
      files: [
        { name: 'hey_nova.onnx', bytes: 80000 },
        { name: 'wakeword.json', bytes: 2000 },
        { name: 'example-openwakeword.py', bytes: 300 },
        { name: 'example-browser.js', bytes: 400 },
      ],
      sizes: { sourceBytes: 80000, modelBytes: 80000, int8Bytes: null },
      int8: null,
      examples: [
        { file: 'example-openwakeword.py', runtime: 'Python (openWakeWord)', code: 'from openwakeword.model import Model' },
        { file: 'example-browser.js', runtime: 'Browser (openwakeword-js)', code: "import { Model } from 'openwakeword-js';" },
      ],
      warnings: [fahWarning],
    };
    setup({ 'training:runs': () => [run('run-o', true)], 'export:run': () => owwResult });
    await screen.findByRole('radio', { name: /^openWakeWord \(ONNX\)/ });
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const result = await screen.findByRole('region', { name: 'Export result' });
    expect(within(result).getByRole('heading', { level: 3 })).toHaveTextContent('Exported run-o as an openWakeWord model (ONNX)');
    expect(result).not.toHaveTextContent('TensorFlow.js');
    expect(within(result).queryByText(/example-node\.mjs/)).toBeNull();
    expect(within(result).getByRole('region', { name: 'Python (openWakeWord) example' })).toHaveTextContent('example-openwakeword.py');
    expect(within(result).getByRole('region', { name: 'Python (openWakeWord) example' })).toHaveTextContent('from openwakeword.model import Model');
    expect(within(result).getByRole('region', { name: 'Browser (openwakeword-js) example' })).toHaveTextContent('example-browser.js');
    const fileList = within(result).getByRole('list', { name: 'Exported files' });
    expect(within(fileList).getAllByRole('listitem')).toHaveLength(4);
    expect(fileList).not.toHaveTextContent('FA/h');
    expect(within(result).getByRole('note', { name: 'Export warnings' })).toHaveTextContent(fahWarning);
  });

  it('sends an edited output folder and can return to the default', async () => {
    const user = userEvent.setup();
    const fake = setup();
    await screen.findByRole('radio', { name: /^ONNX/ });
    const folder = screen.getByRole('textbox', { name: 'Output folder' });
    await user.clear(folder);
    await user.type(folder, '/tmp/mine');
    await user.click(screen.getByRole('radio', { name: /^TensorFlow\.js/ }));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(fake.invoke).toHaveBeenCalledWith('export:run', { runId: 'run-b', format: 'tfjs', outDir: '/tmp/mine' });
    await user.click(screen.getByRole('button', { name: 'Use default folder' }));
    expect(folder).toHaveValue('/ws/exports/run-b-tfjs');
  });

  it('shows the service error and no result', async () => {
    const user = userEvent.setup();
    setup({
      'export:run': () => {
        throw new Error('ONNX export failed its check: onnxruntime and TF.js differ by up to 3.00e-2 (allowed 0.0001)');
      },
    });
    await screen.findByRole('radio', { name: /^ONNX/ });
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Export failed: ONNX export failed its check');
    expect(screen.queryByRole('region', { name: 'Export result' })).toBeNull();
  });

  it('offers an openWakeWord run only the oww format, says where each format runs, and names the model after the edited phrase', async () => {
    const user = userEvent.setup();
    const fake = setup({ 'training:runs': () => [run('run-o', true), run('run-b', true)] });
    const oww = await screen.findByRole('radio', { name: /^openWakeWord \(ONNX\)/ });
    expect(oww).toBeChecked();
    expect(screen.getAllByRole('radio')).toHaveLength(1);
    expect(oww).toHaveAccessibleDescription(/Home Assistant \(Wyoming openWakeWord\)/);
    const int8 = screen.getByRole('checkbox', { name: /INT8/ });
    expect(int8).toBeDisabled();
    // Says why in words: the openWakeWord exporter writes float32 only (not "ONNX only", which this format also is).
    expect(int8).toHaveAccessibleDescription(/not available: openWakeWord models are exported as float32/);
    const phrase = screen.getByRole('textbox', { name: 'Wake phrase' });
    expect(phrase).toHaveValue('hey nova');
    expect(screen.getByText(/the model file becomes hey_nova\.onnx/)).toBeInTheDocument();
    await user.clear(phrase);
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled();
    await user.type(phrase, 'Okay Studio');
    expect(screen.getByText(/the model file becomes okay_studio\.onnx/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Output folder' })).toHaveValue('/ws/exports/run-o-oww');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(fake.invoke).toHaveBeenCalledWith('export:run', { runId: 'run-o', format: 'oww', outDir: '/ws/exports/run-o-oww', phrase: 'Okay Studio' });

    // A log-mel run offers TF.js and ONNX (where each runs), not oww, and no phrase field.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Run' }), 'run-b');
    const onnx = await screen.findByRole('radio', { name: /^ONNX/ });
    expect(onnx).toBeChecked();
    expect(screen.getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['onnx', 'tfjs']);
    expect(onnx).toHaveAccessibleDescription(/onnxruntime in Node/);
    expect(screen.getByRole('radio', { name: /^TensorFlow\.js/ })).toHaveAccessibleDescription(/browser or Node/);
    expect(screen.queryByRole('textbox', { name: 'Wake phrase' })).toBeNull();
  });

  it('on the desktop, picks the output folder with the native dialog; over serve there is no such button', async () => {
    const user = userEvent.setup();
    const fake = setup({ 'export:options': (args) => optionsOf((args as { runId: string }).runId, true), 'export:pick-folder': () => '/home/me/models' });
    await user.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Output folder' })).toHaveValue('/home/me/models'));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(fake.invoke).toHaveBeenCalledWith('export:run', { runId: 'run-b', format: 'onnx', outDir: '/home/me/models' });
  });

  it('has no folder dialog button over serve, and shows errors without the request name', async () => {
    const user = userEvent.setup();
    setup({
      'export:run': () => {
        throw new Error("The output folder must lie inside the workspace's exports/ folder (/ws/exports); /tmp/x does not");
      },
    });
    await screen.findByRole('radio', { name: /^ONNX/ });
    expect(screen.queryByRole('button', { name: 'Choose folder…' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Export failed: The output folder must lie inside the workspace's exports/ folder");
    expect(alert.textContent).not.toContain('export:run');
    await user.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when no run has a trained model, and when runs cannot be listed', async () => {
    setup({ 'training:runs': () => [run('run-a', false)] });
    expect(await screen.findByText(/No run has a trained model yet/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export' })).toBeNull();
  });

  it('reports a failure to list runs', async () => {
    setup({
      'training:runs': () => {
        throw new Error('No workspace is open');
      },
    });
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Could not list runs: No workspace is open'));
  });
});

describe('defaultOutDir', () => {
  it('joins with the workspace path style', () => {
    expect(defaultOutDir('/home/me/ws/', 'r1', 'onnx')).toBe('/home/me/ws/exports/r1-onnx');
    expect(defaultOutDir('C:\\Users\\me\\ws', 'r1', 'tfjs')).toBe('C:\\Users\\me\\ws\\exports\\r1-tfjs');
  });
});
