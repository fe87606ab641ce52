import { useEffect, useState } from 'react';
import type { SynthEngines, SynthProgress } from '../../shared/core/dataset/synth/synth-types';
import { useApi } from '../app/api-context';
import { errorMessage } from './format';

export { SYNTH_PHASE_TEXT } from '../../shared/core/dataset/synth/synth-types';

export interface EnginesState {
  /** Null while asking. */
  readonly engines: SynthEngines | null;
  /** Why asking failed (then no engine counts as available). */
  readonly error: string | null;
}

/** The speech engines and voices the host found; `reload` asks again (e.g. after installing one). */
export function useSynthEngines(): EnginesState & { readonly reload: () => void } {
  const api = useApi();
  const [state, setState] = useState<EnginesState>({ engines: null, error: null });
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    api.invoke('dataset:synth-engines').then(
      (engines) => live && setState({ engines, error: null }),
      (error: unknown) => live && setState({ engines: { engines: [], voices: [] }, error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, asked]);
  return { ...state, reload: () => setAsked((n) => n + 1) };
}

/** The latest synthesis progress while `active`; cleared when it stops. */
export function useSynthProgress(active: boolean): SynthProgress | null {
  const api = useApi();
  const [progress, setProgress] = useState<SynthProgress | null>(null);
  useEffect(() => {
    if (!active) {
      setProgress(null);
      return undefined;
    }
    return api.on('dataset:synth-progress', setProgress);
  }, [api, active]);
  return progress;
}
