import { sameRatios } from '../../shared/core/dataset/config-split';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';

const shown = (ratios: readonly number[]): string => ratios.map((r) => Number(r.toFixed(3))).join(' / ');

/** Which split training uses: the files the Dataset panel made, whose ratios these shares are. */
export function SplitSourceNote({ shares, lastSplit }: { readonly shares: readonly number[] | null; readonly lastSplit: SplitSummary | null }) {
  if (lastSplit === null) {
    return (
      <p className="config-issues--info" data-testid="split-source">
        No split yet: “Split dataset” in the Dataset panel splits with these shares, and training uses that split.
      </p>
    );
  }
  const same = sameRatios(shares, lastSplit.ratios);
  return (
    <p className={same ? 'config-issues--info' : 'config-issues--warning'} data-testid="split-source">
      Training uses the dataset’s last split ({shown(lastSplit.ratios)}, made in the Dataset panel).
      {same ? ' It matches these shares.' : ' These shares differ from it: split again in the Dataset panel to apply them.'}
    </p>
  );
}
