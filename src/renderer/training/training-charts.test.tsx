import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunHistory } from '../../shared/core/training-view/chart-data';
import { TrainingCharts } from './training-charts';
import { charts, historyOf, metrics, resetZoom, toBase64Image } from './training-test-support';

vi.mock('react-chartjs-2', () => import('./training-test-support'));

type Point = { x: number; y: number | null };
const datasets = (label: string) => charts.get(label)?.data.datasets.map((d) => ({ label: d.label, data: d.data as unknown as Point[] })) ?? [];

function renderCharts(runs: readonly RunHistory[]) {
  return render(<TrainingCharts runs={runs} exportBase="20260101-demo" heading="Charts" />);
}

beforeEach(() => charts.clear());
afterEach(() => vi.restoreAllMocks());

describe('TrainingCharts', () => {
  it('draws loss, accuracy/F1, error-rate and FA/h charts plus small LR and throughput charts', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: 2 }]);
    expect([...charts.keys()].sort()).toEqual(['Accuracy / F1', 'Error rates (FPR / FNR / EER)', 'False accepts per hour', 'Learning rate', 'Loss', 'Throughput']);
    // Smoothed lines first, the raw ones (faint) after them; no best-epoch marker on the loss.
    expect(datasets('Loss').map((d) => d.label)).toEqual(['Train loss', 'Validation loss', 'Train loss (raw)', 'Validation loss (raw)']);
    expect(datasets('Loss')[3]?.data).toEqual([
      { x: 1, y: 1.2 },
      { x: 2, y: 0.6 },
      { x: 3, y: 1.2 / 3 },
    ]);
    // Metric charts mark the best epoch: a single point on the marker series.
    expect(datasets('Accuracy / F1').at(-1)).toEqual({ label: 'Best epoch 2', data: [{ x: 2, y: 1 - 0.6 / 2 }] });
    expect(datasets('Error rates (FPR / FNR / EER)').map((d) => d.label)).toEqual(['FPR', 'FNR', 'EER', 'FPR (raw)', 'FNR (raw)', 'EER (raw)', 'Best epoch 2']);
    expect(datasets('Learning rate')[0]?.data[0]).toEqual({ x: 1, y: 0.003 });
    // The small charts are never smoothed and have no marker.
    expect(datasets('Throughput').map((d) => d.label)).toEqual(['Samples/s']);
    expect(datasets('Throughput')[0]?.data.map((p) => p.y)).toEqual([101, 102, 103]);
    expect(screen.getByRole('img', { name: 'Loss chart, 3 epochs' })).toBeInTheDocument();
  });

  it('updates the same chart instances as epochs arrive (no re-mount)', () => {
    const view = renderCharts([{ label: 'run', history: historyOf(1), bestEpoch: null }]);
    for (let n = 2; n <= 30; n++) view.rerender(<TrainingCharts runs={[{ label: 'run', history: historyOf(n), bestEpoch: 1 }]} exportBase="x" heading="Charts" />);
    const loss = charts.get('Loss');
    expect(loss?.mounts).toBe(1);
    expect(loss?.unmounts).toBe(0);
    expect(datasets('Loss')[0]?.data).toHaveLength(30);
  });

  it('turns animation and point dots off for long histories', () => {
    renderCharts([{ label: 'run', history: Array.from({ length: 1000 }, (_, i) => metrics(i + 1, { epochs: 1000 })), bestEpoch: 500 }]);
    const loss = charts.get('Loss');
    expect(loss?.options?.animation).toBe(false);
    const radius = loss?.data.datasets[0]?.pointRadius as unknown as (ctx: { raw: unknown }) => number;
    expect(radius({ raw: { x: 1, y: 0.5 } })).toBe(0);
    // Downsampled to at most the display budget, the best epoch still there.
    expect(datasets('Loss')[1]?.data.length).toBeLessThanOrEqual(601);
    expect(datasets('Loss')[1]?.data.some((p) => p.x === 500)).toBe(true);
    expect(screen.getAllByText('downsampled for display').length).toBeGreaterThan(0);
  });

  it('switches the loss axis to a log scale and back', async () => {
    const user = userEvent.setup();
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('linear');
    await user.click(screen.getByRole('checkbox', { name: 'Log scale for Loss' }));
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('logarithmic');
    expect(charts.get('Accuracy / F1')?.options?.scales?.y?.type).toBe('linear');
    await user.click(screen.getByRole('checkbox', { name: 'Log scale for Loss' }));
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('linear');
    expect(charts.get('Loss')?.mounts).toBe(1);
  });

  it('formats tooltips by the chart’s unit', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    const label = charts.get('Accuracy / F1')?.options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string;
    expect(label({ dataset: { label: 'Validation accuracy' }, parsed: { x: 2, y: 0.7 } })).toBe('Validation accuracy: 70.0%');
    const title = charts.get('Loss')?.options?.plugins?.tooltip?.callbacks?.title as unknown as (items: unknown[]) => string;
    expect(title([{ parsed: { x: 7, y: 1 } }])).toBe('Epoch 7');
  });

  it('saves a chart as PNG and the history as CSV', async () => {
    const user = userEvent.setup();
    const clicks: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href });
    });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:csv';
    });
    URL.revokeObjectURL = vi.fn();
    renderCharts([{ label: 'run', history: historyOf(2), bestEpoch: 1 }]);
    await user.click(screen.getByRole('button', { name: 'Save Loss chart as PNG' }));
    expect(toBase64Image).toHaveBeenCalled();
    expect(clicks[0]).toEqual({ download: '20260101-demo-loss.png', href: 'data:image/png;base64,AAAA' });
    await user.click(screen.getByRole('button', { name: 'Export history as CSV' }));
    expect(clicks[1]).toEqual({ download: '20260101-demo-history.csv', href: 'blob:csv' });
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0] ?? new Blob());
    });
    expect(csv?.split('\n')[0]).toMatch(/^epoch,epochs,train_loss,val_loss/);
    expect(csv?.trimEnd().split('\n')).toHaveLength(3);
  });

  it('disables exports while there is no data', () => {
    renderCharts([{ label: 'run', history: [], bestEpoch: null }]);
    expect(screen.getByRole('button', { name: 'Save Loss chart as PNG' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Export history as CSV' })).toBeDisabled();
    expect(screen.getByText('Charts fill in as epochs finish.')).toBeInTheDocument();
  });

  it('overlays two runs with a series per run and metric', () => {
    renderCharts([
      { label: 'a', history: historyOf(3), bestEpoch: 3 },
      { label: 'b', history: historyOf(5), bestEpoch: 4 },
    ]);
    expect(datasets('Loss').map((d) => d.label).slice(0, 4)).toEqual(['a · Train loss', 'a · Validation loss', 'b · Train loss', 'b · Validation loss']);
    expect(datasets('Accuracy / F1').map((d) => d.label).slice(-2)).toEqual(['a · best epoch 3', 'b · best epoch 4']);
    expect(charts.get('Accuracy / F1')?.data.datasets.slice(-2).map((d) => d.borderColor)).toEqual(['#0072B2', '#D55E00']);
    // One colour per run; within a run, validation dashed and training solid.
    const style = (i: number) => ({ color: charts.get('Loss')?.data.datasets[i]?.borderColor, dash: charts.get('Loss')?.data.datasets[i]?.borderDash });
    expect(style(0)).toEqual({ color: '#0072B2', dash: [] });
    expect(style(1)).toEqual({ color: '#0072B2', dash: [6, 4] });
    expect(style(2)).toEqual({ color: '#D55E00', dash: [] });
    expect(style(3)).toEqual({ color: '#D55E00', dash: [6, 4] });
    // The x axis ends at the longer run's last epoch.
    expect(charts.get('Loss')?.options?.scales?.x).toMatchObject({ min: 1, max: 5 });
    // A comparison has no single history to export.
    expect(screen.queryByRole('button', { name: 'Export history as CSV' })).toBeNull();
  });

  it('smooths lines with the slider (debiased EMA, as TensorBoard) and keeps the raw values faint underneath', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    const slider = screen.getByRole('slider', { name: 'Smoothing' });
    expect(slider).toHaveValue('0.6');
    fireEvent.change(slider, { target: { value: '0.5' } });
    expect(screen.getByText('0.50')).toBeInTheDocument();
    // Train loss 1, 1/2, 1/3 at weight 0.5: the averages 0.5, 0.5, 0.25 + 1/6 over the bias terms 0.5, 0.75, 0.875.
    const smoothed = datasets('Loss')[0]?.data.map((p) => p.y) ?? [];
    expect(smoothed[0]).toBeCloseTo(1, 10);
    expect(smoothed[1]).toBeCloseTo(0.5 / 0.75, 10);
    expect(smoothed[2]).toBeCloseTo((0.25 + 1 / 6) / 0.875, 10);
    expect(datasets('Loss')[2]?.data.map((p) => p.y)).toEqual([1, 0.5, 1 / 3]);
    expect(charts.get('Loss')?.data.datasets[2]?.borderColor).toBe('rgba(0, 114, 178, 0.25)');
    const legendFilter = charts.get('Loss')?.options?.plugins?.legend?.labels?.filter as unknown as (item: { text: string }) => boolean;
    expect([{ text: 'Train loss' }, { text: 'Train loss (raw)' }].filter(legendFilter)).toEqual([{ text: 'Train loss' }]);
    // At 0 the raw values are the line and no faint copy is drawn.
    fireEvent.change(slider, { target: { value: '0' } });
    expect(datasets('Loss').map((d) => d.label)).toEqual(['Train loss', 'Validation loss']);
    expect(datasets('Loss')[0]?.data.map((p) => p.y)).toEqual([1, 0.5, 1 / 3]);
  });

  it('zooms and pans on the epoch axis within the run, with a reset button that works once zoomed', async () => {
    const user = userEvent.setup();
    renderCharts([{ label: 'run', history: historyOf(5), bestEpoch: null }]);
    const zoom = charts.get('Loss')?.options?.plugins?.zoom;
    expect(zoom?.zoom).toMatchObject({ mode: 'x', drag: { enabled: true }, wheel: { enabled: true, modifierKey: 'ctrl' } });
    expect(zoom?.pan).toMatchObject({ enabled: true, mode: 'x', modifierKey: 'shift' });
    expect(zoom?.limits?.x).toMatchObject({ min: 'original', max: 'original' });
    // A zoomed axis ends at fractional epochs: only whole epochs are labelled.
    const tick = charts.get('Loss')?.options?.scales?.x?.ticks?.callback as unknown as (value: number) => string;
    expect([3.7, 4, 6.2].map(tick)).toEqual(['', '4', '']);
    const reset = screen.getByRole('button', { name: 'Reset zoom of Loss' });
    expect(reset).toBeDisabled();
    act(() => (zoom?.zoom?.onZoomComplete as unknown as () => void)());
    expect(reset).toBeEnabled();
    await user.click(reset);
    expect(resetZoom).toHaveBeenCalledTimes(1);
    expect(reset).toBeDisabled();
  });

  it('ends the epoch axis at the last epoch run when training stopped early', () => {
    renderCharts([{ label: 'run', history: historyOf(17, () => ({ epochs: 30 })), bestEpoch: 12 }]);
    for (const title of ['Loss', 'Accuracy / F1', 'Learning rate']) expect(charts.get(title)?.options?.scales?.x).toMatchObject({ min: 1, max: 17 });
  });

  it('draws rate charts on a log axis where a zero rate sits at the floor, labelled 0', async () => {
    const user = userEvent.setup();
    const history = historyOf(3, (epoch) => ({ fpr: epoch === 3 ? 0 : 0.05 / epoch }));
    renderCharts([{ label: 'run', history, bestEpoch: null }]);
    fireEvent.change(screen.getByRole('slider', { name: 'Smoothing' }), { target: { value: '0' } });
    const rates = charts.get('Error rates (FPR / FNR / EER)');
    expect(rates?.options?.scales?.y?.type).toBe('logarithmic');
    expect(charts.get('False accepts per hour')?.options?.scales?.y?.type).toBe('logarithmic');
    // Smallest positive value 0.025 (FPR at epoch 2): the floor is a decade under its decade.
    const floor = 0.001;
    expect(rates?.options?.scales?.y).toMatchObject({ min: floor, max: 1 });
    expect(datasets('Error rates (FPR / FNR / EER)')[0]?.data[2]).toEqual({ x: 3, y: floor, zero: true });
    const tick = rates?.options?.scales?.y?.ticks?.callback as unknown as (value: number) => string;
    expect([tick(floor), tick(0.01), tick(0.1)]).toEqual(['0', '1%', '10%']);
    const label = rates?.options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string;
    expect(label({ dataset: { label: 'FPR' }, parsed: { x: 3, y: floor }, raw: { x: 3, y: floor, zero: true } })).toBe('FPR: 0.0%');
    // Ticks are decades (1-2-5 on narrow ranges), never chart.js's crowded 1..9 per decade.
    const axis = { min: floor, max: 1, ticks: [] as { value: number }[] };
    (rates?.options?.scales?.y as unknown as { afterBuildTicks: (a: typeof axis) => void }).afterBuildTicks(axis);
    expect(axis.ticks.map((t) => t.value)).toEqual([0.001, 0.01, 0.1, 1]);
    // A zero is a hollow triangle, not a dot at a tiny value.
    const style = rates?.data.datasets[0]?.pointStyle as unknown as (ctx: { raw: unknown }) => string;
    expect(style({ raw: { x: 3, y: floor, zero: true } })).toBe('triangle');
    expect(style({ raw: { x: 2, y: 0.025 } })).toBe('circle');
    // Linear again on request: the zero is a plain 0.
    await user.click(screen.getByRole('checkbox', { name: 'Log scale for Error rates (FPR / FNR / EER)' }));
    expect(charts.get('Error rates (FPR / FNR / EER)')?.options?.scales?.y).toMatchObject({ type: 'linear', min: 0, max: 1 });
    expect(datasets('Error rates (FPR / FNR / EER)')[0]?.data[2]).toEqual({ x: 3, y: 0 });
  });

  it('gives each metric of a single run its own colour-blind-safe colour, validation dashed', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    const loss = charts.get('Loss')?.data.datasets ?? [];
    expect(loss.slice(0, 2).map((d) => [d.borderColor, d.borderDash])).toEqual([
      ['#0072B2', []],
      ['#D55E00', [6, 4]],
    ]);
    // All-validation charts draw solid lines in distinct colours.
    const rates = charts.get('Error rates (FPR / FNR / EER)')?.data.datasets ?? [];
    expect(rates.slice(0, 3).map((d) => [d.borderColor, d.borderDash])).toEqual([
      ['#0072B2', []],
      ['#D55E00', []],
      ['#009E73', []],
    ]);
  });
});
