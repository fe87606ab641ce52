import { useEffect, useState } from 'react';
import type { CurrentConfig } from '../../shared/contract/config-contract';
import { useApi } from '../app/api-context';

/**
 * The configuration training will use (per workspace, kept in main, so it survives reloads), kept live
 * across panels: the Dataset panel splits with its ratios. (The Training panel needs only whether it is
 * valid, which use-training-context reads.)
 */
export function useCurrentConfig(): CurrentConfig | null {
  const api = useApi();
  const [current, setCurrent] = useState<CurrentConfig | null>(null);
  useEffect(() => {
    let live = true;
    // No config yet (e.g. no workspace): stay null, as before the first answer; the event brings it later.
    api.invoke('config:current-get').then(
      (value) => live && setCurrent(value),
      () => undefined,
    );
    const off = api.on('config:current-changed', (value) => setCurrent(value));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return current;
}
