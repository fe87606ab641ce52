import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DetectionResult, EvaluationResult } from '../../shared/contract/evaluation-contract';
import type { ScoredFile } from '../../shared/core/evaluation/evaluation-report';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import type { FakeResponders } from '../test-support/fake-api';
import { fakeRun as run, panelSetup } from '../test-support/panel-harness';
import { EvaluationPanel } from './evaluation-panel';

const drawn: string[] = [];
vi.mock('react-chartjs-2', () => ({
  Line: ({ data }: { data: { datasets: { label?: string }[] } }) => {
    drawn.push(data.datasets.map((d) => d.label ?? '').join('+'));
    return null;
  },
}));

beforeAll(() => {
  // jsdom has no blob: URLs or media playback.
  URL.createObjectURL = vi.fn(() => 'blob:clip');
  URL.revokeObjectURL = vi.fn();
  window.HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
});

const file = (path: string, category: ScoredFile['category'], scores: number[]): ScoredFile => ({ path, category, label: category === 'positive' ? 1 : 0, durationSeconds: scores.length, scores });

// At 0.5: TP a b c, FN d; FP long (0.7 window) and hard g; TN the rest. Half an hour of general negatives.
const FILES: ScoredFile[] = [
  file('positive/a.wav', 'positive', [0.9]),
  file('positive/b.wav', 'positive', [0.8]),
  file('positive/c.wav', 'positive', [0.6]),
  file('positive/d.wav', 'positive', [0.3]),
  file('negative/long.wav', 'negative', [0.1, 0.7, 0.2]),
  file('negative/e.wav', 'negative', [0.4]),
  file('negative/f.wav', 'negative', [0.05]),
  file('hard_negative/g.wav', 'hard_negative', [0.95]),
  file('hard_negative/h.wav', 'hard_negative', [0.2]),
];

const RESULT: EvaluationResult = {
  runId: 'run-b',
  runDir: '/ws/runs/run-b',
  split: 'test',
  scores: { split: 'test', files: FILES, generalNegativeHours: 0.5, warnings: ['Skipped negative/bad.wav: not a WAV file'] },
  operatingPoint: { version: 1, threshold: 0.5, source: 'training', targetFah: null, split: 'val', frr: null, fah: null, ...DEFAULT_DETECTION_SETTINGS, savedAt: null },
  targetFah: 2,
  backend: 'wasm',
};

const setup = panelSetup(() => <EvaluationPanel />, {
  'training:runs': () => [run('run-a', false), run('run-b', true)],
  'evaluation:run': () => RESULT,
});

async function evaluated(responders: FakeResponders = {}) {
  const user = userEvent.setup();
  const fake = setup(responders);
  await waitFor(() => expect(screen.getByRole('combobox', { name: 'Run' })).toHaveValue('run-b'));
  await user.click(screen.getByRole('button', { name: 'Evaluate' }));
  await screen.findByRole('heading', { name: /Metrics at threshold/ });
  return { user, fake };
}

const metric = (label: string): string => screen.getByTestId(`metric-${label}`).textContent ?? '';

describe('EvaluationPanel', () => {
  it('offers only runs with a best model, evaluates, and shows metrics, confusion matrix, curves and warnings', async () => {
    drawn.length = 0;
    const { fake } = await evaluated();
    expect(within(screen.getByRole('combobox', { name: 'Run' })).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['run-b']);
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:run', { runId: 'run-b', split: 'test' });
    expect(metric('FRR')).toBe('25.00%');
    // One general false accept in half an hour (95 % bound 4.744 / 0.5 h); the hard negative at 0.95 is reported separately.
    expect(metric('FA/h')).toBe('2.00 (≤ 9.49)');
    expect(screen.getByTestId('fah-basis')).toHaveTextContent('1 false accepts in 30.0 min of general negatives, counted as accepted windows');
    // Half an hour cannot show the run's 2 FA/h target (that takes 1.5 h without a false accept).
    expect(screen.getByTestId('fah-warning')).toHaveTextContent("The test's FA/h rests on only 30.0 min of negative audio");
    expect(screen.getByTestId('fah-warning')).toHaveTextContent('cannot show that 2 FA/h is met, which takes at least 1.50 h');
    // Long negatives are cut into windows: the matrix says it counts windows.
    expect(screen.getByRole('table', { name: /Confusion matrix \(4 positive and 7 negative windows; long negatives are cut into several\)/ })).toBeTruthy();
    expect(metric('Hard-negative FPR')).toBe('50.0%');
    expect(metric('ROC AUC')).toBe((21 / 28).toFixed(4));
    expect(screen.getByTestId('confusion-tp')).toHaveTextContent('TP 3');
    expect(screen.getByTestId('confusion-fp')).toHaveTextContent('FP 2');
    expect(screen.getByTestId('confusion-tn')).toHaveTextContent('TN 5');
    expect(screen.getByTestId('confusion-fn')).toHaveTextContent('FN 1');
    for (const name of ['ROC', 'DET', 'FRR vs FA/h']) expect(screen.getByRole('img', { name: new RegExp(`^${name}:`) })).toBeInTheDocument();
    expect(drawn).toEqual(expect.arrayContaining(['ROC+Operating point', 'DET+Operating point', 'FRR vs FA/h+Operating point']));
    expect(screen.getByRole('list', { name: 'Evaluation warnings' })).toHaveTextContent('negative/bad.wav');
  });

  it('shows progress while scoring and the error when evaluation fails', async () => {
    const user = userEvent.setup();
    let fail: (error: Error) => void = () => undefined;
    const fake = setup({ 'evaluation:run': () => new Promise<EvaluationResult>((_, reject) => (fail = reject)) });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Run' })).toHaveValue('run-b'));
    await user.click(screen.getByRole('button', { name: 'Evaluate' }));
    act(() => fake.emit('evaluation:progress', { runId: 'run-b', job: 'evaluate', done: 4, total: 9, detail: 'Scoring test (4/9)' }));
    expect(screen.getByText('Scoring test (4/9)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Evaluate' })).toBeDisabled();
    act(() => fail(new Error('/ws/runs/run-b has no trained model yet (best/model.json is missing)')));
    expect(await screen.findByRole('alert')).toHaveTextContent('best/model.json is missing');
  });

  it('recomputes the metrics at a new threshold or target FA/h, and saves the operating point', async () => {
    const { user, fake } = await evaluated({ 'evaluation:save-operating-point': (args) => ({ ...RESULT.operatingPoint, ...(args as object), version: 1, savedAt: 'now' }) as never });
    const threshold = screen.getByRole('spinbutton', { name: 'Threshold' });
    await user.clear(threshold);
    await user.type(threshold, '0.75');
    // At 0.75: TP a b; FP only the hard negative, so no general false accepts.
    expect(screen.getByTestId('confusion-tp')).toHaveTextContent('TP 2');
    expect(metric('FA/h')).toBe('0.00 (≤ 5.99)');
    await user.clear(threshold);
    await user.type(threshold, '3');
    expect(screen.getByRole('alert')).toHaveTextContent('Threshold: a number from 0 to 1');

    await user.click(screen.getByRole('radio', { name: /target false accepts per hour/ }));
    // Target 2 FA/h over 0.5 h allows one false accept: just above the 0.4 window.
    expect(screen.getByRole('status', { name: 'Resulting threshold' })).toHaveTextContent('threshold 0.4000');
    expect(metric('FA/h')).toBe('2.00 (≤ 9.49)');
    // 0.5 h of negatives cannot show 2 FA/h (that takes 1.5 h): saving asks first.
    await user.click(screen.getByRole('button', { name: 'Save operating point' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Save an unsupported threshold?' })).getByRole('button', { name: 'Save anyway' }));
    await screen.findByText(/Saved threshold 0.4000 with the run, although the negative audio cannot support its target/);
    const args = fake.invoke.mock.calls.find(([name]) => name === 'evaluation:save-operating-point')?.[1] as Record<string, unknown>;
    expect(args).toMatchObject({ runId: 'run-b', source: 'target-fah', targetFah: 2, split: 'test', frr: 0.25, fah: 2, fahEstimate: { falseAccepts: 1, hours: 0.5, fah: 2 }, smoothing: 3 });
    expect(args.threshold as number).toBeGreaterThan(0.4);
  });

  it('says plainly when the split cannot support the target FA/h, and saves such a threshold only after confirmation', async () => {
    // About a minute of test negatives, as in a fresh demo workspace: a 1 FA/h target picks a low threshold.
    const short: EvaluationResult = { ...RESULT, scores: { ...RESULT.scores, generalNegativeHours: 1 / 60, warnings: [] }, targetFah: 1 };
    const { user, fake } = await evaluated({
      'evaluation:run': () => short,
      'evaluation:save-operating-point': (args) => ({ ...RESULT.operatingPoint, ...(args as object), version: 1, savedAt: 'now' }) as never,
    });
    // Nothing saved yet: the panel says export uses training's threshold.
    expect(screen.getByTestId('operating-point-in-use')).toHaveTextContent("No operating point is saved for this run yet: export and detection use training's best threshold, 0.5000");
    await user.click(screen.getByRole('radio', { name: /target false accepts per hour/ }));
    const target = screen.getByRole('spinbutton', { name: 'Target FA/h' });
    await user.clear(target);
    await user.type(target, '1');
    const note = screen.getByRole('note', { name: 'Threshold not supported' });
    const chosen = (screen.getByRole('status', { name: 'Resulting threshold' }).textContent ?? '').replace('threshold ', '');
    expect(note).toHaveTextContent(`Threshold ${chosen} is a guess: this split has too little negative audio to pick a threshold for 1 FA/h.`);
    expect(note).toHaveTextContent('The test split holds 1.0 min of general negatives; showing 1 FA/h takes at least 3.00 h.');
    expect(note).toHaveTextContent('It accepts 50.0% of the hard negatives.');

    const saveButton = screen.getByRole('button', { name: 'Save operating point' });
    await user.click(saveButton);
    const dialog = screen.getByRole('alertdialog', { name: 'Save an unsupported threshold?' });
    expect(dialog).toHaveTextContent('cannot show that it meets 1 FA/h, and export and detection will use it');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.invoke).not.toHaveBeenCalledWith('evaluation:save-operating-point', expect.anything());

    await user.click(saveButton);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Save anyway' }));
    await screen.findByText(/with the run, although the negative audio cannot support its target\./);
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:save-operating-point', expect.objectContaining({ source: 'target-fah', targetFah: 1 }));
    expect(screen.getByTestId('operating-point-in-use')).toHaveTextContent('Export and detection use the operating point saved with this run');
  });

  it('saves a target the split supports without asking, and shows no warning', async () => {
    const long: EvaluationResult = { ...RESULT, scores: { ...RESULT.scores, generalNegativeHours: 10, warnings: [] } };
    const { user, fake } = await evaluated({
      'evaluation:run': () => long,
      'evaluation:save-operating-point': (args) => ({ ...RESULT.operatingPoint, ...(args as object), version: 1, savedAt: 'now' }) as never,
    });
    await user.click(screen.getByRole('radio', { name: /target false accepts per hour/ }));
    expect(screen.queryByRole('note', { name: 'Threshold not supported' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save operating point' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await screen.findByText(/^Saved threshold [\d.]+ with the run\.$/);
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:save-operating-point', expect.objectContaining({ source: 'target-fah', targetFah: 2 }));
  });

  it('lists false positives and negatives, sorts, plays a clip and copies a false positive into hard_negative', async () => {
    const { user, fake } = await evaluated({
      'evaluation:clip': () => ({ name: 'long.wav', mime: 'audio/wav', base64: 'UklGRg==' }),
      'evaluation:add-hard-negative': () => ({ path: 'hard_negative/long.wav' }),
      'evaluation:score-files': () => ({
        runId: 'run-b',
        threshold: 0.5,
        smoothing: 3,
        hopSeconds: 0.1,
        refractorySeconds: 1.5,
        backend: 'wasm',
        files: [
          {
            file: 'data/raw/negative/long.wav',
            ok: true,
            waveform: [0.1, 0.5, 0.2],
            detection: { file: 'data/raw/negative/long.wav', durationSeconds: 3, mode: 'stream', score: 0.7, detected: true, detections: [{ time: 1.5, start: 1, end: 2, score: 0.7 }], times: [0.5, 1.5, 2.5], scores: [0.1, 0.7, 0.2] },
          },
        ],
      }),
    });
    const table = screen.getByRole('table', { name: 'Per-file results' });
    const paths = (): string[] => within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[0]?.textContent ?? '');
    // Default view: the errors, highest score first.
    expect(paths()).toEqual(['hard_negative/g.wav', 'negative/long.wav', 'positive/d.wav']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'fn');
    expect(paths()).toEqual(['positive/d.wav']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'all');
    await user.click(within(table).getByRole('button', { name: 'File' }));
    expect(paths()).toEqual(FILES.map((f) => f.path).sort());
    await user.click(within(table).getByRole('button', { name: 'File' }));
    expect(paths()).toEqual(FILES.map((f) => f.path).sort().reverse());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'fp');
    // A hard negative is already one: only the general negative can be added.
    expect(screen.queryByRole('button', { name: 'Add hard_negative/g.wav to hard_negative' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Play negative/long.wav' }));
    expect(await screen.findByLabelText('Playing negative/long.wav')).toHaveAttribute('src', 'blob:clip');
    // It plays in its own row, highlighted, over the file's waveform and score from the run's detector.
    const playingRow = within(table).getByText('negative/long.wav').closest('tr') as HTMLElement;
    expect(playingRow).toHaveAttribute('data-playing', 'true');
    expect(within(table).getByText('hard_negative/g.wav').closest('tr')).not.toHaveAttribute('data-playing');
    const plot = await within(table).findByRole('img', { name: /^Score over time of negative\/long\.wav: score over 3\.0 s, highest 0\.700; 1 detection\(s\) at threshold 0\.500/ });
    expect(within(plot).getByTestId('timeline-waveform')).toBeInTheDocument();
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:score-files', { runId: 'run-b', files: ['data/raw/negative/long.wav'], threshold: 0.5 });
    await user.click(screen.getByRole('button', { name: 'Close negative/long.wav' }));
    expect(screen.queryByLabelText('Playing negative/long.wav')).toBeNull();
    expect(playingRow).not.toHaveAttribute('data-playing');
    await user.click(screen.getByRole('button', { name: 'Add negative/long.wav to hard_negative' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add negative/long.wav to hard_negative' })).toHaveTextContent('Added as hard_negative/long.wav'));
    // A long label is cut with an ellipsis by CSS; the whole text stays in its title.
    expect(screen.getByRole('button', { name: 'Add negative/long.wav to hard_negative' })).toHaveAttribute('title', 'Added as hard_negative/long.wav');
    expect(screen.getByRole('button', { name: 'Add negative/long.wav to hard_negative' })).toBeDisabled();
    expect(fake.invoke).toHaveBeenCalledWith('evaluation:add-hard-negative', { path: 'negative/long.wav' });
  });

  it('mines false accepts from a long recording and saves a confirmed candidate', async () => {
    const detection: DetectionResult = {
      runId: 'run-b',
      file: '/rec/podcast.wav',
      durationSeconds: 600,
      mode: 'stream',
      score: 0.9,
      detected: true,
      detections: [
        { time: 12.5, start: 12, end: 13, score: 0.91 },
        { time: 300.2, start: 299.7, end: 300.7, score: 0.84 },
      ],
      times: [],
      scores: [],
      threshold: 0.8,
      smoothing: 3,
      hopSeconds: 0.1,
      refractorySeconds: 1.5,
      backend: 'wasm',
    };
    const user = userEvent.setup();
    const fake = setup({
      'detection:run': () => detection,
      'detection:save-candidate': () => ({ path: 'hard_negative/mined/podcast_12000ms.wav' }),
      'detection:segment-audio': () => ({ name: 'candidate.wav', mime: 'audio/wav', base64: 'UklGRg==' }),
    });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Run' })).toHaveValue('run-b'));
    const find = screen.getByRole('button', { name: 'Find false accepts' });
    expect(find).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: /Recording/ }), '/rec/podcast.wav');
    await user.click(find);
    expect(await screen.findByText(/2 detection\(s\) in 600.00 s at threshold 0.800/)).toBeInTheDocument();
    expect(fake.invoke).toHaveBeenCalledWith('detection:run', { runId: 'run-b', file: '/rec/podcast.wav' });
    await user.click(screen.getByRole('button', { name: 'Play detection at 12.50 s' }));
    expect(await screen.findByLabelText('Detection 1')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save detection at 12.50 s as hard negative' }));
    expect(await screen.findByText('Saved as hard_negative/mined/podcast_12000ms.wav')).toBeInTheDocument();
    expect(fake.invoke).toHaveBeenCalledWith('detection:save-candidate', { file: '/rec/podcast.wav', start: 12, end: 13 });
    await user.click(screen.getByRole('button', { name: 'Dismiss detection at 300.20 s' }));
    expect(screen.getByText('Dismissed')).toBeInTheDocument();
  });

  it('says so when there are no trained runs', async () => {
    setup({ 'training:runs': () => [run('run-a', false)] });
    expect(await screen.findByText(/No trained runs yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Evaluate' })).toBeDisabled();
  });
});

describe('EvaluationPanel with negative streams', () => {
  it('says when the threshold for a target is extrapolated from the tail of the false accepts', async () => {
    // 36 s of stream holding twelve separate detections (0.3-0.85): 1 FA/h cannot be counted on it.
    const spiky = new Array<number>(360).fill(0.01);
    for (let k = 0; k < 12; k += 1) spiky[10 + k * 29] = 0.3 + k * 0.05;
    const streams = { settings: { sampleRate: 1000, windowSamples: 1000, hopSamples: 100, smoothing: 1, refractorySeconds: 1.5 }, scores: [spiky], hours: 0.01 };
    const streamed: EvaluationResult = { ...RESULT, scores: { ...RESULT.scores, generalNegativeHours: 0.01, streams, warnings: [] }, targetFah: 1 };
    const user = userEvent.setup();
    setup({ 'evaluation:run': () => streamed });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Run' })).toHaveValue('run-b'));
    await user.click(screen.getByRole('button', { name: 'Evaluate' }));
    await screen.findByRole('heading', { name: /Metrics at threshold/ });
    await user.click(screen.getByRole('radio', { name: /target false accepts per hour/ }));
    const target = screen.getByRole('spinbutton', { name: 'Target FA/h' });
    await user.clear(target);
    await user.type(target, '1');
    const chosen = Number((screen.getByRole('status', { name: 'Resulting threshold' }).textContent ?? '').replace('threshold ', ''));
    expect(chosen).toBeGreaterThan(0.85);
    expect(screen.getByRole('note', { name: 'Threshold not supported' })).toHaveTextContent('the scores of the 12 highest-scoring false accepts, extrapolated, reach 1 FA/h: an estimate, not a count.');
    // A threshold typed by hand is not an extrapolation: the note goes with the target.
    await user.click(screen.getByRole('radio', { name: /threshold/i, checked: false }));
    expect(screen.queryByText(/extrapolated/)).toBeNull();
  });
});
