import { useEffect, useState } from 'react';
import { formatIssue } from '../../shared/config/validate';
import { useApi } from '../app/api-context';
import { errorMessage } from '../../shared/error-message';

export interface TrainingContext {
  /** undefined while loading; null when no workspace is open. */
  readonly workspace: string | null | undefined;
  /** null while loading; the current config's validation errors (empty when valid). */
  readonly configErrors: readonly string[] | null;
  readonly preset: string | null;
  readonly configName: string | null;
  readonly loadError: string | null;
}

/** What Start needs to know: is a workspace open, and is the current config (what Configuration shows) valid. */
export function useTrainingContext(): TrainingContext {
  const api = useApi();
  const [workspace, setWorkspace] = useState<string | null | undefined>(undefined);
  const [config, setConfig] = useState<{ errors: readonly string[]; preset: string | null; name: string | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let mounted = true;
    const offs = [
      api.on('settings:changed', (settings) => setWorkspace(settings.workspace)),
      api.on('config:current-changed', (current) => setConfig({ errors: current.validation.errors.map(formatIssue), preset: current.preset, name: current.name })),
    ];
    api.invoke('settings:get').then(
      (settings) => mounted && setWorkspace((previous) => (previous === undefined ? settings.workspace : previous)),
      (error: unknown) => mounted && setLoadError(errorMessage(error)),
    );
    api.invoke('config:current-get').then(
      (current) => mounted && setConfig((previous) => previous ?? { errors: current.validation.errors.map(formatIssue), preset: current.preset, name: current.name }),
      (error: unknown) => mounted && setLoadError(errorMessage(error)),
    );
    return () => {
      mounted = false;
      for (const off of offs) off();
    };
  }, [api]);
  return { workspace, configErrors: config?.errors ?? null, preset: config?.preset ?? null, configName: config?.name ?? null, loadError };
}
