import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChartOptions } from 'chart.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationResult } from '../../shared/contract/evaluation-contract';
import type { ScoredFile } from '../../shared/core/evaluation/evaluation-report';
import { DEFAULT_DETECTION_SETTINGS } from '../../shared/core/evaluation/operating-point';
import { fakeRun as run, panelSetup } from '../test-support/panel-harness';
import type { CurvePoint } from './curves-config';
import { EvaluationPanel } from './evaluation-panel';

/** What each curve last handed to chart.js, by title (jsdom has no canvas). */
const drawn = new Map<string, { datasets: { label?: string; data: CurvePoint[] }[]; options: ChartOptions<'line'> }>();
vi.mock('react-chartjs-2', () => ({
  Line: ({ data, options }: { data: { datasets: { label?: string; data: CurvePoint[] }[] }; options: ChartOptions<'line'> }) => {
    drawn.set(data.datasets[0]?.label ?? '', { datasets: data.datasets, options });
    return null;
  },
}));

const file = (path: string, category: ScoredFile['category'], scores: number[]): ScoredFile => ({ path, category, label: category === 'positive' ? 1 : 0, durationSeconds: scores.length, scores });

// Positives 0.9 0.8 0.6 0.3; general negative windows 0.1 0.7 0.2 0.4 0.05 over half an hour; one hard negative.
const FILES: ScoredFile[] = [
  file('positive/a.wav', 'positive', [0.9]),
  file('positive/b.wav', 'positive', [0.8]),
  file('positive/c.wav', 'positive', [0.6]),
  file('positive/d.wav', 'positive', [0.3]),
  file('negative/long.wav', 'negative', [0.1, 0.7, 0.2]),
  file('negative/e.wav', 'negative', [0.4]),
  file('negative/f.wav', 'negative', [0.05]),
  file('hard_negative/g.wav', 'hard_negative', [0.95]),
];

const RESULT: EvaluationResult = {
  runId: 'run-b',
  runDir: '/ws/runs/run-b',
  split: 'test',
  scores: { split: 'test', files: FILES, generalNegativeHours: 0.5, warnings: [] },
  operatingPoint: { version: 1, threshold: 0.5, source: 'training', targetFah: null, split: 'val', frr: null, fah: null, ...DEFAULT_DETECTION_SETTINGS, savedAt: null },
  targetFah: 2,
  backend: 'wasm',
};

const setup = panelSetup(() => <EvaluationPanel />, {
  'training:runs': () => [run('run-b', true)],
  'evaluation:run': () => RESULT,
});

async function evaluated() {
  const user = userEvent.setup();
  setup();
  await waitFor(() => expect(screen.getByRole('combobox', { name: 'Run' })).toHaveValue('run-b'));
  await user.click(screen.getByRole('button', { name: 'Evaluate' }));
  await screen.findByRole('heading', { name: /Metrics at threshold/ });
  return user;
}

const metric = (label: string): string => screen.getByTestId(`metric-${label}`).textContent ?? '';
const curve = (title: string) => {
  const chart = drawn.get(title);
  if (!chart) throw new Error(`${title} was not drawn`);
  return chart;
};
const thresholdLabel = (): string => screen.getByRole('status', { name: 'Resulting threshold' }).textContent ?? '';

beforeEach(() => drawn.clear());

describe('Evaluation curves', () => {
  it('draws FRR vs FA/h on a log FA/h axis from 0 to 10 with decade ticks, zero FA/h at the floor labelled 0', async () => {
    await evaluated();
    const { datasets, options } = curve('FRR vs FA/h');
    const x = options.scales?.x as unknown as { type: string; min: number; max: number; ticks: { callback: (v: number) => string }; afterBuildTicks: (s: { min: number; max: number; ticks: { value: number }[] }) => void };
    expect(x).toMatchObject({ type: 'logarithmic', min: 0.01, max: 10 });
    const scale = { min: x.min, max: x.max, ticks: [] as { value: number }[] };
    x.afterBuildTicks(scale);
    expect(scale.ticks.map((t) => x.ticks.callback(t.value))).toEqual(['0', '0.1', '1', '10']);
    // The strictest thresholds accept no general negative: FA/h 0, drawn at the floor and marked, not dropped.
    const zeros = datasets[0]?.data.filter((p) => p.zeroX) ?? [];
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.every((p) => p.x === 0.01)).toBe(true);
    const label = options.plugins?.tooltip?.callbacks?.label as unknown as (item: { raw: CurvePoint }) => string;
    expect(label({ raw: zeros[0] as CurvePoint })).toMatch(/^FA\/h 0\.00, FRR /);
    const title = options.plugins?.tooltip?.callbacks?.title as unknown as (items: { datasetIndex: number }[]) => string;
    expect([title([{ datasetIndex: 0 }]), title([{ datasetIndex: 1 }])]).toEqual(['FRR vs FA/h', 'Operating point']);
  });

  it('draws DET on log-log axes with non-overlapping percent ticks and zero rates labelled 0', async () => {
    await evaluated();
    const { datasets, options } = curve('DET');
    for (const axis of ['x', 'y'] as const) {
      const a = options.scales?.[axis] as unknown as { type: string; min: number; ticks: { callback: (v: number) => string }; afterBuildTicks: (s: { min: number; max: number; ticks: { value: number }[] }) => void };
      expect(a.type).toBe('logarithmic');
      const scale = { min: a.min, max: 1, ticks: [] as { value: number }[] };
      a.afterBuildTicks(scale);
      const labels = scale.ticks.map((t) => a.ticks.callback(t.value));
      expect(labels[0]).toBe('0');
      // Decades only (1-2-5 on a narrow range): never chart.js's nine labels a decade.
      expect(labels.length).toBeLessThanOrEqual(8);
      expect(labels.at(-1)).toBe('100%');
    }
    // At the strictest threshold nothing is accepted: a zero rate, drawn at the floor.
    expect(datasets[0]?.data.some((p) => p.zeroX || p.zeroY)).toBe(true);
  });

  it('picks the operating point by clicking the FRR vs FA/h curve: threshold box, label, slider and metrics follow', async () => {
    await evaluated();
    const { datasets, options } = curve('FRR vs FA/h');
    // A fake pixel mapping: log FA/h across, FRR down. Click right on the point at 2 FA/h with the lowest FRR.
    const toPx = { x: { getPixelForValue: (v: number) => 100 * Math.log10(v) }, y: { getPixelForValue: (v: number) => 300 * (1 - v) } };
    const target = (datasets[0]?.data ?? []).filter((p) => p.x === 2).sort((a, b) => a.y - b.y)[0];
    expect(target).toBeDefined();
    const click = options.onClick as unknown as (event: { x: number; y: number }, elements: unknown[], chart: { scales: typeof toPx }) => void;
    act(() => click({ x: toPx.x.getPixelForValue(2) + 3, y: toPx.y.getPixelForValue(target?.y ?? 0) - 2 }, [], { scales: toPx }));
    // Threshold 0.6 (positive c) keeps one general false accept (the 0.7 window): 2 FA/h, FRR 1/4.
    expect(target?.threshold).toBe(0.6);
    expect(screen.getByRole('radio', { name: /^threshold/ })).toBeChecked();
    expect((screen.getByRole('spinbutton', { name: 'Threshold' }) as HTMLInputElement).value).toBe('0.6000');
    expect(thresholdLabel()).toBe('threshold 0.6000');
    expect(screen.getByRole('slider', { name: 'Threshold slider' })).toHaveValue('0.6');
    expect(metric('FRR')).toBe('25.00%');
    expect(metric('FA/h')).toBe('2.00 (≤ 9.49)');
    // The dot moved on every curve.
    expect(curve('FRR vs FA/h').datasets[1]?.data[0]).toMatchObject({ x: 2, y: 0.25, threshold: 0.6 });
  });

  it('picks the operating point by dragging the slider, into the same state the threshold box shows', async () => {
    await evaluated();
    fireEvent.change(screen.getByRole('slider', { name: 'Threshold slider' }), { target: { value: '0.75' } });
    expect(screen.getByRole('radio', { name: /^threshold/ })).toBeChecked();
    expect((screen.getByRole('spinbutton', { name: 'Threshold' }) as HTMLInputElement).value).toBe('0.7500');
    expect(thresholdLabel()).toBe('threshold 0.7500');
    // At 0.75 no general negative is accepted: FA/h 0, so the dot sits at the floor of the FA/h axis.
    expect(metric('FA/h')).toBe('0.00 (≤ 5.99)');
    expect(curve('FRR vs FA/h').datasets[1]?.data[0]).toMatchObject({ x: 0.01, zeroX: true, threshold: 0.75 });
    // Typing still works after a drag, and the slider follows the box.
    const box = screen.getByRole('spinbutton', { name: 'Threshold' });
    fireEvent.change(box, { target: { value: '0.5' } });
    expect(screen.getByRole('slider', { name: 'Threshold slider' })).toHaveValue('0.5');
    expect(thresholdLabel()).toBe('threshold 0.5000');
  });

  it('writes the threshold box with the same rounding as the label when switching from a target FA/h', async () => {
    const user = await evaluated();
    await user.click(screen.getByRole('radio', { name: /target false accepts per hour/ }));
    const resolved = thresholdLabel();
    expect(resolved).toMatch(/^threshold \d\.\d{4}$/);
    await user.click(screen.getByRole('radio', { name: /^threshold/ }));
    expect(`threshold ${(screen.getByRole('spinbutton', { name: 'Threshold' }) as HTMLInputElement).value}`).toBe(resolved);
  });
});
