/**
 * The `config:*` requests: presets (built-in + user), resolution, validation, estimates, saved configs in
 * the workspace, and the per-workspace current config the Training panel starts from.
 */
import type { BackendId } from '../../shared/contract/backend-choices';
import type {
  CurrentConfig,
  EstimateResult,
  LoadedConfig,
  SavedConfig,
  SavedConfigSummary,
} from '../../shared/contract/config-contract';
import { estimateConfig } from '../../shared/config/estimate';
import { migrateConfig } from '../../shared/config/migrations';
import { BUILT_IN_PRESETS, DEFAULT_PRESET, parsePreset, type Preset } from '../../shared/config/presets';
import { checkConfig, formatIssue, type ValidationResult } from '../../shared/config/validate';
import type { EventBus } from '../event-bus';
import type { JsonStore, OpenedStore } from '../../node/settings-store';
import { listConfigFiles, loadConfigFile, saveConfigFile } from '../../node/config/config-files';
import { ConfigStateStore, NO_WORKSPACE } from '../../node/config/config-state-store';
import { loadBuiltInPresets } from '../../node/config/preset-files';
import { resolveConfig, type ResolvedConfig } from '../../node/config/resolve-config';

export interface ConfigServiceOptions {
  readonly presetsDir: string;
  /** Opened lazily by the host; a corrupt file has already been moved aside (its warning is reported). */
  readonly store: Promise<OpenedStore<JsonStore>>;
  readonly workspace: () => string | null;
  readonly bus: EventBus;
  /** Training clips in the current dataset's split, once the dataset feature knows it. */
  readonly trainClips?: () => Promise<number | null>;
  /** What `auto` resolves to on this machine, for time estimates. */
  readonly autoBackend?: () => Promise<BackendId>;
}

type Json = Record<string, unknown>;

export interface ConfigService {
  presets(): Promise<readonly Preset[]>;
  savePreset(args: { name: string; description: string; config: Json }): Promise<Preset>;
  deletePreset(args: { name: string }): Promise<readonly Preset[]>;
  resolve(args: { preset?: string; config?: Json; sets?: readonly string[]; trainClips?: number }): Promise<ResolvedConfig>;
  validate(args: { config: Json; trainClips?: number }): Promise<ValidationResult>;
  estimate(args: { config: Json; trainClips?: number }): Promise<EstimateResult>;
  save(args: { name: string; config: Json; overwrite?: boolean }): Promise<SavedConfig>;
  load(args: { name: string }): Promise<LoadedConfig>;
  list(): Promise<readonly SavedConfigSummary[]>;
  currentGet(): Promise<CurrentConfig>;
  currentSet(args: { preset: string | null; name?: string | null; config: Json }): Promise<CurrentConfig>;
}

export function createConfigService(options: ConfigServiceOptions): ConfigService {
  let builtIn: Promise<readonly Preset[]> | null = null;
  const state = options.store.then(({ store, warning }) => ({ store: new ConfigStateStore(store), warning }));

  const builtInPresets = (): Promise<readonly Preset[]> => {
    builtIn ??= loadBuiltInPresets(options.presetsDir).then(({ presets, problems }) => {
      if (presets.length === 0) throw new Error(`no usable presets in ${options.presetsDir}: ${problems.join('; ')}`);
      return presets;
    });
    return builtIn;
  };

  const allPresets = async (): Promise<readonly Preset[]> => {
    const { store } = await state;
    const user = Object.entries(store.userPresets()).flatMap(([name, stored]) => {
      const parsed = parsePreset(name, { ...stored.config, description: stored.description }, false);
      if ('preset' in parsed) return [parsed.preset];
      store.problems.add(parsed.error);
      return [];
    });
    return [...(await builtInPresets()), ...user];
  };

  const knownTrainClips = async (given: number | undefined): Promise<number | null> => given ?? (options.trainClips ? await options.trainClips() : null);

  const requireWorkspace = (): string => {
    const workspace = options.workspace();
    if (workspace === null) throw new Error('no workspace is open: open a workspace folder first (configs are saved in <workspace>/configs)');
    return workspace;
  };

  const current = async (): Promise<CurrentConfig> => {
    const { store, warning } = await state;
    const workspace = options.workspace();
    const stored = store.getCurrent(workspace ?? NO_WORKSPACE);
    let draft: Json;
    let preset: string | null = stored ? stored.preset : DEFAULT_PRESET;
    if (stored) {
      try {
        draft = migrateConfig(stored.config).config;
      } catch {
        draft = stored.config;
      }
    } else {
      const presets = await builtInPresets();
      const fallback = presets.find((p) => p.name === DEFAULT_PRESET) ?? presets[0];
      if (!fallback) throw new Error('no presets available');
      preset = fallback.name;
      const { description: _description, ...config } = fallback.config;
      draft = config;
    }
    const trainClips = await knownTrainClips(undefined);
    const validation = checkConfig(draft, { trainClips });
    return {
      workspace,
      preset,
      name: stored?.name ?? null,
      config: draft,
      validation,
      trainClips,
      storeWarnings: [...(warning ? [warning] : []), ...store.problems],
    };
  };

  return {
    presets: allPresets,

    async savePreset({ name, description, config }) {
      if ((BUILT_IN_PRESETS as readonly string[]).includes(name)) throw new Error(`${name} is a built-in preset; choose another name`);
      const parsed = parsePreset(name, { ...config, description }, false);
      if ('error' in parsed) throw new Error(parsed.error);
      const { description: _d, ...stored } = parsed.preset.config;
      (await state).store.saveUserPreset(name, { description, config: stored });
      return parsed.preset;
    },

    async deletePreset({ name }) {
      if (!(await state).store.deleteUserPreset(name)) throw new Error(`no user preset named ${name}`);
      return allPresets();
    },

    async resolve(args) {
      return resolveConfig(
        {
          ...(args.preset === undefined ? {} : { preset: args.preset }),
          ...(args.config === undefined ? {} : { configValue: args.config }),
          sets: args.sets ?? [],
          trainClips: await knownTrainClips(args.trainClips),
        },
        await allPresets(),
      );
    },

    async validate({ config, trainClips }) {
      return checkConfig(config, { trainClips: await knownTrainClips(trainClips) });
    },

    async estimate({ config, trainClips }) {
      const clips = await knownTrainClips(trainClips);
      const result = checkConfig(config, { trainClips: clips });
      if (!result.config) return { ok: false, errors: result.errors, estimate: null, trainClips: clips };
      const autoBackend = options.autoBackend ? await options.autoBackend() : undefined;
      const estimate = estimateConfig(result.config, { trainClips: clips, ...(autoBackend ? { autoBackend } : {}) });
      return { ok: true, errors: [], estimate, trainClips: clips };
    },

    async save({ name, config, overwrite }) {
      const workspace = requireWorkspace();
      const result = checkConfig(config);
      if (!result.config) throw new Error(`not saved, the config is invalid: ${result.errors.map(formatIssue).join('; ')}`);
      return saveConfigFile(workspace, name, result.config, overwrite ?? true);
    },

    load: async ({ name }) => loadConfigFile(requireWorkspace(), name),

    async list() {
      const workspace = options.workspace();
      return workspace === null ? [] : listConfigFiles(workspace);
    },

    currentGet: current,

    async currentSet({ preset, name, config }) {
      const { store } = await state;
      const workspace = options.workspace();
      store.setCurrent(workspace ?? NO_WORKSPACE, { preset, name: name ?? null, config, updatedAt: new Date().toISOString() });
      const next = await current();
      options.bus.emit('config:current-changed', next);
      return next;
    },
  };
}
