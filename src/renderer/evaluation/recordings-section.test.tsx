import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WakewordApi } from '../../shared/contract/api';
import type { RecordingScores, ScoredRecording } from '../../shared/contract/evaluation-contract';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { RecordingsSection } from './recordings-section';

beforeAll(() => {
  // jsdom has no blob: URLs or media playback.
  URL.createObjectURL = vi.fn(() => 'blob:recording');
  URL.revokeObjectURL = vi.fn();
  window.HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
});

const POINT = { version: 1 as const, threshold: 0.62, source: 'training' as const, targetFah: null, split: null, frr: null, fah: null, ...DEFAULT_DETECTION_SETTINGS, savedAt: null };

function scored(file: string, detections: readonly number[]): ScoredRecording {
  const times = Array.from({ length: 20 }, (_, i) => 0.5 + i * 0.5);
  return {
    file,
    ok: true,
    detection: {
      file,
      durationSeconds: 10.5,
      mode: 'stream',
      score: 0.93,
      detected: detections.length > 0,
      detections: detections.map((time) => ({ time, start: time - 0.5, end: time + 0.5, score: 0.9 })),
      times,
      scores: times.map((t) => (detections.some((d) => Math.abs(d - t) < 0.3) ? 0.93 : 0.1)),
    },
    waveform: Array.from({ length: 100 }, (_, i) => (i % 10) / 10),
  };
}

function answer(files: readonly ScoredRecording[], threshold: number): RecordingScores {
  return { runId: 'run-b', threshold, smoothing: 3, hopSeconds: 0.1, refractorySeconds: 1.5, backend: 'wasm', files };
}

function setup(responders: FakeResponders, host: WakewordApi['host'] = 'serve', pathForFile?: (file: File) => string) {
  const fake = createFakeApi({ 'evaluation:operating-point': () => POINT, ...responders });
  const api: WakewordApi = { ...fake.api, host, ...(pathForFile ? { pathForFile } : {}) };
  render(
    <ApiProvider api={api}>
      <RecordingsSection runId="run-b" />
    </ApiProvider>,
  );
  return fake;
}

const wav = (name: string, bytes = 1000): File => new File([new Uint8Array(bytes)], name, { type: 'audio/wav' });

describe('Evaluate recordings', () => {
  it('uploads chosen files in a browser, names refused ones, and lists scores, detections and times at the run threshold', async () => {
    // A file dialog's "All files" lets anything through the accept filter.
    const user = userEvent.setup({ applyAccept: false });
    const uploads: { name: string; offset: number; last: boolean }[] = [];
    const fake = setup({
      'evaluation:upload': (args) => {
        const chunk = args as { name: string; offset: number; last: boolean; data: string };
        uploads.push({ name: chunk.name, offset: chunk.offset, last: chunk.last });
        if (chunk.name === 'notes.txt') return { status: 'refused', reason: 'notes.txt: not an audio file (.txt): Wakeword Studio reads .wav, .flac, .mp3 and .ogg files' };
        return { status: 'saved', file: `evaluation-uploads/${chunk.name}` };
      },
      'evaluation:score-files': () => answer([scored('evaluation-uploads/kitchen.wav', [2.5, 7])], 0.62),
    });
    // The threshold starts at the run's operating point.
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Detection threshold' })).toHaveValue(0.62));
    await user.upload(screen.getByLabelText('Recordings to evaluate'), [wav('kitchen.wav'), new File(['hi'], 'notes.txt')]);

    const table = await screen.findByRole('table', { name: 'Recording results' });
    expect(uploads.map((u) => u.name)).toEqual(['kitchen.wav', 'notes.txt']);
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:score-files', { runId: 'run-b', files: ['evaluation-uploads/kitchen.wav'], threshold: 0.62 });
    const cells = within(within(table).getAllByRole('row')[1] as HTMLElement).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(['kitchen.wav', '10.50 s', '0.9300', '2: at 2.50 s, 7.00 s']);
    expect(screen.getByRole('alert', { name: 'Recordings not evaluated' })).toHaveTextContent('notes.txt: not an audio file (.txt)');
    expect(screen.getByRole('status')).toHaveTextContent('1 recording(s) at threshold 0.620 (smoothing 3, refractory 1.5 s) on wasm');
    // One file: its plot opens at once, with the waveform, the score line and both detections.
    const plot = await screen.findByRole('img', { name: /^Score over time of kitchen\.wav: score over 10\.5 s, highest 0\.930; 2 detection\(s\) at threshold 0\.620/ });
    expect(within(plot).getByTestId('timeline-waveform').getAttribute('d')).toMatch(/^M/);
    expect(within(plot).getByTestId('timeline-score').getAttribute('points')?.split(' ')).toHaveLength(20);
    expect(within(plot).getAllByTestId('timeline-detection')).toHaveLength(2);
  });

  it('plays a recording inline in its row, highlighted, from the upload the page holds, and seeks from the plot', async () => {
    const user = userEvent.setup();
    const fake = setup({
      'evaluation:upload': (args) => ({ status: 'saved', file: `evaluation-uploads/${(args as { name: string }).name}` }),
      'evaluation:score-files': () => answer([scored('evaluation-uploads/a.wav', [2.5]), scored('evaluation-uploads/b.wav', [])], 0.62),
    });
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Detection threshold' })).toHaveValue(0.62));
    await user.upload(screen.getByLabelText('Recordings to evaluate'), [wav('a.wav'), wav('b.wav')]);
    const table = await screen.findByRole('table', { name: 'Recording results' });
    const row = (name: string): HTMLElement => within(table).getByText(name).closest('tr') as HTMLElement;
    expect(within(row('b.wav')).getAllByRole('cell')[3]).toHaveTextContent('none');

    await user.click(screen.getByRole('button', { name: 'Play b.wav' }));
    expect(row('b.wav')).toHaveAttribute('data-playing', 'true');
    expect(row('b.wav')).toHaveClass('evaluation__row--playing');
    expect(row('a.wav')).not.toHaveAttribute('data-playing');
    const player = screen.getByLabelText('Playing b.wav');
    expect(player).toHaveAttribute('src', 'blob:recording');
    // Uploaded files play from the File itself: no audio round trip.
    expect(fake.invoke.mock.calls.some(([name]) => name === 'evaluation:file-audio')).toBe(false);
    // The playhead follows playback; a click on the plot seeks there.
    (player as HTMLAudioElement).currentTime = 4;
    fireEvent.timeUpdate(player);
    const plot = screen.getByRole('img', { name: /^Score over time of b\.wav/ });
    expect(within(plot).getByTestId('timeline-playhead')).toHaveAttribute('x1', String((4 / 10.5) * 1000));
    vi.spyOn(plot, 'getBoundingClientRect').mockReturnValue({ left: 0, width: 1050, top: 0, height: 176, right: 1050, bottom: 176, x: 0, y: 0, toJSON: () => ({}) });
    fireEvent.click(plot, { clientX: 525 });
    expect((player as HTMLAudioElement).currentTime).toBeCloseTo(5.25, 5);

    await user.click(screen.getByRole('button', { name: 'Stop b.wav' }));
    expect(row('b.wav')).not.toHaveAttribute('data-playing');
    expect(screen.queryByLabelText('Playing b.wav')).toBeNull();
  });

  it('on the desktop, scores chosen files where they are, fetches audio to play, scores again at a new threshold and shows per-file problems', async () => {
    const user = userEvent.setup();
    let threshold = 0.62;
    const fake = setup(
      {
        'evaluation:pick-files': () => ['/home/me/podcast.wav', '/home/me/empty.wav'],
        'evaluation:score-files': (args) => {
          threshold = (args as { threshold: number }).threshold;
          return answer([scored('/home/me/podcast.wav', threshold < 0.5 ? [1, 4, 8] : [4]), { file: '/home/me/empty.wav', ok: false, message: '/home/me/empty.wav: the file is empty (0 bytes)' }], threshold);
        },
        'evaluation:file-audio': () => ({ name: 'podcast.wav', mime: 'audio/wav', base64: 'UklGRg==' }),
      },
      'electron',
    );
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Detection threshold' })).toHaveValue(0.62));
    await user.click(screen.getByRole('button', { name: 'Choose recordings…' }));
    const table = await screen.findByRole('table', { name: 'Recording results' });
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:score-files', { runId: 'run-b', files: ['/home/me/podcast.wav', '/home/me/empty.wav'], threshold: 0.62 });
    expect(within(table).getByText('empty.wav').closest('tr')).toHaveTextContent('/home/me/empty.wav: the file is empty (0 bytes)');
    expect(within(table).getByText('podcast.wav').closest('tr')).toHaveTextContent('1: at 4.00 s');

    await user.click(screen.getByRole('button', { name: 'Play podcast.wav' }));
    expect(await screen.findByLabelText('Playing podcast.wav')).toHaveAttribute('src', 'blob:recording');
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:file-audio', { file: '/home/me/podcast.wav' });

    const again = screen.getByRole('button', { name: 'Score again at this threshold' });
    expect(again).toBeDisabled();
    const box = screen.getByRole('spinbutton', { name: 'Detection threshold' });
    await user.clear(box);
    await user.type(box, '0.3');
    await user.click(again);
    await waitFor(() => expect(within(table).getByText('podcast.wav').closest('tr')).toHaveTextContent('3: at 1.00 s, 4.00 s, 8.00 s'));
    expect(threshold).toBe(0.3);
    await user.clear(box);
    await user.type(box, '2');
    expect(screen.getByRole('alert')).toHaveTextContent('Detection threshold: a number from 0 to 1');
  });

  it('shows upload and scoring progress, and a failed request as a problem', async () => {
    let fail: (error: Error) => void = () => undefined;
    const fake = setup({
      'evaluation:upload': () => ({ status: 'saved', file: 'evaluation-uploads/long.wav' }),
      'evaluation:score-files': () => new Promise<RecordingScores>((_, reject) => (fail = reject)),
    });
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Detection threshold' })).toHaveValue(0.62));
    fireEvent.drop(screen.getByTestId('recordings-drop'), { dataTransfer: { files: [wav('long.wav')] } });
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('evaluation:score-files', expect.anything()));
    act(() => fake.emit('evaluation:progress', { runId: 'run-b', job: 'score-files', done: 30, total: 90, detail: 'Scoring long.wav (1/1)' }));
    expect(screen.getByText('Scoring long.wav (1/1)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose recordings…' })).toBeDisabled();
    act(() => fail(new Error('/ws/runs/run-b has no trained model yet (best/model.json is missing)')));
    expect(await screen.findByRole('alert', { name: 'Recordings not evaluated' })).toHaveTextContent('best/model.json is missing');
  });
});
