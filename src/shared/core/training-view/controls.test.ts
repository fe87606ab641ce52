import { describe, expect, it } from 'vitest';
import { TRAINING_STATES } from '../../training-status';
import { controlsView, type ControlContext } from './controls';

const ready: ControlContext = { state: 'idle', workspace: '/ws', configErrors: [], busy: false };

describe('controlsView', () => {
  it('enables Start only when idle or finished, with a workspace and a valid config', () => {
    for (const state of TRAINING_STATES) {
      const view = controlsView({ ...ready, state });
      expect(view.canStart, state).toBe(['idle', 'completed', 'stopped', 'failed'].includes(state));
    }
  });

  it('says why Start is disabled and which panel fixes it', () => {
    expect(controlsView({ ...ready, workspace: null })).toMatchObject({ canStart: false, fixIn: 'dataset', startBlocked: expect.stringContaining('No workspace is open') });
    expect(controlsView({ ...ready, configErrors: ['training.epochs: must be at least 1'] })).toMatchObject({
      canStart: false,
      fixIn: 'configuration',
      startBlocked: 'The configuration is not valid: training.epochs: must be at least 1',
    });
    expect(controlsView({ ...ready, configErrors: null })).toMatchObject({ canStart: false, fixIn: null });
    expect(controlsView({ ...ready, state: 'running' }).startBlocked).toContain('is running');
  });

  it('offers Pause while running, Resume while paused, and Stop while a run is live', () => {
    expect(controlsView({ ...ready, state: 'running' })).toMatchObject({ pauseLabel: 'Pause training', canPauseOrResume: true, canStop: true });
    expect(controlsView({ ...ready, state: 'paused' })).toMatchObject({ pauseLabel: 'Resume training', canPauseOrResume: true, canStop: true });
    expect(controlsView({ ...ready, state: 'starting' })).toMatchObject({ canPauseOrResume: false, canStop: true });
    expect(controlsView({ ...ready, state: 'stopping' })).toMatchObject({ canPauseOrResume: false, canStop: false });
    expect(controlsView({ ...ready, state: 'completed' })).toMatchObject({ canPauseOrResume: false, canStop: false, canResumeCheckpoint: true });
  });

  it('disables everything while a request is in flight', () => {
    const view = controlsView({ ...ready, state: 'running', busy: true });
    expect([view.canStart, view.canPauseOrResume, view.canStop, view.canResumeCheckpoint]).toEqual([false, false, false, false]);
  });
});
