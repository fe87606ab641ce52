import { PanelFrame } from '../app/panel-placeholder';

export function EvaluationPanel() {
  return (
    <PanelFrame title="Evaluation" intro="Measure a trained model on the test split: FRR, false accepts per hour, ROC and DET curves, per-file results and a live microphone test.">
      <p className="panel__pending">Evaluation arrives once a model can be trained.</p>
    </PanelFrame>
  );
}
