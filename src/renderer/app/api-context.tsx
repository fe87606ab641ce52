import { createContext, useContext, type ReactNode } from 'react';
import type { WakewordApi } from '../../shared/contract/api';

const ApiContext = createContext<WakewordApi | null>(null);

/** Panels get the contract from context, so component tests can hand them a fake typed against it. */
export function ApiProvider({ api, children }: { readonly api: WakewordApi; readonly children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): WakewordApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiProvider>');
  return api;
}
