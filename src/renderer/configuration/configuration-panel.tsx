import { useCallback, useEffect, useMemo, useState } from 'react';
import { estimateConfig } from '../../shared/config/estimate';
import { diffConfigs, type Preset } from '../../shared/config/presets';
import { checkConfig, formatIssue } from '../../shared/config/validate';
import { errorMessage } from '../../shared/error-message';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { PanelFrame } from '../app/panel-placeholder';
import { useConfigSources, usePersistedDraft, type Json } from './config-draft';
import { ConfigForm } from './config-form';
import { ConfigToolbar } from './config-toolbar';
import { ConfirmPrompt } from './confirm-prompt';
import { DiffView } from './diff-view';
import { EstimatesView } from './estimates-view';
import { UserPresets } from './user-presets';
import './configuration.css';

type Status = { readonly kind: 'info' | 'error'; readonly text: string } | null;

/** A switch that would replace a draft with unsaved edits, waiting for the user to confirm it. */
type Discard = { readonly kind: 'preset' | 'load'; readonly name: string };

const INTRO = 'Choose a preset, adjust it, validate and save the training configuration.';

function presetDraft(preset: Preset): Json {
  const { description: _description, ...config } = preset.config;
  return config;
}

export function ConfigurationPanel() {
  const api = useApi();
  const [status, setStatus] = useState<Status>(null);
  const showError = useCallback((text: string) => setStatus({ kind: 'error', text }), []);
  const { presets, setPresets, initial, context, saved, refreshSaved, loadError, lastSplit, savedBaseline, setSavedBaseline } = useConfigSources(api, showError);
  const { draft, update } = usePersistedDraft(api, initial, showError);
  const [saveName, setSaveName] = useState('');
  const [discard, setDiscard] = useState<Discard | null>(null);
  // The config name field starts as the name of the config the panel opened with.
  useEffect(() => {
    if (initial?.name) setSaveName(initial.name);
  }, [initial]);

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
      <PanelFrame title="Configuration" intro={INTRO}>
        <p role="alert">The configuration could not be loaded: {loadError}</p>
      </PanelFrame>
    );
  }
  if (!draft || !presets || !validation) {
    return (
      <PanelFrame title="Configuration" intro={INTRO}>
        <p>Loading configuration…</p>
      </PanelFrame>
    );
  }

  const issues = [...validation.errors, ...validation.warnings];

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

  const saveAsPreset = (description: string): void =>
    run(async () => {
      const preset = await api.invoke('config:preset-save', { name: saveName.trim(), description, config: draft.config });
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

  const requestLoad = (name: string): void => {
    if (unsavedEdits === 0) load(name);
    else setDiscard({ kind: 'load', name });
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

  const orphanIssues = validation.errors.filter((issue) => issue.path === '' || issue.path === 'version');

  return (
    <PanelFrame title="Configuration" intro="Choose a preset, adjust it, validate and save the training configuration. Training starts from what is shown here.">
      {context.storeWarnings.map((warning) => (
        <p key={warning} role="alert" className="banner banner--warning">
          {warning}
        </p>
      ))}
      <ConfigToolbar
        presets={presets}
        preset={draft.preset}
        canReset={basePreset !== null}
        valid={validation.ok}
        saved={saved}
        saveName={saveName}
        onSaveNameChange={setSaveName}
        onPreset={requestPreset}
        onReset={() => basePreset && applyPreset(basePreset.name)}
        onValidate={validateInMain}
        onSave={save}
        onSaveAsPreset={saveAsPreset}
        onLoad={requestLoad}
      />
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
      {status?.kind === 'info' && (
        <p role="status" data-testid="config-status">
          {status.text}
        </p>
      )}
      <ErrorNotice text={status?.kind === 'error' ? status.text : null} onDismiss={() => setStatus(null)} />
      <div className="config-layout">
        <ConfigForm config={draft.config} issues={issues} differences={differences} lastSplit={lastSplit} onChange={(config) => update({ ...draft, config })} />
        <div>
          <EstimatesView estimate={estimate} />
          <DiffView preset={draft.preset} differences={differences} />
        </div>
      </div>
    </PanelFrame>
  );
}
