import { useCallback, useEffect, useRef } from 'react';
import { PanelFrame } from '../app/panel-placeholder';
import { HealthReportView } from './health-report-view';
import { ImportSection } from './import-section';
import { RecordSection } from './record-section';
import { ScanSection } from './scan-section';
import { SplitSection } from './split-section';
import { SynthSection } from './synth-section';
import { useDataset } from './use-dataset';
import { WorkspaceChooser } from './workspace-chooser';
import './dataset.css';

export function DatasetPanel() {
  const [state, actions] = useDataset();
  const workspace = state.overview?.workspace ?? null;
  const ready = workspace !== null && workspace.exists;
  // Takes arrive every few seconds: one rescan at a time, and one more after it if takes came meanwhile.
  const rescanPending = useRef(false);
  const { scanning } = state;
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
      intro="Pick a workspace folder (or create a demo one), record your own voice, add audio by drag-and-drop or speech synthesis, scan data/raw/{positive, negative, hard_negative, background, rirs}, review its health and split it into train, validation and test sets."
    >
      <WorkspaceChooser status={workspace} />
      {state.error && (
        <p role="alert" className="banner banner--warning">
          {state.error}
        </p>
      )}
      <p aria-live="polite" className="visually-hidden">
        {state.notice}
      </p>
      <RecordSection canRecord={ready} defaultPhrase={state.overview?.synthPhrase ?? null} onChanged={onRecorded} />
      <ImportSection canImport={ready} onImported={actions.scan} />
      <SynthSection canSynthesize={ready} onSynthesized={actions.scan} />
      <ScanSection
        summary={state.scan}
        progress={state.progress}
        scanning={state.scanning}
        canScan={ready}
        onScan={actions.scan}
        onCancel={actions.cancelScan}
      />
      {state.scan && <HealthReportView report={state.scan.health} />}
      <SplitSection summary={state.split} canSplit={ready && state.scan !== null} splitting={state.splitting} onSplit={actions.split} />
    </PanelFrame>
  );
}
