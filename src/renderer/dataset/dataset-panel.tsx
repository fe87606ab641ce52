import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { PanelFrame } from '../app/panel-placeholder';
import { useCurrentConfig } from '../configuration/use-current-config';
import { configSplitRatios, sameRatios } from '../../shared/core/dataset/config-split';
import type { SplitRatios } from '../../shared/core/dataset/split';
import type { DatasetFreshness } from '../../shared/core/dataset/dataset-types';
import type { GroupBy } from '../../shared/core/dataset/manifest';
import { HealthReportView } from './health-report-view';
import { ImportSection } from './import-section';
import { RecordSection } from './record-section';
import { ScanSection } from './scan-section';
import { SplitSection } from './split-section';
import { SynthSection } from './synth-section';
import { useDataset } from './use-dataset';
import { WorkspaceChooser } from './workspace-chooser';
import './dataset.css';

/** data/raw changed after the last scan or split: say so, with the one click that brings it up to date. */
function StaleNotice({
  freshness,
  busy,
  onRescan,
  onResplit,
}: {
  readonly freshness: DatasetFreshness | null;
  readonly busy: boolean;
  readonly onRescan: () => void;
  readonly onResplit: (() => void) | null;
}) {
  if (!freshness || busy) return null;
  if (freshness.scanStale) {
    return (
      <p role="note" className="banner banner--warning" data-testid="dataset-stale">
        data/raw changed after the last scan: the counts and the split below are out of date.{' '}
        <button type="button" onClick={onRescan}>
          Rescan now
        </button>
      </p>
    );
  }
  if (freshness.splitStale && onResplit) {
    return (
      <p role="note" className="banner banner--warning" data-testid="dataset-stale">
        data/raw changed after the last split: training would use the old split and leave the new clips out.{' '}
        <button type="button" onClick={onResplit}>
          Split again
        </button>
      </p>
    );
  }
  return null;
}

export function DatasetPanel() {
  const [state, actions] = useDataset();
  const api = useApi();
  const current = useCurrentConfig();
  const configRatios = current ? configSplitRatios(current.config) : null;
  const { split } = actions;
  // One source of truth for the ratios: a split with other ratios first writes them into the current configuration.
  const onSplit = useCallback(
    (options: { ratios: SplitRatios; seed: number; groupBy: GroupBy }) => {
      const [train, validation, test] = options.ratios;
      const save =
        current && !sameRatios(configRatios, options.ratios)
          ? api.invoke('config:current-set', { preset: current.preset, name: current.name, config: { ...current.config, split: { train, validation, test } } })
          : Promise.resolve(null);
      void save.then(
        () => split(options),
        () => split(options),
      );
    },
    [api, current, configRatios, split],
  );
  const workspace = state.overview?.workspace ?? null;
  const ready = workspace !== null && workspace.exists;
  // Takes arrive every few seconds: one rescan at a time, and one more after it if takes came meanwhile.
  const rescanPending = useRef(false);
  const { scanning } = state;
  const lastSplit = state.split;
  const { scan } = actions;
  const onRecorded = useCallback(() => {
    if (scanning) rescanPending.current = true;
    else scan();
  }, [scanning, scan]);
  useEffect(() => {
    if (scanning || !rescanPending.current) return;
    rescanPending.current = false;
    scan();
  }, [scanning, scan]);
  return (
    <PanelFrame
      title="Dataset"
      intro="Pick a workspace folder (or create a demo one), scan data/raw/{positive, negative, hard_negative, background, rirs}, review its health and split it into train, validation and test sets; then add audio by drag-and-drop, speech synthesis or your own voice, and rescan."
    >
      <WorkspaceChooser status={workspace} />
      <ErrorNotice text={state.error} onDismiss={() => actions.setError(null)} />
      <p aria-live="polite" className="visually-hidden">
        {state.notice}
      </p>
      {/* Workflow order: what is there (scan, health), how it is split, then ways to add more data. */}
      <ScanSection
        summary={state.scan}
        progress={state.progress}
        scanning={state.scanning}
        canScan={ready}
        onScan={actions.scan}
        onCancel={actions.cancelScan}
      />
      <StaleNotice
        freshness={state.overview?.freshness ?? null}
        busy={state.scanning || state.splitting}
        onRescan={actions.scan}
        onResplit={lastSplit ? () => onSplit({ ratios: configRatios ?? lastSplit.ratios, seed: lastSplit.seed, groupBy: lastSplit.groupBy }) : null}
      />
      {state.scan && <HealthReportView report={state.scan.health} />}
      <SplitSection summary={state.split} canSplit={ready && state.scan !== null} splitting={state.splitting} scanning={state.scanning} onSplit={onSplit} configRatios={configRatios} />
      <h3 className="dataset__group-heading">Add data</h3>
      <ImportSection canImport={ready} onImported={actions.scan} />
      <SynthSection canSynthesize={ready} onSynthesized={actions.scan} defaultPhrase={state.overview?.synthPhrase ?? null} />
      <RecordSection canRecord={ready} defaultPhrase={state.overview?.synthPhrase ?? null} onChanged={onRecorded} />
    </PanelFrame>
  );
}
