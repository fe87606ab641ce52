import { useEffect, useState } from 'react';
import type { SynthProgress, SynthStatus } from '../../shared/core/dataset/synth/synth-types';
import { useApi } from '../app/api-context';
import { errorMessage } from './format';

export const SYNTH_PHASE_TEXT = {
  positives: 'Speaking the wake phrase',
  negatives: 'Speaking other phrases',
  noise: 'Generating noise',
  scanning: 'Scanning',
  splitting: 'Splitting',
  done: 'Done',
} as const;

/** Whether espeak-ng is there (null while asking); an error asking counts as "not available" with the reason. */
export function useSynthStatus(): SynthStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<SynthStatus | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke('dataset:synth-status').then(
      (value) => live && setStatus(value),
      (error: unknown) => live && setStatus({ available: false, version: null, installHelp: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return status;
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
