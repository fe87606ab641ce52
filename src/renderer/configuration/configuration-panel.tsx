import { PanelFrame } from '../app/panel-placeholder';

export function ConfigurationPanel() {
  return (
    <PanelFrame title="Configuration" intro="Choose a preset, adjust features, augmentation, model, optimiser and loss, validate and save the training configuration.">
      <p className="panel__pending">Presets and the configuration editor arrive with the configuration feature.</p>
    </PanelFrame>
  );
}
