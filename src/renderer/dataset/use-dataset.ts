import { useCallback, useEffect, useRef, useState, type SetStateAction } from 'react';
import type { DatasetOverview, ScanProgress, ScanSummary, SplitSummary } from '../../shared/core/dataset/dataset-types';
import type { GroupBy } from '../../shared/core/dataset/manifest';
import type { SplitRatios } from '../../shared/core/dataset/split';
import { useApi } from '../app/api-context';
import { errorMessage } from './format';

export interface DatasetState {
  readonly overview: DatasetOverview | null;
  readonly scan: ScanSummary | null;
  readonly split: SplitSummary | null;
  readonly progress: ScanProgress | null;
  readonly scanning: boolean;
  readonly splitting: boolean;
  readonly error: string | null;
  /** A short "what just happened" line for screen readers (announced politely). */
  readonly notice: string | null;
}

export interface DatasetActions {
  readonly refresh: () => void;
  readonly scan: () => void;
  readonly cancelScan: () => void;
  readonly split: (options: { ratios: SplitRatios; seed: number; groupBy: GroupBy }) => void;
  readonly setError: (message: string | null) => void;
}

/** The Dataset panel's state: the overview of the open workspace, plus scan and split in flight. */
export function useDataset(): [DatasetState, DatasetActions] {
  const api = useApi();
  const [state, setLiveState] = useState<DatasetState>({
    overview: null,
    scan: null,
    split: null,
    progress: null,
    scanning: false,
    splitting: false,
    error: null,
    notice: null,
  });
  // A scan or split can outlive the panel (switching tabs unmounts it): its answer must not set state then.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const setState = useCallback((update: SetStateAction<DatasetState>) => {
    if (mounted.current) setLiveState(update);
  }, []);

  const refresh = useCallback(() => {
    api.invoke('dataset:overview').then(
      (overview) => setState((s) => ({ ...s, overview, scan: overview.scan, split: overview.split })),
      (error: unknown) => setState((s) => ({ ...s, error: errorMessage(error) })),
    );
  }, [api, setState]);

  /** Only the overview (what is out of date), keeping the scan or split an action just returned. */
  const reloadOverview = useCallback(() => {
    api.invoke('dataset:overview').then(
      (overview) => setState((s) => ({ ...s, overview })),
      () => undefined,
    );
  }, [api, setState]);

  useEffect(() => {
    refresh();
    const offSettings = api.on('settings:changed', refresh);
    const offProgress = api.on('dataset:scan-progress', (progress) => setState((s) => ({ ...s, progress })));
    // data/raw changed (synthesis, "Add to hard_negative", a file manager): the overview says what is out of date.
    const offChanged = api.on('dataset:changed', refresh);
    return () => {
      offSettings();
      offProgress();
      offChanged();
    };
  }, [api, refresh, setState]);

  const scan = useCallback(() => {
    setState((s) => ({ ...s, scanning: true, error: null, notice: null, progress: null }));
    api.invoke('dataset:scan').then(
      (outcome) => {
        // The overview says what is still out of date (the split, after a rescan).
        reloadOverview();
        setState((s) =>
          outcome.status === 'completed'
            ? { ...s, scanning: false, scan: outcome.summary, notice: `Scan finished: ${outcome.summary.totalFiles} audio files.` }
            : { ...s, scanning: false, notice: 'Scan cancelled.' },
        );
      },
      (error: unknown) => setState((s) => ({ ...s, scanning: false, error: errorMessage(error) })),
    );
  }, [api, reloadOverview, setState]);


  const cancelScan = useCallback(() => {
    void api.invoke('dataset:cancel-scan');
  }, [api]);

  const split = useCallback<DatasetActions['split']>(
    (options) => {
      setState((s) => ({ ...s, splitting: true, error: null, notice: null }));
      api.invoke('dataset:split', { ratios: [...options.ratios] as [number, number, number], seed: options.seed, groupBy: options.groupBy }).then(
        (summary) => {
          reloadOverview();
          setState((s) => ({ ...s, splitting: false, split: summary, notice: 'Split written to data/splits.' }));
        },
        (error: unknown) => setState((s) => ({ ...s, splitting: false, error: errorMessage(error) })),
      );
    },
    [api, reloadOverview, setState],
  );

  const setError = useCallback((error: string | null) => setState((s) => ({ ...s, error })), [setState]);

  return [state, { refresh, scan, cancelScan, split, setError }];
}
