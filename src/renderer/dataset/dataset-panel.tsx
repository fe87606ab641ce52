import { PanelFrame } from '../app/panel-placeholder';

export function DatasetPanel() {
  return (
    <PanelFrame
      title="Dataset"
      intro="Pick a workspace folder, scan data/raw/{positive, negative, hard_negative, background, rirs}, review its health and split it into train, validation and test sets."
    >
      <p className="panel__pending">Workspace scanning arrives with the dataset feature.</p>
    </PanelFrame>
  );
}
