import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BackendId } from '../../shared/api';
import type { CurrentConfig, SavedConfigSummary } from '../../shared/config/contract';
import type { Architecture } from '../../shared/config/schema';
import { estimateConfig } from '../../shared/config/estimate';
import { FIELD_SPECS, getAtPath, setAtPath } from '../../shared/config/fields';
import { diffConfigs, type Preset } from '../../shared/config/presets';
import { checkConfig, formatIssue, type ConfigIssue } from '../../shared/config/validate';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';
import { configSplitRatios, sameRatios } from '../../shared/core/dataset/config-split';
import { useApi } from '../app/api-context';
import { PanelFrame } from '../app/panel-placeholder';
import { ConfigField } from './config-field';
import { ConfirmPrompt } from './confirm-prompt';
import { DiffView } from './diff-view';
import { EstimatesView } from './estimates-view';
import { FIELD_LABELS, FORM_GROUPS, type FormSection } from './form-layout';
import { UserPresets } from './user-presets';
import './configuration.css';
import { errorMessage } from '../../shared/error-message';

type Json = Record<string, unknown>;
/** Edits are sent to main after this pause, so typing does not flood the store. */
const PERSIST_DELAY_MS = 300;

interface Draft {
  readonly config: Json;
  readonly preset: string | null;
  readonly name: string | null;
}

type Status = { readonly kind: 'info' | 'error'; readonly text: string } | null;

/** A switch that would replace a draft with unsaved edits, waiting for the user to confirm it. */
type Discard = { readonly kind: 'preset' | 'load'; readonly name: string };

function presetDraft(preset: Preset): Json {
  const { description: _description, ...config } = preset.config;
  return config;
}

export function ConfigurationPanel() {
  const api = useApi();
  const [presets, setPresets] = useState<readonly Preset[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [context, setContext] = useState<{ trainClips: number | null; autoBackend: BackendId | undefined; storeWarnings: readonly string[] }>({
    trainClips: null,
    autoBackend: undefined,
    storeWarnings: [],
  });
  const [saved, setSaved] = useState<readonly SavedConfigSummary[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lastSplit, setLastSplit] = useState<SplitSummary | null>(null);
  const [saveName, setSaveName] = useState('');
  const [presetDescription, setPresetDescription] = useState('');
  const [toLoad, setToLoad] = useState('');
  // The saved config the draft was loaded from or saved as, to tell whether it has unsaved edits.
  const [savedBaseline, setSavedBaseline] = useState<{ readonly name: string; readonly config: Json } | null>(null);
  const [discard, setDiscard] = useState<Discard | null>(null);

  const refreshSaved = useCallback(() => {
    api.invoke('config:list').then(setSaved, (error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }));
  }, [api]);

  useEffect(() => {
    let live = true;
    Promise.all([api.invoke('config:presets'), api.invoke('config:current-get')]).then(
      ([loadedPresets, current]: [readonly Preset[], CurrentConfig]) => {
        if (!live) return;
        setPresets(loadedPresets);
        setDraft({ config: current.config, preset: current.preset, name: current.name });
        setContext((previous) => ({ ...previous, trainClips: current.trainClips, storeWarnings: current.storeWarnings }));
        if (current.name) {
          setSaveName(current.name);
          // Without the saved file's content every switch would ask; if it cannot be read, asking is right.
          const name = current.name;
          api.invoke('config:load', { name }).then(
            (loaded) => live && setSavedBaseline({ name, config: loaded.config }),
            () => undefined,
          );
        }
      },
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    api.invoke('app:info').then(
      (info) => live && setContext((previous) => ({ ...previous, autoBackend: info.selectedBackend.id })),
      () => undefined,
    );
    api.invoke('dataset:overview').then(
      (overview) => live && setLastSplit(overview.split),
      () => undefined,
    );
    refreshSaved();
    return () => {
      live = false;
    };
  }, [api, refreshSaved]);

  // Debounced persistence of the draft to main, flushed when the panel goes away (e.g. switching to Training).
  const pending = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    if (next) {
      api.invoke('config:current-set', { preset: next.preset, name: next.name, config: next.config }).catch((error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }));
    }
  }, [api]);
  useEffect(() => flush, [flush]);

  const update = (next: Draft): void => {
    setDraft(next);
    pending.current = next;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, PERSIST_DELAY_MS);
  };

  const validation = useMemo(() => (draft ? checkConfig(draft.config, { trainClips: context.trainClips }) : null), [draft, context.trainClips]);
  const estimate = useMemo(
    () => (validation?.config ? estimateConfig(validation.config, { trainClips: context.trainClips, ...(context.autoBackend ? { autoBackend: context.autoBackend } : {}) }) : null),
    [validation, context.trainClips, context.autoBackend],
  );
  const basePreset = presets?.find((preset) => preset.name === draft?.preset) ?? null;
  const differences = useMemo(() => (draft && basePreset ? diffConfigs(basePreset.config, draft.config) : []), [draft, basePreset]);
  // What switching away would lose: edits relative to the saved config the draft came from, else to its
  // preset. null when the draft is in neither (e.g. its preset was deleted), so all of it would be lost.
  const unsavedEdits = useMemo(() => {
    if (!draft) return null;
    const baseline = draft.name !== null ? (savedBaseline?.name === draft.name ? savedBaseline.config : null) : (basePreset?.config ?? null);
    return baseline ? diffConfigs(baseline, draft.config).length : null;
  }, [draft, savedBaseline, basePreset]);

  if (loadError) {
    return (
      <PanelFrame title="Configuration" intro="Choose a preset, adjust it, validate and save the training configuration.">
        <p role="alert">The configuration could not be loaded: {loadError}</p>
      </PanelFrame>
    );
  }
  if (!draft || !presets || !validation) {
    return (
      <PanelFrame title="Configuration" intro="Choose a preset, adjust it, validate and save the training configuration.">
        <p>Loading configuration…</p>
      </PanelFrame>
    );
  }

  const issues = [...validation.errors, ...validation.warnings];
  const issuesFor = (path: string): ConfigIssue[] => issues.filter((issue) => issue.path === path);
  const architecture = getAtPath(draft.config, 'model.architecture');

  const applyPreset = (name: string): void => {
    const preset = presets.find((candidate) => candidate.name === name);
    if (!preset) return;
    update({ config: presetDraft(preset), preset: preset.name, name: null });
    setStatus({ kind: 'info', text: `Started from preset ${preset.name}.` });
  };

  const requestPreset = (name: string): void => {
    if (unsavedEdits === 0) applyPreset(name);
    else setDiscard({ kind: 'preset', name });
  };

  const run = (action: () => Promise<string>): void => {
    action().then(
      (text) => setStatus({ kind: 'info', text }),
      (error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }),
    );
  };

  const validateInMain = (): void =>
    run(async () => {
      const result = await api.invoke('config:validate', { config: draft.config });
      if (!result.ok) return `Not valid: ${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'} (${result.errors.map(formatIssue).join('; ')}).`;
      return `Valid${result.warnings.length ? ` with ${result.warnings.length} ${result.warnings.length === 1 ? 'warning' : 'warnings'}` : ''}.`;
    });

  const save = (): void =>
    run(async () => {
      const result = await api.invoke('config:save', { name: saveName.trim(), config: draft.config });
      update({ ...draft, name: result.name });
      setSavedBaseline({ name: result.name, config: draft.config });
      refreshSaved();
      return `Saved to ${result.path}.`;
    });

  const saveAsPreset = (): void =>
    run(async () => {
      const preset = await api.invoke('config:preset-save', { name: saveName.trim(), description: presetDescription, config: draft.config });
      setPresets(await api.invoke('config:presets'));
      update({ ...draft, preset: preset.name });
      return `Saved as preset ${preset.name}.`;
    });

  const load = (name: string): void =>
    run(async () => {
      const loaded = await api.invoke('config:load', { name });
      update({ config: loaded.config, preset: draft.preset, name: loaded.name });
      setSavedBaseline({ name: loaded.name, config: loaded.config });
      setSaveName(loaded.name);
      return `Loaded ${loaded.name}${loaded.migratedFrom === null ? '' : ` (upgraded from version ${loaded.migratedFrom})`}.`;
    });

  const requestLoad = (): void => {
    if (toLoad === '') return;
    if (unsavedEdits === 0) load(toLoad);
    else setDiscard({ kind: 'load', name: toLoad });
  };

  const confirmDiscard = (): void => {
    if (!discard) return;
    setDiscard(null);
    if (discard.kind === 'preset') applyPreset(discard.name);
    else load(discard.name);
  };

  const deletePreset = (name: string): void =>
    run(async () => {
      let remaining: readonly Preset[];
      try {
        remaining = await api.invoke('config:preset-delete', { name });
      } catch (error) {
        throw new Error(`Could not delete preset ${name}: ${errorMessage(error)}`, { cause: error });
      }
      setPresets(remaining);
      // The draft keeps its values but no longer has a preset to diff against or reset to.
      if (draft.preset === name) update({ ...draft, preset: null });
      return `Deleted preset ${name}.`;
    });

  const renderSection = (section: FormSection, key: number) => {
    if (section.architectures && !section.architectures.includes(architecture as Architecture)) return null;
    const sectionIssues = issues.filter((issue) => !FIELD_SPECS.has(issue.path) && issue.path !== '' && section.fields.some((field) => field.startsWith(`${issue.path}.`)));
    const fields = section.fields.map((path) => {
      const spec = FIELD_SPECS.get(path);
      const label = FIELD_LABELS[path];
      if (!spec || !label) return null;
      return (
        <ConfigField
          key={path}
          spec={spec}
          label={label}
          value={getAtPath(draft.config, path)}
          issues={issuesFor(path)}
          changed={differences.some((difference) => difference.path === path)}
          onChange={(changedPath, value) => update({ ...draft, config: setAtPath(draft.config, changedPath, value) })}
        />
      );
    });
    return (
      <fieldset key={key} className="config-section">
        {section.title && <legend>{section.title}</legend>}
        {sectionIssues.map((issue) => (
          <p key={issue.message} className={`config-issues--${issue.severity}`}>
            {formatIssue(issue)}
          </p>
        ))}
        {section.title === 'Split' && <SplitSourceNote shares={configSplitRatios(draft.config)} lastSplit={lastSplit} />}
        {fields}
      </fieldset>
    );
  };

  const orphanIssues = validation.errors.filter((issue) => issue.path === '' || issue.path === 'version');

  return (
    <PanelFrame title="Configuration" intro="Choose a preset, adjust it, validate and save the training configuration. Training starts from what is shown here.">
      {context.storeWarnings.map((warning) => (
        <p key={warning} role="alert" className="banner banner--warning">
          {warning}
        </p>
      ))}
      <div className="config-toolbar">
        <label>
          Preset
          <select value={draft.preset ?? ''} onChange={(event) => requestPreset(event.target.value)}>
            {draft.preset === null && <option value="">(none)</option>}
            {presets.map((preset) => (
              <option key={preset.name} value={preset.name} title={preset.description}>
                {preset.name}
                {preset.builtIn ? '' : ' (yours)'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!basePreset} onClick={() => basePreset && applyPreset(basePreset.name)}>
          Reset to preset
        </button>
        <button type="button" onClick={validateInMain}>
          Validate
        </button>
        <label>
          Config name
          <input value={saveName} onChange={(event) => setSaveName(event.target.value)} placeholder="e.g. kitchen-res8" />
        </label>
        <button type="button" disabled={saveName.trim() === '' || !validation.ok} onClick={save}>
          Save config
        </button>
        <label>
          Preset description
          <input value={presetDescription} onChange={(event) => setPresetDescription(event.target.value)} placeholder="what it is for" />
        </label>
        <button type="button" disabled={saveName.trim() === '' || presetDescription.trim() === '' || !validation.ok} onClick={saveAsPreset}>
          Save as preset
        </button>
        <label>
          Saved configs
          <select value={toLoad} onChange={(event) => setToLoad(event.target.value)}>
            <option value="">{saved.length === 0 ? '(none saved)' : 'choose…'}</option>
            {saved.map((entry) => (
              <option key={entry.name} value={entry.name} disabled={entry.problem !== null} title={entry.problem ?? entry.description ?? undefined}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={toLoad === ''} onClick={requestLoad}>
          Load
        </button>
      </div>
      {discard && (
        <ConfirmPrompt
          question={discard.kind === 'preset' ? `Switch to preset ${discard.name} and discard your edits?` : `Load ${discard.name} and discard your edits?`}
          detail={
            unsavedEdits === null
              ? 'The current config is not saved as a preset or a config, so it would be lost.'
              : `${unsavedEdits} ${unsavedEdits === 1 ? 'field differs' : 'fields differ'} from ${draft.name !== null ? `saved config ${draft.name}` : `preset ${draft.preset ?? ''}`} and ${unsavedEdits === 1 ? 'is' : 'are'} not saved.`
          }
          confirmLabel="Discard edits"
          onConfirm={confirmDiscard}
          onCancel={() => setDiscard(null)}
        />
      )}
      <UserPresets presets={presets} onDelete={deletePreset} />
      {basePreset && <p className="panel__intro">{basePreset.description}</p>}
      <p data-testid="config-validity" className={validation.ok ? '' : 'config-issues--error'}>
        {validation.ok
          ? `Ready to train${validation.warnings.length ? ` (${validation.warnings.length} ${validation.warnings.length === 1 ? 'warning' : 'warnings'})` : ''}.`
          : `${validation.errors.length} ${validation.errors.length === 1 ? 'error' : 'errors'} to fix before training can start.`}
      </p>
      {orphanIssues.map((issue) => (
        <p key={issue.message} className="config-issues--error">
          {formatIssue(issue)}
        </p>
      ))}
      {status && (
        <p role={status.kind === 'error' ? 'alert' : 'status'} data-testid="config-status">
          {status.text}
        </p>
      )}
      <div className="config-layout">
        <form onSubmit={(event) => event.preventDefault()} aria-label="Training configuration">
          {FORM_GROUPS.map((group) => (
            <fieldset key={group.id} className="config-group">
              <legend>{group.title}</legend>
              {group.sections.map(renderSection)}
            </fieldset>
          ))}
        </form>
        <div>
          <EstimatesView estimate={estimate} />
          <DiffView preset={draft.preset} differences={differences} />
        </div>
      </div>
    </PanelFrame>
  );
}

const shown = (ratios: readonly number[]): string => ratios.map((r) => Number(r.toFixed(3))).join(' / ');

/** Which split training uses: the files the Dataset panel made, whose ratios these shares are. */
function SplitSourceNote({ shares, lastSplit }: { readonly shares: readonly number[] | null; readonly lastSplit: SplitSummary | null }) {
  if (lastSplit === null) {
    return (
      <p className="config-issues--info" data-testid="split-source">
        No split yet: “Split dataset” in the Dataset panel splits with these shares, and training uses that split.
      </p>
    );
  }
  const same = sameRatios(shares, lastSplit.ratios);
  return (
    <p className={same ? 'config-issues--info' : 'config-issues--warning'} data-testid="split-source">
      Training uses the dataset’s last split ({shown(lastSplit.ratios)}, made in the Dataset panel).
      {same ? ' It matches these shares.' : ' These shares differ from it: split again in the Dataset panel to apply them.'}
    </p>
  );
}
