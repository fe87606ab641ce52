import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import type { DemoResult, NegativeSpeechResult, SynthEngineInfo, SynthEngines, SynthResult } from '../../shared/core/dataset/synth/synth-types';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { DatasetPanel } from './dataset-panel';

const WS: WorkspaceStatus = { path: '/data/ws', exists: true, missingFolders: [] };
const ESPEAK: SynthEngineInfo = {
  id: 'espeak-ng',
  available: true,
  program: '/usr/bin/espeak-ng',
  version: 'eSpeak NG text-to-speech: 1.51',
  voices: ['espeak-ng:en-us+m1', 'espeak-ng:en-gb+f3'],
  problem: null,
  install: [{ platform: 'Debian/Ubuntu', command: 'sudo apt install espeak-ng' }],
  notes: [],
};
const FLITE: SynthEngineInfo = {
  id: 'flite',
  available: true,
  program: '/usr/bin/flite',
  version: 'flite 2.2',
  voices: ['flite:kal', 'flite:slt'],
  problem: null,
  install: [{ platform: 'Debian/Ubuntu', command: 'sudo apt install flite' }],
  notes: ['skipped awb_time: a limited-domain voice that only speaks the time'],
};
const missing = (engine: SynthEngineInfo, problem: string): SynthEngineInfo => ({ ...engine, available: false, program: null, version: null, voices: [], problem, notes: [] });
const PIPER_MISSING: SynthEngineInfo = {
  ...missing(FLITE, 'piper was not found on PATH'),
  id: 'piper',
  install: [{ platform: 'Linux, macOS, Windows', command: 'download piper from https://github.com/rhasspy/piper/releases' }],
};
const AVAILABLE: SynthEngines = { engines: [ESPEAK, FLITE, PIPER_MISSING], voices: [...ESPEAK.voices, ...FLITE.voices] };
const MISSING: SynthEngines = { engines: [missing(ESPEAK, 'espeak-ng was not found on PATH'), missing(FLITE, 'flite was not found on PATH'), PIPER_MISSING], voices: [] };

function renderPanel(responders: FakeResponders, workspace: WorkspaceStatus | null = WS) {
  const fake = createFakeApi({
    'dataset:overview': () => ({ workspace, scan: null, split: null }),
    'dataset:scan': () => new Promise(() => undefined),
    ...responders,
  });
  render(
    <ApiProvider api={fake.api}>
      <DatasetPanel />
    </ApiProvider>,
  );
  return fake;
}

const section = (): HTMLElement => screen.getByRole('region', { name: 'Synthetic samples' });

describe('Dataset panel: synthetic samples', () => {
  it('explains how to install each missing engine, and will not generate', async () => {
    renderPanel({ 'dataset:synth-engines': () => MISSING });
    expect(await screen.findByRole('note', { name: 'How to install espeak-ng' })).toHaveTextContent('sudo apt install espeak-ng');
    expect(screen.getByRole('note', { name: 'How to install flite' })).toHaveTextContent('sudo apt install flite');
    expect(screen.getByTestId('engine-flite')).toHaveTextContent('flite: not available (flite was not found on PATH)');
    expect(within(section()).getByRole('button', { name: 'Generate negative speech' })).toBeDisabled();
    const user = userEvent.setup();
    await user.type(within(section()).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    expect(within(section()).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Create demo workspace' })).toBeDisabled();
    expect(screen.getByText(/The demo needs a speech engine/)).toBeInTheDocument();
  });

  it('generates positives and hard negatives with the chosen settings, shows progress, then rescans', async () => {
    const user = userEvent.setup();
    let finish: (result: SynthResult) => void = () => undefined;
    const fake = renderPanel({ 'dataset:synth-engines': () => AVAILABLE, 'dataset:synthesize': () => new Promise<SynthResult>((resolve) => (finish = resolve)) });
    expect(await screen.findByTestId('engine-espeak-ng')).toHaveTextContent('espeak-ng: 2 voices (eSpeak NG text-to-speech: 1.51)');
    const form = section();
    await user.type(within(form).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    const clips = within(form).getByRole('spinbutton', { name: 'Clips' });
    await user.clear(clips);
    await user.type(clips, '20');
    await user.type(within(form).getByRole('textbox', { name: /Confusable phrases/ }), 'hey nora; hey now;');
    await user.type(within(form).getByRole('textbox', { name: 'Seed' }), '7');
    await user.click(within(form).getByRole('button', { name: 'Generate samples' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:synthesize', { phrase: 'hey nova', count: 20, seed: 7, negatives: ['hey nora', 'hey now'] });

    fake.emit('dataset:synth-progress', { phase: 'negatives', done: 25, total: 40 });
    const bar = await within(form).findByRole('progressbar', { name: 'Synthesis progress' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '25'));
    expect(within(form).getByText('Speaking other phrases: 25 of 40')).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Generate samples' })).toBeDisabled();

    finish({
      positives: { phrase: 'hey nova', folder: 'data/raw/positive/synthetic/hey_nova', files: 20 },
      negatives: [
        { phrase: 'hey nora', folder: 'data/raw/hard_negative/synthetic/hey_nora', files: 10 },
        { phrase: 'hey now', folder: 'data/raw/hard_negative/synthetic/hey_now', files: 10 },
      ],
      seconds: 50,
      durationMs: 4000,
    });
    const list = await within(form).findByRole('list', { name: 'Generated samples' });
    expect(list).toHaveTextContent('20 clips of “hey nova” in data/raw/positive/synthetic/hey_nova');
    expect(list).toHaveTextContent('10 hard negatives “hey now” in data/raw/hard_negative/synthetic/hey_now');
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:scan'));
    expect(within(form).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('checks the clip count and seed before sending, and shows a service error', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({
      'dataset:synth-engines': () => AVAILABLE,
      'dataset:synthesize': () => Promise.reject(new Error('espeak-ng produced no speech for "???"')),
    });
    const form = section();
    await screen.findByTestId('engine-espeak-ng');
    await user.type(within(form).getByRole('textbox', { name: 'Wake phrase' }), '???');
    const clips = within(form).getByRole('spinbutton', { name: 'Clips' });
    await user.clear(clips);
    await user.type(clips, '5000');
    expect(within(form).getByText('clips must be a whole number from 1 to 2,000')).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
    await user.clear(clips);
    await user.type(clips, '3');
    await user.type(within(form).getByRole('textbox', { name: 'Seed' }), 'x');
    expect(within(form).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
    await user.clear(within(form).getByRole('textbox', { name: 'Seed' }));
    await user.click(within(form).getByRole('button', { name: 'Generate samples' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:synthesize', { phrase: '???', count: 3 });
    expect(await within(form).findByRole('alert')).toHaveTextContent('espeak-ng produced no speech');
    expect(fake.invoke).not.toHaveBeenCalledWith('dataset:scan');
  });

  it("prefills the wake phrase with the workspace's own, and keeps what the user types", async () => {
    const user = userEvent.setup();
    const fake = renderPanel({
      'dataset:synth-engines': () => AVAILABLE,
      'dataset:overview': () => ({ workspace: WS, scan: null, split: null, synthPhrase: 'hey nova' }),
      'dataset:synthesize': () => new Promise<SynthResult>(() => undefined),
    });
    const field = within(section()).getByRole('textbox', { name: 'Wake phrase' });
    await waitFor(() => expect(field).toHaveValue('hey nova'));
    const generate = within(section()).getByRole('button', { name: 'Generate samples' });
    await waitFor(() => expect(generate).toBeEnabled());
    await user.click(generate);
    expect(fake.invoke).toHaveBeenCalledWith('dataset:synthesize', expect.objectContaining({ phrase: 'hey nova' }));
    await user.clear(field);
    await user.type(field, 'okay studio');
    expect(field).toHaveValue('okay studio');
  });

  it('needs an open workspace to generate into', async () => {
    renderPanel({ 'dataset:synth-engines': () => AVAILABLE }, null);
    const user = userEvent.setup();
    await screen.findByTestId('engine-espeak-ng');
    await user.type(within(section()).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    expect(within(section()).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
  });
});

describe('Dataset panel: speech engines and negative speech', () => {
  it('lists each engine with its voices and notes, and how to get the missing one', async () => {
    renderPanel({ 'dataset:synth-engines': () => AVAILABLE });
    const list = await screen.findByRole('list', { name: 'Speech engines' });
    expect(within(list).getByTestId('engine-flite')).toHaveTextContent('flite: 2 voices (flite 2.2)');
    expect(within(list).getByTestId('engine-flite')).toHaveTextContent('flite:kal, flite:slt');
    expect(within(list).getByTestId('engine-flite')).toHaveTextContent('skipped awb_time');
    expect(within(list).getByTestId('engine-piper')).toHaveTextContent('piper: not available (piper was not found on PATH)');
    expect(within(list).getByRole('note', { name: 'How to install piper' })).toHaveTextContent('github.com/rhasspy/piper/releases');
    expect(within(list).queryByRole('note', { name: 'How to install flite' })).not.toBeInTheDocument();
  });

  it('generates negative speech for the typed phrase and hours with a progress bar, then rescans', async () => {
    const user = userEvent.setup();
    let finish: (result: NegativeSpeechResult) => void = () => undefined;
    const fake = renderPanel({ 'dataset:synth-engines': () => AVAILABLE, 'dataset:negative-speech': () => new Promise<NegativeSpeechResult>((resolve) => (finish = resolve)), 'dataset:cancel-synth': () => true });
    await screen.findByTestId('engine-flite');
    const form = section();
    await user.type(within(form).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    const hours = within(form).getByRole('spinbutton', { name: 'Hours of speech' });
    await user.clear(hours);
    await user.type(hours, '0');
    expect(within(form).getByText('hours must be a number above 0 and at most 100')).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Generate negative speech' })).toBeDisabled();
    await user.clear(hours);
    await user.type(hours, '0.5');
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Generate negative speech' })).toBeEnabled());
    await user.click(within(form).getByRole('button', { name: 'Generate negative speech' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:negative-speech', { hours: 0.5, phrase: 'hey nova' });

    fake.emit('dataset:synth-progress', { phase: 'speech', done: 900, total: 1800 });
    const bar = await within(form).findByRole('progressbar', { name: 'Negative speech progress' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '900'));
    expect(bar).toHaveAttribute('max', '1800');
    expect(within(form).getByText('Speaking everyday sentences: 900 of 1,800')).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Generate negative speech' })).toBeDisabled();
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:cancel-synth');

    finish({ folder: 'data/raw/negative/speech/generated', files: ['a.wav', 'b.wav', 'c.wav'], seconds: 1800, sentences: 612, voices: 4, durationMs: 60_000 });
    expect(await within(form).findByTestId('negative-speech-result')).toHaveTextContent('3 files, 30.0 minutes of speech (612 sentences, 4 voices) in data/raw/negative/speech/generated.');
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:scan'));
    expect(within(form).queryByRole('progressbar', { name: 'Negative speech progress' })).not.toBeInTheDocument();
  });

  it('leaves the phrase to the service when none is typed, and shows its error', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({ 'dataset:synth-engines': () => AVAILABLE, 'dataset:negative-speech': () => Promise.reject(new Error('enter the wake phrase above first: the generated sentences must never say it')) });
    await screen.findByTestId('engine-flite');
    await waitFor(() => expect(within(section()).getByRole('button', { name: 'Generate negative speech' })).toBeEnabled());
    await user.click(within(section()).getByRole('button', { name: 'Generate negative speech' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:negative-speech', { hours: 1 });
    expect(await within(section()).findByRole('alert')).toHaveTextContent('enter the wake phrase above first');
  });
});

describe('Dataset panel: demo workspace', () => {
  it('creates the demo in the typed folder with progress and reports what it made', async () => {
    const user = userEvent.setup();
    let finish: (result: DemoResult) => void = () => undefined;
    const fake = renderPanel({ 'dataset:synth-engines': () => AVAILABLE, 'dataset:create-demo': () => new Promise<DemoResult>((resolve) => (finish = resolve)) }, null);
    const button = await screen.findByRole('button', { name: 'Create demo workspace' });
    expect(button).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Workspace folder' }), '/home/me/demo');
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(fake.invoke).toHaveBeenCalledWith('dataset:create-demo', { path: '/home/me/demo' });
    fake.emit('dataset:synth-progress', { phase: 'positives', done: 3, total: 45 });
    expect(await screen.findByText('Speaking the wake phrase: 3 of 45')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Demo workspace progress' })).toHaveAttribute('max', '45');
    expect(button).toBeDisabled();
    finish({
      workspace: { path: '/home/me/demo', exists: true, missingFolders: [] },
      counts: { positive: 60, negative: 120, hard_negative: 30, background: 4 },
      split: { createdAt: '', seed: 42, ratios: [0.7, 0.15, 0.15], groupBy: 'none', counts: { train: { positive: 42, negative: 84, hard_negative: 21, files: 147, seconds: 1 }, val: { positive: 9, negative: 18, hard_negative: 5, files: 32, seconds: 1 }, test: { positive: 9, negative: 18, hard_negative: 4, files: 31, seconds: 1 } }, background: 4, rirs: 0, skipped: 0 },
      durationMs: 9100,
    });
    expect(await screen.findByTestId('demo-result')).toHaveTextContent('Demo workspace ready: 60 positives, 120 negatives, 30 hard negatives, 4 background files, made in 9.1 s. It trains as it is; the health report below lists what a real model needs more of.');
  });

  it('shows why the demo could not be made', async () => {
    const user = userEvent.setup();
    renderPanel({ 'dataset:synth-engines': () => AVAILABLE, 'dataset:create-demo': () => Promise.reject(new Error('cannot create the demo workspace in /x: the folder is not empty')) }, null);
    await user.type(await screen.findByRole('textbox', { name: 'Workspace folder' }), '/x');
    await user.click(screen.getByRole('button', { name: 'Create demo workspace' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the folder is not empty');
  });
});
