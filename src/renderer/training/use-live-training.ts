import { useEffect, useReducer, useState } from 'react';
import { INITIAL_LIVE, reduceLive, type LiveTraining } from '../../shared/core/training-view/live-state';
import { useApi } from '../app/api-context';
import { errorMessage } from '../../shared/error-message';

/**
 * The current run as main knows it: the whole status once on mount (a reload or a reconnecting browser
 * gets the full history), then kept current from `training:status`, `training:batch` and `training:log`.
 */
export function useLiveTraining(): LiveTraining & { readonly loadError: string | null } {
  const api = useApi();
  const [live, dispatch] = useReducer(reduceLive, INITIAL_LIVE);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let mounted = true;
    // Subscribe before asking, so nothing emitted while the request is in flight is lost.
    const offs = [
      api.on('training:status', (status) => dispatch({ type: 'status', status })),
      api.on('training:batch', (batch) => dispatch({ type: 'batch', batch })),
      api.on('training:log', (line) => dispatch({ type: 'log', line })),
    ];
    api.invoke('training:status').then(
      (status) => mounted && dispatch({ type: 'snapshot', status }),
      (error: unknown) => mounted && setLoadError(errorMessage(error)),
    );
    return () => {
      mounted = false;
      for (const off of offs) off();
    };
  }, [api]);
  return { ...live, loadError };
}
