import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveChunkResult, LiveStreamInfo } from '../../shared/contract/evaluation-contract';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { MicTest } from './mic-test';

vi.mock('react-chartjs-2', () => ({ Line: () => null }));

const INFO: LiveStreamInfo = { sessionId: 's1', sampleRate: 16000, windowSeconds: 1, hopSeconds: 0.1, threshold: 0.7, smoothing: 3, refractorySeconds: 1.5, backend: 'wasm' };

interface FakeProcessor {
  onaudioprocess: ((event: { inputBuffer: { getChannelData: (channel: number) => Float32Array } }) => void) | null;
  connect: () => void;
  disconnect: () => void;
}

let processor: FakeProcessor | null = null;
const trackStop = vi.fn();

function installMedia(getUserMedia: () => Promise<unknown>) {
  processor = null;
  class FakeAudioContext {
    readonly sampleRate: number;
    readonly destination = {};
    constructor(options: { sampleRate: number }) {
      this.sampleRate = options.sampleRate;
    }
    createMediaStreamSource() {
      return { connect: () => undefined, disconnect: () => undefined };
    }
    createScriptProcessor() {
      processor = { onaudioprocess: null, connect: () => undefined, disconnect: () => undefined };
      return processor;
    }
    close() {
      return Promise.resolve();
    }
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
}

afterEach(() => vi.unstubAllGlobals());

function setup(responders: FakeResponders) {
  const fake = createFakeApi({ 'detection:stream-start': () => INFO, 'detection:stream-stop': () => ({ stopped: true }), ...responders });
  render(
    <ApiProvider api={fake.api}>
      <MicTest runId="run-b" />
    </ApiProvider>,
  );
  return fake;
}

const block = (n: number): { inputBuffer: { getChannelData: () => Float32Array } } => ({ inputBuffer: { getChannelData: () => new Float32Array(n).fill(0.25) } });

describe('MicTest', () => {
  it('streams 100 ms chunks of microphone audio, plots the score and lists detections, then stops', async () => {
    installMedia(() => Promise.resolve({ getTracks: () => [{ stop: trackStop }] }));
    const chunk: LiveChunkResult = { steps: [{ time: 1.5, score: 0.9, smoothed: 0.82 }], detections: [{ time: 1.5, start: 1, end: 2, score: 0.82 }] };
    const fake = setup({ 'detection:stream-chunk': () => chunk });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Start microphone test' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Listening (threshold 0.700, smoothing 3)');
    expect(fake.invoke).toHaveBeenCalledWith('detection:stream-start', { runId: 'run-b' });
    // 2048 samples make one 1600-sample chunk; the rest waits for the next block.
    act(() => processor?.onaudioprocess?.(block(2048)));
    expect(await screen.findByText('Detected at 1.50 s (score 0.820)')).toBeInTheDocument();
    const sent = fake.invoke.mock.calls.filter(([name]) => name === 'detection:stream-chunk');
    expect(sent).toHaveLength(1);
    expect((sent[0]?.[1] as { samples: number[] }).samples).toHaveLength(1600);
    expect(screen.getByRole('status')).toHaveTextContent('score 0.820');
    expect(screen.getByRole('img', { name: 'Live score, 1 windows, 1 detections' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Stop microphone test' }));
    expect(fake.invoke).toHaveBeenCalledWith('detection:stream-stop', { sessionId: 's1' });
    expect(trackStop).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Start microphone test' })).toBeEnabled();
  });

  it('says why when the microphone is refused, and ends the session', async () => {
    installMedia(() => Promise.reject(new Error('Permission denied')));
    const fake = setup({});
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start microphone test' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Permission denied');
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('detection:stream-stop', { sessionId: 's1' }));
  });
});
