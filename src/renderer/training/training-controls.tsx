import { useId, useState } from 'react';
import type { RequestName } from '../../shared/contract/api';
import { controlsView } from '../../shared/core/training-view/controls';
import { isActive, type TrainingStartResult, type TrainingState } from '../../shared/training-status';
import { useApi } from '../app/api-context';
import { FixInButton } from './fix-in-button';
import { SplitFreshnessNote } from './split-freshness-note';
import type { TrainingContext } from './use-training-context';
import { errorMessage } from '../../shared/error-message';

type Notice = { readonly text: string; readonly fixIn: 'dataset' | 'configuration' | null } | null;

const RUN_NAME_MAX = 60;

/** Start, Pause/Resume and Stop, with the reason whenever Start cannot be used. */
export function TrainingControls({ state, context }: { readonly state: TrainingState; readonly context: TrainingContext }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [runName, setRunName] = useState('');
  const runNameId = useId();
  const hintId = useId();
  const view = controlsView({ state, workspace: context.workspace, configErrors: context.configErrors, busy });
  const trimmed = runName.trim();
  const nameProblem = trimmed.length > RUN_NAME_MAX ? `The run name has ${String(trimmed.length)} characters; at most ${String(RUN_NAME_MAX)} are allowed.` : null;

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setNotice({ text: errorMessage(error), fixIn: null });
    } finally {
      setBusy(false);
    }
  };

  const showRefusal = (result: TrainingStartResult): void => {
    if (!result.started) setNotice({ text: result.reason, fixIn: result.fixIn });
  };

  const start = (): Promise<void> =>
    run(async () => {
      showRefusal(await api.invoke('training:start', trimmed ? { runName: trimmed } : {}));
    });

  const simple = (name: Extract<RequestName, 'training:pause' | 'training:resume' | 'training:stop'>) => (): Promise<void> =>
    run(async () => {
      await api.invoke(name);
    });

  const blocked = view.startBlocked ?? nameProblem;
  // While a run is live the state itself says why Start is off; the hint is for what the user must fix.
  const showHint = blocked !== null && !isActive(state);
  return (
    <section aria-label="Training controls" className="card training-controls">
      <div className="training-controls__row">
        <label htmlFor={runNameId}>Run name</label>
        <input
          id={runNameId}
          type="text"
          value={runName}
          placeholder="optional, e.g. more-negatives"
          maxLength={RUN_NAME_MAX + 20}
          aria-invalid={nameProblem !== null}
          onChange={(event) => setRunName(event.target.value)}
        />
        <button type="button" className="training-button training-button--primary" disabled={!view.canStart || nameProblem !== null} aria-describedby={showHint ? hintId : undefined} onClick={() => void start()}>
          Start training
        </button>
        <button type="button" className="training-button" disabled={!view.canPauseOrResume} onClick={() => void simple(state === 'paused' ? 'training:resume' : 'training:pause')()}>
          {view.pauseLabel}
        </button>
        <button type="button" className="training-button training-button--danger" disabled={!view.canStop} onClick={() => void simple('training:stop')()} title="Stops after the current batch and keeps the best model">
          Stop training
        </button>
      </div>
      {showHint && (
        <p id={hintId} className="training-controls__hint">
          {blocked} {view.fixIn && <FixInButton panel={view.fixIn} />}
        </p>
      )}
      {!isActive(state) && <SplitFreshnessNote />}
      {context.loadError && <p role="alert">Could not read the workspace or configuration: {context.loadError}</p>}
      {notice && (
        <div role="alert" className="banner training-alert training-controls__notice">
          <span>{notice.text}</span> {notice.fixIn && <FixInButton panel={notice.fixIn} />}
        </div>
      )}
    </section>
  );
}
