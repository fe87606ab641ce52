/** Which training controls are usable in each state, and why Start is not. */
import { isActive, type TrainingState } from '../../training-status';

export interface ControlContext {
  readonly state: TrainingState;
  /** Null while unknown (still loading). */
  readonly workspace: string | null | undefined;
  /** Null while unknown; otherwise the validation errors of the current config, as text. */
  readonly configErrors: readonly string[] | null;
  /** A request from this panel is in flight. */
  readonly busy: boolean;
}

export interface ControlsView {
  readonly canStart: boolean;
  /** Why Start is disabled, in words a user can act on; null when it is enabled. */
  readonly startBlocked: string | null;
  /** Which panel fixes what blocks Start. */
  readonly fixIn: 'dataset' | 'configuration' | null;
  readonly pauseLabel: 'Pause training' | 'Resume training';
  readonly canPauseOrResume: boolean;
  readonly canStop: boolean;
  readonly canResumeCheckpoint: boolean;
}

export function controlsView(context: ControlContext): ControlsView {
  const { state, workspace, configErrors, busy } = context;
  const active = isActive(state);
  let startBlocked: string | null = null;
  let fixIn: ControlsView['fixIn'] = null;
  if (active) startBlocked = `A training run is ${state}: stop it before starting another.`;
  else if (workspace === undefined || configErrors === null) startBlocked = 'Checking the workspace and configuration…';
  else if (workspace === null) {
    startBlocked = 'No workspace is open: choose a workspace folder in the Dataset panel first.';
    fixIn = 'dataset';
  } else if (configErrors.length > 0) {
    startBlocked = `The configuration is not valid: ${configErrors.join('; ')}`;
    fixIn = 'configuration';
  }
  return {
    canStart: startBlocked === null && !busy,
    startBlocked,
    fixIn,
    pauseLabel: state === 'paused' ? 'Resume training' : 'Pause training',
    canPauseOrResume: !busy && (state === 'running' || state === 'paused'),
    canStop: !busy && (state === 'starting' || state === 'running' || state === 'paused'),
    canResumeCheckpoint: !busy && !active && typeof workspace === 'string',
  };
}
