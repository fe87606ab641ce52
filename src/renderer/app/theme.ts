import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/contract/api';
import { useApi } from './api-context';

export type Theme = Settings['theme'];

/** Keeps <html data-theme> in step with the persisted setting (and with other windows / browser tabs). */
export function useTheme(): readonly [Theme | null, (theme: Theme) => void] {
  const api = useApi();
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('settings:get').then((settings) => live && setTheme(settings.theme));
    const off = api.on('settings:changed', (settings) => setTheme(settings.theme));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);
  const choose = (next: Theme): void => {
    setTheme(next);
    void api.invoke('settings:set', { theme: next });
  };
  return [theme, choose] as const;
}
