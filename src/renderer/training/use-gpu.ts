import { useEffect, useState } from 'react';
import type { GpuSnapshot } from '../../shared/gpu';
import { useApi } from '../app/api-context';

/** The last nvidia-smi reading, then one a second from `gpu:reading`. Null until the first arrives. */
export function useGpu(): GpuSnapshot | null {
  const api = useApi();
  const [gpu, setGpu] = useState<GpuSnapshot | null>(null);
  useEffect(() => {
    let mounted = true;
    let fromEvent = false;
    const off = api.on('gpu:reading', (reading) => {
      fromEvent = true;
      setGpu(reading);
    });
    api.invoke('gpu:last').then(
      (reading) => mounted && !fromEvent && setGpu(reading),
      () => undefined, // The status grid says "waiting for a reading"; nothing else depends on it.
    );
    return () => {
      mounted = false;
      off();
    };
  }, [api]);
  return gpu;
}
