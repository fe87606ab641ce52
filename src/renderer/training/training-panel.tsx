import type { AppInfo } from '../../shared/api';
import { PanelFrame } from '../app/panel-placeholder';
import type { Loadable } from '../app/use-app-info';
import { BackendSettings } from './backend-settings';

export function TrainingPanel({ info }: { readonly info: Loadable<AppInfo> }) {
  return (
    <PanelFrame title="Training" intro="Start, pause and stop training; watch loss, accuracy and false-accept rates live; keep the best model.">
      {info.state === 'ready' && <BackendSettings info={info.value} />}
      <p className="panel__pending">The training loop arrives with the trainer feature.</p>
    </PanelFrame>
  );
}
