/** The `training:*` requests: turn the UI's intent into a TrainingService call with the right config. */
import type { ParsedArgs } from '../../shared/contract/api';
import type { BackendChoice } from '../../shared/contract/backend-choices';
import type { TrainingStartResult } from '../../shared/training-status';
import type { ConfigService } from '../config/config-service';
import type { SettingsService } from '../settings-service';
import { TrainingStartError, type TrainingService } from './training-service';

export interface TrainingRequestDeps {
  readonly training: TrainingService;
  readonly config: ConfigService;
  readonly settings: SettingsService;
}

function refused(error: unknown): TrainingStartResult {
  if (error instanceof TrainingStartError) return { started: false, reason: error.message, fixIn: error.fixIn };
  throw error;
}

function requireWorkspace(settings: SettingsService): string {
  const workspace = settings.get().workspace;
  if (!workspace) throw new TrainingStartError('No workspace is open: choose a workspace folder in the Dataset panel first.', 'dataset');
  return workspace;
}

export async function startTraining(deps: TrainingRequestDeps, args: ParsedArgs<'training:start'>): Promise<TrainingStartResult> {
  try {
    const workspace = requireWorkspace(deps.settings);
    const backend: BackendChoice = args.backend ?? deps.settings.get().backend;
    let config: unknown;
    let preset: string | null;
    if (args.config !== undefined || args.preset !== undefined || args.sets !== undefined) {
      const resolved = await deps.config.resolve({
        ...(args.preset === undefined ? {} : { preset: args.preset }),
        ...(args.config === undefined ? {} : { config: args.config }),
        ...(args.sets === undefined ? {} : { sets: args.sets }),
      });
      if (!resolved.ok) throw new TrainingStartError(`The configuration is not valid: ${resolved.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, 'configuration');
      config = resolved.config;
      preset = resolved.preset;
    } else {
      // The panel's current config, exactly as the Configuration panel shows it.
      const current = await deps.config.currentGet();
      config = current.config;
      preset = current.preset;
    }
    const status = await deps.training.start({ workspace, config, preset, backend, ...(args.runName ? { runName: args.runName } : {}) });
    return { started: true, status };
  } catch (error) {
    return refused(error);
  }
}

export async function resumeRun(deps: TrainingRequestDeps, args: ParsedArgs<'training:resume-run'>): Promise<TrainingStartResult> {
  try {
    const workspace = requireWorkspace(deps.settings);
    const status = await deps.training.resume(workspace, args.id, args.checkpoint ?? null, deps.settings.get().backend);
    return { started: true, status };
  } catch (error) {
    return refused(error);
  }
}
