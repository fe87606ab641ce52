import { useState } from 'react';
import type { SavedConfigSummary } from '../../shared/contract/config-contract';
import type { Preset } from '../../shared/config/presets';

export interface ConfigToolbarProps {
  readonly presets: readonly Preset[];
  /** The draft's preset; null when it has none (e.g. that preset was deleted). */
  readonly preset: string | null;
  readonly canReset: boolean;
  readonly valid: boolean;
  readonly saved: readonly SavedConfigSummary[];
  readonly saveName: string;
  readonly onSaveNameChange: (name: string) => void;
  readonly onPreset: (name: string) => void;
  readonly onReset: () => void;
  readonly onValidate: () => void;
  readonly onSave: () => void;
  readonly onSaveAsPreset: (description: string) => void;
  readonly onLoad: (name: string) => void;
}

/** Preset choice, validation, saving (as a config or a preset) and loading a saved config. */
export function ConfigToolbar(props: ConfigToolbarProps) {
  const [description, setDescription] = useState('');
  const [toLoad, setToLoad] = useState('');
  const named = props.saveName.trim() !== '';
  return (
    <div className="config-toolbar">
      <label>
        Preset
        <select value={props.preset ?? ''} onChange={(event) => props.onPreset(event.target.value)}>
          {props.preset === null && <option value="">(none)</option>}
          {props.presets.map((preset) => (
            <option key={preset.name} value={preset.name} title={preset.description}>
              {preset.name}
              {preset.builtIn ? '' : ' (yours)'}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!props.canReset} onClick={props.onReset}>
        Reset to preset
      </button>
      <button type="button" onClick={props.onValidate}>
        Validate
      </button>
      <label>
        Config name
        <input value={props.saveName} onChange={(event) => props.onSaveNameChange(event.target.value)} placeholder="e.g. kitchen-res8" />
      </label>
      <button type="button" disabled={!named || !props.valid} onClick={props.onSave}>
        Save config
      </button>
      <label>
        Preset description
        <input value={description} onChange={(event) => setDescription(event.target.value)} placeholder="what it is for" />
      </label>
      <button type="button" disabled={!named || description.trim() === '' || !props.valid} onClick={() => props.onSaveAsPreset(description)}>
        Save as preset
      </button>
      <label>
        Saved configs
        <select value={toLoad} onChange={(event) => setToLoad(event.target.value)}>
          <option value="">{props.saved.length === 0 ? '(none saved)' : 'choose…'}</option>
          {props.saved.map((entry) => (
            <option key={entry.name} value={entry.name} disabled={entry.problem !== null} title={entry.problem ?? entry.description ?? undefined}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={toLoad === ''} onClick={() => toLoad !== '' && props.onLoad(toLoad)}>
        Load
      </button>
    </div>
  );
}
