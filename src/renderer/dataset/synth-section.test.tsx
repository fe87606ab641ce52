import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import type { DemoResult, SynthResult, SynthStatus } from '../../shared/core/dataset/synth/synth-types';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { DatasetPanel } from './dataset-panel';

const WS: WorkspaceStatus = { path: '/data/ws', exists: true, missingFolders: [] };
const HELP = 'Synthetic samples need the espeak-ng speech synthesizer, which was not found on PATH.\n  Debian/Ubuntu: sudo apt install espeak-ng';
const AVAILABLE: SynthStatus = { available: true, version: 'eSpeak NG text-to-speech: 1.51', installHelp: HELP };
const MISSING: SynthStatus = { available: false, version: null, installHelp: HELP };

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
  it('explains how to install espeak-ng when it is missing, and will not generate', async () => {
    renderPanel({ 'dataset:synth-status': () => MISSING });
    const note = await screen.findByRole('note', { name: 'espeak-ng is missing' });
    expect(note).toHaveTextContent('sudo apt install espeak-ng');
    const user = userEvent.setup();
    await user.type(within(section()).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    expect(within(section()).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Create demo workspace' })).toBeDisabled();
    expect(screen.getByText(/The demo needs espeak-ng/)).toBeInTheDocument();
  });

  it('generates positives and hard negatives with the chosen settings, shows progress, then rescans', async () => {
    const user = userEvent.setup();
    let finish: (result: SynthResult) => void = () => undefined;
    const fake = renderPanel({ 'dataset:synth-status': () => AVAILABLE, 'dataset:synthesize': () => new Promise<SynthResult>((resolve) => (finish = resolve)) });
    expect(await screen.findByText('Using eSpeak NG text-to-speech: 1.51.')).toBeInTheDocument();
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
      'dataset:synth-status': () => AVAILABLE,
      'dataset:synthesize': () => Promise.reject(new Error('dataset:synthesize failed: espeak-ng produced no speech for "???"')),
    });
    const form = section();
    await screen.findByText(/^Using eSpeak NG/);
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

  it('needs an open workspace to generate into', async () => {
    renderPanel({ 'dataset:synth-status': () => AVAILABLE }, null);
    const user = userEvent.setup();
    await screen.findByText(/^Using eSpeak NG/);
    await user.type(within(section()).getByRole('textbox', { name: 'Wake phrase' }), 'hey nova');
    expect(within(section()).getByRole('button', { name: 'Generate samples' })).toBeDisabled();
  });
});

describe('Dataset panel: demo workspace', () => {
  it('creates the demo in the typed folder with progress and reports what it made', async () => {
    const user = userEvent.setup();
    let finish: (result: DemoResult) => void = () => undefined;
    const fake = renderPanel({ 'dataset:synth-status': () => AVAILABLE, 'dataset:create-demo': () => new Promise<DemoResult>((resolve) => (finish = resolve)) }, null);
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
    expect(await screen.findByTestId('demo-result')).toHaveTextContent('Demo workspace ready: 60 positives, 120 negatives, 30 hard negatives, 4 background files, made in 9.1 s.');
  });

  it('shows why the demo could not be made', async () => {
    const user = userEvent.setup();
    renderPanel({ 'dataset:synth-status': () => AVAILABLE, 'dataset:create-demo': () => Promise.reject(new Error('cannot create the demo workspace in /x: the folder is not empty')) }, null);
    await user.type(await screen.findByRole('textbox', { name: 'Workspace folder' }), '/x');
    await user.click(screen.getByRole('button', { name: 'Create demo workspace' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the folder is not empty');
  });
});
