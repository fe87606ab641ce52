import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import type { SavedRecording } from '../../shared/core/dataset/recording/recording-types';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { DatasetPanel } from './dataset-panel';
import { RecorderIoProvider, type RecorderIo } from './record-audio';
import { RecordSection } from './record-section';

const RATE = 16000;
const BLOCK = 2048;

/** Room tone (about -66 dBFS) with a 440 Hz tone of `amplitude` from `from` for `seconds`. */
function signal(total: number, from = 0, seconds = 0, amplitude = 0.3): Float32Array {
  const out = new Float32Array(Math.round(total * RATE));
  let state = 12345;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const t = i / RATE;
    out[i] = (state / 2147483648 - 0.5) * 0.0016 + (t >= from && t < from + seconds ? amplitude * Math.sin(2 * Math.PI * 440 * t) : 0);
  }
  return out;
}

interface FakePlay {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly finish: () => void;
}

/** A microphone fed by the test, block by block, and a speaker that finishes when told to. */
function fakeIo() {
  let listener: ((block: Float32Array) => void) | null = null;
  const plays: FakePlay[] = [];
  const io: RecorderIo = {
    open: vi.fn(async (onBlock: (block: Float32Array) => void) => {
      listener = onBlock;
      return { sampleRate: RATE, close: () => (listener = null) };
    }),
    play: vi.fn((samples: Float32Array, sampleRate: number) => {
      let finish = (): void => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      plays.push({ samples, sampleRate, finish });
      return { done, stop: finish };
    }),
  };
  const feed = (samples: Float32Array): void => {
    for (let i = 0; i < samples.length && listener; i += BLOCK) {
      const block = samples.slice(i, i + BLOCK);
      act(() => listener?.(block));
    }
  };
  return { io, plays, feed, isOpen: () => listener !== null };
}

function decodedLength(base64: string): number {
  return atob(base64).length / 2;
}

function setup(responders: FakeResponders = {}, props: { defaultPhrase?: string | null; canRecord?: boolean } = {}) {
  let saved = 0;
  const fake = createFakeApi({
    'dataset:save-recording': (args) => {
      const { category } = args as { category: 'positive' | 'negative' };
      saved += 1;
      const result: SavedRecording = { path: `data/raw/${category}/recorded/take-${saved}.wav`, durationSeconds: 1 + saved / 10, peak: 0.3 };
      return result;
    },
    'dataset:delete-recording': (args) => ({ deleted: (args as { path: string }).path }),
    ...responders,
  });
  const mic = fakeIo();
  const onChanged = vi.fn();
  render(
    <ApiProvider api={fake.api}>
      <RecorderIoProvider value={mic.io}>
        <RecordSection canRecord={props.canRecord ?? true} defaultPhrase={props.defaultPhrase ?? null} onChanged={onChanged} countdownSeconds={0} />
      </RecorderIoProvider>
    </ApiProvider>,
  );
  return { ...fake, mic, onChanged };
}

const state = (): HTMLElement => screen.getByRole('status', { name: 'Recorder state' });
const takesList = (): HTMLElement => screen.getByRole('list', { name: 'Takes in this session' });
const findTake = async (name: string): Promise<HTMLElement> => within(await screen.findByRole('list', { name: 'Takes in this session' })).findByText(name);
const saveCalls = (invoke: ReturnType<typeof createFakeApi>['invoke']) => invoke.mock.calls.filter(([name]) => name === 'dataset:save-recording').map(([, args]) => args as { category: string; sampleRate: number; pcm16: string });

afterEach(() => vi.useRealTimers());

describe('Record section', () => {
  it('records, trims, lists, plays and deletes takes, saving each through the contract', async () => {
    const user = userEvent.setup();
    const { invoke, mic, onChanged } = setup({}, { defaultPhrase: 'hey nova' });
    expect(screen.getByText('Say “hey nova” 20 times')).toBeInTheDocument();

    // Take 1 ends by itself a pause after the speech.
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(3, 0.5, 0.6));
    await findTake('take-1.wav');
    expect(mic.isOpen()).toBe(false);

    // Take 2 ends with Stop.
    await user.click(screen.getByRole('checkbox', { name: 'Stop after a pause' }));
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('press Stop'));
    mic.feed(signal(1.5, 0.8, 0.4, 0.5));
    // The button keeps the keyboard focus through record and stop: Space ends the take.
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveFocus();
    await user.keyboard(' ');
    await findTake('take-2.wav');

    const calls = saveCalls(invoke);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => [c.category, c.sampleRate])).toEqual([
      ['positive', RATE],
      ['positive', RATE],
    ]);
    // Trimmed: 0.6 s of tone plus 0.2 s padding each side (to within a 20 ms frame), not the 3 s captured.
    expect(Math.abs(decodedLength(calls[0]?.pcm16 ?? '') - 1.0 * RATE)).toBeLessThanOrEqual(0.02 * RATE);
    // The second take is cut at the Stop press (1.5 s fed), then trimmed to 0.4 s + padding.
    expect(Math.abs(decodedLength(calls[1]?.pcm16 ?? '') - 0.8 * RATE)).toBeLessThanOrEqual(0.02 * RATE);
    expect(onChanged).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('status', { name: 'Session progress' })).toHaveTextContent('2 of 20 done');

    // Play the first take: the trimmed samples go to the speaker, and the button comes back when it ends.
    await user.click(screen.getByRole('button', { name: 'Play take-1.wav' }));
    expect(mic.plays).toHaveLength(1);
    expect(mic.plays[0]?.sampleRate).toBe(RATE);
    expect(Math.abs((mic.plays[0]?.samples.length ?? 0) - RATE)).toBeLessThanOrEqual(0.02 * RATE);
    expect(screen.getByRole('button', { name: 'Stop playing take-1.wav' })).toBeInTheDocument();
    act(() => mic.plays[0]?.finish());
    await screen.findByRole('button', { name: 'Play take-1.wav' });

    // Delete the second take.
    await user.click(screen.getByRole('button', { name: 'Delete take-2.wav' }));
    await waitFor(() => expect(within(takesList()).queryByText('take-2.wav')).not.toBeInTheDocument());
    expect(invoke).toHaveBeenCalledWith('dataset:delete-recording', { path: 'data/raw/positive/recorded/take-2.wav' });
    expect(within(takesList()).getByText('take-1.wav')).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalledTimes(3);
    expect(screen.getByRole('status', { name: 'Session progress' })).toHaveTextContent('1 of 20 done');
  });

  it('ends a take at 30 s even while the speaker goes on', async () => {
    const user = userEvent.setup();
    const { invoke, mic } = setup();
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(32, 5, 27));
    await findTake('take-1.wav');
    expect(mic.isOpen()).toBe(false);
    // Kept: 4.8 s (the padding before the tone) up to the 30 s limit.
    const length = decodedLength(saveCalls(invoke)[0]?.pcm16 ?? '');
    expect(Math.abs(length - 25.2 * RATE)).toBeLessThanOrEqual(0.02 * RATE);
  });

  it('saves "anything else" takes as negatives', async () => {
    const user = userEvent.setup();
    const { invoke, mic } = setup();
    await user.click(screen.getByRole('radio', { name: 'Anything else (not the wake phrase)' }));
    expect(screen.getByText(/^Say anything but the wake phrase/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(3, 0.5, 0.6));
    await findTake('take-1.wav');
    expect(saveCalls(invoke).map((c) => c.category)).toEqual(['negative']);
  });

  it('saves nothing when no speech was heard, and says so', async () => {
    const user = userEvent.setup();
    const { invoke, mic, onChanged } = setup();
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(2));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Take not saved: no speech heard');
    expect(saveCalls(invoke)).toEqual([]);
    expect(onChanged).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Record take' })).toBeEnabled();
  });

  it('shows the service\'s refusal of a take', async () => {
    const user = userEvent.setup();
    const { mic } = setup({
      'dataset:save-recording': () => {
        throw new Error('the take is 31.0 s long; takes are at most 30 s');
      },
    });
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(3, 0.5, 0.6, 0.02));
    expect(await screen.findByRole('alert')).toHaveTextContent('Take not saved: the take is 31.0 s long');
  });

  it('shows the level hint of a quiet take', async () => {
    const user = userEvent.setup();
    const { mic } = setup();
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Recording'));
    mic.feed(signal(3, 0.5, 0.6, 0.02));
    await findTake('take-1.wav');
    expect(screen.getByRole('note')).toHaveTextContent('Too quiet');
    expect(within(takesList()).getByText('(too quiet)')).toBeInTheDocument();
  });

  it('reports a microphone that cannot be opened', async () => {
    const user = userEvent.setup();
    const { mic } = setup();
    vi.mocked(mic.io.open).mockRejectedValueOnce(new DOMException('Permission denied', 'NotAllowedError'));
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Cannot open the microphone: .*Permission denied$/);
    expect(state()).toHaveTextContent('Ready');
  });

  it('cannot record without a workspace', () => {
    setup({}, { canRecord: false });
    expect(screen.getByRole('button', { name: 'Record take' })).toBeDisabled();
    expect(state()).toHaveTextContent('Open a workspace to record');
  });

  it('counts down with the microphone open before recording', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fake = createFakeApi({});
    const mic = fakeIo();
    render(
      <ApiProvider api={fake.api}>
        <RecorderIoProvider value={mic.io}>
          <RecordSection canRecord defaultPhrase={null} onChanged={() => undefined} countdownSeconds={3} />
        </RecorderIoProvider>
      </ApiProvider>,
    );
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: 'Record take' }));
    await waitFor(() => expect(state()).toHaveTextContent('Get ready… 3'));
    expect(mic.isOpen()).toBe(true);
    act(() => vi.advanceTimersByTime(1000));
    expect(state()).toHaveTextContent('Get ready… 2');
    act(() => vi.advanceTimersByTime(2000));
    expect(state()).toHaveTextContent('Recording');
  });
});

describe('Dataset panel: Record section', () => {
  const WS: WorkspaceStatus = { path: '/data/ws', exists: true, missingFolders: [] };

  it('comes after the import and synthesis among the data steps, with the workspace\'s synthesised phrase as the phrase to say', async () => {
    const fake = createFakeApi({
      'dataset:overview': () => ({ workspace: WS, scan: null, split: null, synthPhrase: 'hey nova' }),
      'dataset:scan': () => new Promise(() => undefined),
      'dataset:synth-engines': () => ({ engines: [], voices: [] }),
    });
    render(
      <ApiProvider api={fake.api}>
        <DatasetPanel />
      </ApiProvider>,
    );
    const headings = (await screen.findAllByRole('heading', { level: 3 })).map((h) => h.textContent);
    expect(headings.indexOf('Record your own voice')).toBeGreaterThan(headings.indexOf('Synthetic samples'));
    expect(headings.indexOf('Synthetic samples')).toBeGreaterThan(headings.indexOf('Add audio'));
    expect(headings.indexOf('Add audio')).toBeGreaterThanOrEqual(0);
    const phrase = await screen.findByRole('textbox', { name: 'Phrase to say' });
    await waitFor(() => expect(phrase).toHaveValue('hey nova'));
  });

  it('rescans after each take, one scan at a time: a take saved during a scan gets one more scan after it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const scans: (() => void)[] = [];
    let saved = 0;
    const fake = createFakeApi({
      'dataset:overview': () => ({ workspace: WS, scan: null, split: null }),
      'dataset:synth-engines': () => ({ engines: [], voices: [] }),
      'dataset:save-recording': () => ({ path: `data/raw/positive/recorded/take-${++saved}.wav`, durationSeconds: 1, peak: 0.3 }),
      'dataset:scan': () => new Promise((resolve) => scans.push(() => resolve({ status: 'cancelled' }))),
    });
    const mic = fakeIo();
    render(
      <ApiProvider api={fake.api}>
        <RecorderIoProvider value={mic.io}>
          <DatasetPanel />
        </RecorderIoProvider>
      </ApiProvider>,
    );
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const takeOne = async (): Promise<void> => {
      await user.click(await screen.findByRole('button', { name: 'Record take' }));
      await waitFor(() => expect(mic.isOpen()).toBe(true));
      act(() => vi.advanceTimersByTime(3000));
      await waitFor(() => expect(state()).toHaveTextContent('Recording'));
      mic.feed(signal(3, 0.5, 0.6));
    };
    const scanCalls = (): number => fake.invoke.mock.calls.filter(([name]) => name === 'dataset:scan').length;

    await takeOne();
    await findTake('take-1.wav');
    await waitFor(() => expect(scanCalls()).toBe(1));
    // The first scan is still running when the second take is saved: no second scan yet.
    await takeOne();
    await findTake('take-2.wav');
    expect(scanCalls()).toBe(1);
    act(() => scans[0]?.());
    await waitFor(() => expect(scanCalls()).toBe(2));
  });
});
