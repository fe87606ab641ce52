import { useCallback, useEffect, useRef, useState } from 'react';
import type { WakewordApi } from '../../shared/contract/api';
import type { BackendId } from '../../shared/contract/backend-choices';
import type { CurrentConfig, SavedConfigSummary } from '../../shared/contract/config-contract';
import type { Preset } from '../../shared/config/presets';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';
import { errorMessage } from '../../shared/error-message';

export type Json = Record<string, unknown>;

/** The configuration being edited: its values, the preset it started from and the saved config it is. */
export interface Draft {
  readonly config: Json;
  readonly preset: string | null;
  readonly name: string | null;
}

export interface ConfigContext {
  readonly trainClips: number | null;
  readonly autoBackend: BackendId | undefined;
  readonly storeWarnings: readonly string[];
}

/** A saved config's content, to tell whether the draft has unsaved edits. */
export interface SavedBaseline {
  readonly name: string;
  readonly config: Json;
}

/** Edits are sent to main after this pause, so typing does not flood the store. */
const PERSIST_DELAY_MS = 300;

/**
 * What the panel shows besides the draft, loaded once: presets, the current config (as the first draft),
 * what the estimates need (training clips, automatic backend), the last split and the saved configs.
 */
export function useConfigSources(api: WakewordApi, onError: (text: string) => void) {
  const [presets, setPresets] = useState<readonly Preset[] | null>(null);
  const [initial, setInitial] = useState<Draft | null>(null);
  const [context, setContext] = useState<ConfigContext>({ trainClips: null, autoBackend: undefined, storeWarnings: [] });
  const [saved, setSaved] = useState<readonly SavedConfigSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lastSplit, setLastSplit] = useState<SplitSummary | null>(null);
  const [savedBaseline, setSavedBaseline] = useState<SavedBaseline | null>(null);

  const refreshSaved = useCallback(() => {
    api.invoke('config:list').then(setSaved, (error: unknown) => onError(errorMessage(error)));
  }, [api, onError]);

  useEffect(() => {
    let live = true;
    Promise.all([api.invoke('config:presets'), api.invoke('config:current-get')]).then(
      ([loadedPresets, current]: [readonly Preset[], CurrentConfig]) => {
        if (!live) return;
        setPresets(loadedPresets);
        setInitial({ config: current.config, preset: current.preset, name: current.name });
        setContext((previous) => ({ ...previous, trainClips: current.trainClips, storeWarnings: current.storeWarnings }));
        if (current.name) {
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

  return { presets, setPresets, initial, context, saved, refreshSaved, loadError, lastSplit, savedBaseline, setSavedBaseline };
}

/**
 * The draft, with every change sent to main as the current config after a short pause, and flushed when the
 * panel goes away (e.g. switching to Training), so training starts from what the panel showed.
 */
export function usePersistedDraft(api: WakewordApi, initial: Draft | null, onError: (text: string) => void) {
  const [edited, setEdited] = useState<Draft | null>(null);
  const pending = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    if (next) {
      api.invoke('config:current-set', { preset: next.preset, name: next.name, config: next.config }).catch((error: unknown) => onError(errorMessage(error)));
    }
  }, [api, onError]);
  useEffect(() => flush, [flush]);

  const update = useCallback(
    (next: Draft): void => {
      setEdited(next);
      pending.current = next;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, PERSIST_DELAY_MS);
    },
    [flush],
  );
  return { draft: edited ?? initial, update };
}
