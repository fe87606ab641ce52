import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunHistory } from '../../shared/core/training-view/chart-data';
import { TrainingCharts } from './training-charts';
import { charts, historyOf, metrics, toBase64Image } from './training-test-support';

vi.mock('react-chartjs-2', () => import('./training-test-support'));

type Point = { x: number; y: number | null };
const datasets = (label: string) => charts.get(label)?.data.datasets.map((d) => ({ label: d.label, data: d.data as unknown as Point[] })) ?? [];

function renderCharts(runs: readonly RunHistory[]) {
  return render(<TrainingCharts runs={runs} exportBase="20260101-demo" heading="Charts" />);
}

beforeEach(() => charts.clear());
afterEach(() => vi.restoreAllMocks());

describe('TrainingCharts', () => {
  it('draws loss, accuracy and FPR/FNR/F1 charts plus small LR and throughput charts', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: 2 }]);
    expect([...charts.keys()].sort()).toEqual(['Accuracy', 'FPR / FNR / F1', 'Learning rate', 'Loss', 'Throughput']);
    expect(datasets('Loss').map((d) => d.label)).toEqual(['Train loss', 'Validation loss', 'Best epoch 2']);
    expect(datasets('Loss')[1]?.data).toEqual([
      { x: 1, y: 1.2 },
      { x: 2, y: 0.6 },
      { x: 3, y: 1.2 / 3 },
    ]);
    // The best epoch is a single point on the validation series.
    expect(datasets('Loss')[2]?.data).toEqual([{ x: 2, y: 0.6 }]);
    expect(datasets('FPR / FNR / F1').map((d) => d.label)).toEqual(['FPR', 'FNR', 'F1', 'EER', 'Best epoch 2']);
    expect(datasets('Learning rate')[0]?.data[0]).toEqual({ x: 1, y: 0.003 });
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
    expect(loss?.data.datasets[0]?.pointRadius).toBe(0);
    // Downsampled to at most the display budget, the best epoch still there.
    expect(datasets('Loss')[1]?.data.length).toBeLessThanOrEqual(601);
    expect(datasets('Loss')[1]?.data.some((p) => p.x === 500)).toBe(true);
    expect(screen.getAllByText('downsampled for display').length).toBeGreaterThan(0);
  });

  it('switches the loss axis to a log scale and back', async () => {
    const user = userEvent.setup();
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('linear');
    await user.click(screen.getByRole('checkbox', { name: 'Log scale' }));
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('logarithmic');
    expect(charts.get('Accuracy')?.options?.scales?.y?.type).toBe('linear');
    await user.click(screen.getByRole('checkbox', { name: 'Log scale' }));
    expect(charts.get('Loss')?.options?.scales?.y?.type).toBe('linear');
    expect(charts.get('Loss')?.mounts).toBe(1);
  });

  it('formats tooltips by the chart’s unit', () => {
    renderCharts([{ label: 'run', history: historyOf(3), bestEpoch: null }]);
    const label = charts.get('Accuracy')?.options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string;
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
    expect(datasets('Loss').map((d) => d.label)).toEqual(['a · Train loss', 'a · Validation loss', 'b · Train loss', 'b · Validation loss', 'a · best epoch 3', 'b · best epoch 4']);
    const [aColor, bColor] = [charts.get('Loss')?.data.datasets[1]?.borderColor, charts.get('Loss')?.data.datasets[3]?.borderColor];
    expect(aColor).not.toEqual(bColor);
    // A comparison has no single history to export.
    expect(screen.queryByRole('button', { name: 'Export history as CSV' })).toBeNull();
  });
});
