import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../../shared/error-message';

export interface RequestState<A extends readonly unknown[], T> {
  readonly running: boolean;
  /** The last run's failure in words, until the next run or dismissError. */
  readonly error: string | null;
  /** The last successful run's value; kept while a new run is in flight, so the view does not flash empty. */
  readonly result: T | null;
  /** Starts a run; resolves to its value, or undefined when it failed, was superseded or the component unmounted. */
  readonly run: (...args: A) => Promise<T | undefined>;
  readonly dismissError: () => void;
  /** Forgets result and error (e.g. before a run whose old result would now mislead). */
  readonly reset: () => void;
}

/**
 * The invoke → running / error / result pattern of every panel. Two guards: a run that ends after its
 * component unmounted sets no state (React would warn, and a remounted panel would show stale data), and only
 * the latest run may set state, so a slow first answer cannot overwrite a later one.
 */
export function useRequest<A extends readonly unknown[], T>(request: (...args: A) => Promise<T>): RequestState<A, T> {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const mounted = useRef(true);
  const latest = useRef(0);
  // Callers pass inline lambdas; the ref keeps `run` stable while always calling the newest one.
  const requestRef = useRef(request);
  useLayoutEffect(() => {
    requestRef.current = request;
  });

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    const id = ++latest.current;
    const current = (): boolean => mounted.current && id === latest.current;
    setRunning(true);
    setError(null);
    try {
      const value = await requestRef.current(...args);
      if (!current()) return undefined;
      setResult(value);
      setRunning(false);
      return value;
    } catch (reason) {
      if (current()) {
        setError(errorMessage(reason));
        setRunning(false);
      }
      return undefined;
    }
  }, []);

  const dismissError = useCallback(() => setError(null), []);
  const reset = useCallback(() => {
    setError(null);
    setResult(null);
  }, []);

  return { running, error, result, run, dismissError, reset };
}
