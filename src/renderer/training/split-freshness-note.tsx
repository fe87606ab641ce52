import { useEffect, useState } from 'react';
import type { DatasetFreshness } from '../../shared/core/dataset/dataset-types';
import { useApi } from '../app/api-context';
import { FixInButton } from './fix-in-button';

/**
 * Warns (without blocking Start) when data/raw changed after the last split: the run would train and select on
 * the old split, and new clips (synthesised, added as hard negatives) would be left out.
 */
export function SplitFreshnessNote() {
  const api = useApi();
  const [fresh, setFresh] = useState<DatasetFreshness | null>(null);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.invoke('dataset:overview').then(
        (overview) => live && setFresh(overview.freshness ?? null),
        () => undefined,
      );
    };
    load();
    const offs = [api.on('dataset:changed', load), api.on('settings:changed', load)];
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [api]);
  if (!fresh?.splitStale) return null;
  return (
    <p role="note" className="banner training-warning" data-testid="split-stale">
      The dataset changed after the last split{fresh.dataChangedAt ? ` (data/raw changed ${new Date(fresh.dataChangedAt).toLocaleString()})` : ''}: training would use the old
      split and leave the new clips out. Rescan and split again in the Dataset panel first. <FixInButton panel="dataset" />
    </p>
  );
}
