/** Shared by the Training panel's component tests: a chart.js stand-in (jsdom has no canvas) and fixtures. */
import type { ChartData, ChartOptions } from 'chart.js';
import { forwardRef, useEffect, useImperativeHandle } from 'react';
import { vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import type { CurrentConfig } from '../../shared/contract/config-contract';
import { historyOf } from '../../shared/core/training-view/test-history';
import { IDLE_STATUS, type TrainingStatus } from '../../shared/training-status';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';

export interface ChartRecord {
  readonly label: string;
  data: ChartData<'line'>;
  options: ChartOptions<'line'> | undefined;
  mounts: number;
  unmounts: number;
  renders: number;
}

/** One record per chart (by aria-label prefix), updated on every render, so tests see what chart.js would get. */
export const charts = new Map<string, ChartRecord>();
export const toBase64Image = vi.fn(() => 'data:image/png;base64,AAAA');
export const resetZoom = vi.fn();

type MockProps = { readonly data: ChartData<'line'>; readonly options?: ChartOptions<'line'>; readonly 'aria-label'?: string };

export const Line = forwardRef<unknown, MockProps>(function MockLine(props, ref) {
  const label = (props['aria-label'] ?? '').replace(/ chart,.*$/, '');
  const record = charts.get(label) ?? { label, data: props.data, options: props.options, mounts: 0, unmounts: 0, renders: 0 };
  record.data = props.data;
  record.options = props.options;
  record.renders++;
  charts.set(label, record);
  useImperativeHandle(ref, () => ({ toBase64Image, resetZoom }));
  useEffect(() => {
    const mounted = charts.get(label);
    if (mounted) mounted.mounts++;
    return () => {
      if (mounted) mounted.unmounts++;
    };
  }, [label]);
  return <canvas role="img" aria-label={props['aria-label']} />;
});

/** The same EpochMetrics fixtures the training-view unit tests use. */
export { epochMetrics as metrics, historyOf } from '../../shared/core/training-view/test-history';

export function runningStatus(overrides: Partial<TrainingStatus> = {}): TrainingStatus {
  return {
    ...IDLE_STATUS,
    state: 'running',
    runDir: '/ws/runs/20260101-120000-demo',
    startedAt: '2026-01-01T12:00:00.000Z',
    backend: { id: 'wasm', reason: 'WebAssembly with SIMD', skipped: [] },
    phase: 'training',
    history: historyOf(2),
    batch: { epoch: 3, epochs: 10, batch: 5, batches: 10, loss: 0.25, samplesPerSec: 250 },
    ...overrides,
  };
}

export function currentConfig(errors: CurrentConfig['validation']['errors'] = []): CurrentConfig {
  return {
    workspace: '/ws',
    preset: 'fast',
    name: null,
    config: {},
    validation: { ok: errors.length === 0, config: null, errors, warnings: [] },
    trainClips: 33,
    storeWarnings: [],
  };
}

/** A fake api with everything the Training panel asks for on mount; `responders` override. */
export function trainingApi(responders: FakeResponders = {}) {
  return createFakeApi({
    'settings:get': () => ({ ...DEFAULT_SETTINGS, workspace: '/ws' }),
    'config:current-get': () => currentConfig(),
    'training:status': () => IDLE_STATUS,
    'training:runs': () => [],
    'gpu:last': () => ({ available: false, reason: 'nvidia-smi was not found on PATH', time: '2026-01-01T00:00:00.000Z' }),
    ...responders,
  });
}
