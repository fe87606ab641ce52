import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/api';
import { useApi } from './api-context';
import { errorMessage } from '../../shared/error-message';

export type Loadable<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'error'; readonly message: string };

export function useAppInfo(): Loadable<AppInfo> {
  const api = useApi();
  const [info, setInfo] = useState<Loadable<AppInfo>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.invoke('app:info').then(
        (value) => live && setInfo({ state: 'ready', value }),
        (error: unknown) => live && setInfo({ state: 'error', message: errorMessage(error) }),
      );
    };
    load();
    // The selected backend depends on settings, so refresh when they change.
    const off = api.on('settings:changed', load);
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return info;
}
