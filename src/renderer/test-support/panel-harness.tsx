import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { RunSummary } from '../../shared/run-meta';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from './fake-api';

/** A completed run as `training:runs` lists it; only runs with a best model can be evaluated or exported. */
export function fakeRun(id: string, best: boolean): RunSummary {
  return {
    id,
    dir: `/ws/runs/${id}`,
    meta: {
      id,
      name: id,
      status: 'completed',
      createdAt: '2025-01-01T00:00:00.000Z',
      preset: 'fast',
      backend: null,
      versions: {},
      datasetHash: null,
      epochs: 3,
      lastEpoch: 3,
      best: best ? { epoch: 3, valLoss: 0.2, valAcc: 0.9, recallAtTarget: 0.9, threshold: 0.5, fah: 1, path: `/ws/runs/${id}/best` } : null,
    },
  };
}

/**
 * A `setup(responders)` for a panel's tests: renders the panel against a fake main answering with `base`,
 * overridden per test by `responders`, and returns the fake (its calls, and `emit` for events).
 */
export function panelSetup(panel: () => ReactElement, base: FakeResponders): (responders?: FakeResponders) => ReturnType<typeof createFakeApi> {
  return (responders = {}) => {
    const fake = createFakeApi({ ...base, ...responders });
    render(<ApiProvider api={fake.api}>{panel()}</ApiProvider>);
    return fake;
  };
}
