import { PanelFrame } from '../app/panel-placeholder';

export function ExportPanel() {
  return (
    <PanelFrame title="Export" intro="Export a trained model as TensorFlow.js or ONNX, with the exact front-end definition and threshold beside it.">
      <p className="panel__pending">Export arrives once a model can be trained.</p>
    </PanelFrame>
  );
}
