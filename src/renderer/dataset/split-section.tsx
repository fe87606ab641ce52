import { useEffect, useState, type FormEvent } from 'react';
import { SPLIT_CATEGORIES, SPLIT_NAMES } from '../../shared/core/dataset/categories';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';
import { GROUP_BY, type GroupBy } from '../../shared/core/dataset/manifest';
import { DEFAULT_RATIOS, DEFAULT_SEED, ratiosProblem, type SplitRatios } from '../../shared/core/dataset/split';
import { formatCount, formatDuration } from './format';

export interface SplitSectionProps {
  readonly summary: SplitSummary | null;
  readonly canSplit: boolean;
  readonly splitting: boolean;
  /** A scan is rewriting the manifest the split reads: splitting waits for it. */
  readonly scanning?: boolean;
  readonly onSplit: (options: { ratios: SplitRatios; seed: number; groupBy: GroupBy }) => void;
  /** The current configuration's split shares (the Configuration panel's Split section): the one source of the ratios. */
  readonly configRatios?: SplitRatios | null;
}

const SPLIT_LABEL = { train: 'Train', val: 'Validation', test: 'Test' } as const;
const GROUP_LABEL: Readonly<Record<GroupBy, string>> = { none: 'No grouping', folder: 'Sub-folder (one per speaker)', speaker: 'Speaker from file name' };

export function SplitSection({ summary, canSplit, splitting, scanning = false, onSplit, configRatios = null }: SplitSectionProps) {
  const [ratios, setRatios] = useState<string[]>((configRatios ?? DEFAULT_RATIOS).map(String));
  const configKey = configRatios?.join('/') ?? '';
  // Follow the configuration until the user types here; splitting saves what was typed back into it.
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    if (!edited && configKey !== '') setRatios(configKey.split('/'));
  }, [configKey, edited]);
  const [seed, setSeed] = useState(String(DEFAULT_SEED));
  const [groupBy, setGroupBy] = useState<GroupBy>('none');

  const numbers = ratios.map(Number);
  const seedNumber = Number(seed);
  const problem =
    ratios.some((r) => r.trim() === '') || numbers.some(Number.isNaN)
      ? 'Enter three numbers for the ratios.'
      : (ratiosProblem(numbers) ?? (!Number.isInteger(seedNumber) || seedNumber < 0 || seedNumber > 0xffffffff ? 'The seed must be a whole number of 0 or more.' : null));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (problem === null) onSplit({ ratios: numbers as unknown as SplitRatios, seed: seedNumber, groupBy });
  };

  return (
    <section aria-labelledby="split-heading" className="card">
      <h3 id="split-heading">Split</h3>
      <form className="dataset__row" onSubmit={submit}>
        {SPLIT_NAMES.map((name, i) => (
          <label key={name}>
            {SPLIT_LABEL[name]} ratio{' '}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={ratios[i]}
              onChange={(event) => {
                setEdited(true);
                setRatios((old) => old.map((value, j) => (j === i ? event.target.value : value)));
              }}
            />
          </label>
        ))}
        <label>
          Seed <input type="number" min={0} step={1} value={seed} onChange={(event) => setSeed(event.target.value)} />
        </label>
        <label>
          Keep together{' '}
          <select value={groupBy} onChange={(event) => setGroupBy(event.target.value as GroupBy)}>
            {GROUP_BY.map((id) => (
              <option key={id} value={id}>
                {GROUP_LABEL[id]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!canSplit || splitting || scanning || problem !== null}>
          Split dataset
        </button>
      </form>
      <p className="dataset__hint" data-testid="split-source">
        Training uses the split made here. The ratios are the configuration’s Split shares (also shown in the Configuration panel); splitting with other ratios saves them there.
      </p>
      {problem && <p className="dataset__hint">{problem}</p>}
      {!canSplit && <p className="dataset__hint">Scan the dataset before splitting it.</p>}
      {canSplit && scanning && <p className="dataset__hint">A scan is running: split once it has finished, so the split covers what it finds.</p>}
      {summary && (
        <table className="table">
          <caption>
            Files per split (seed {summary.seed}, ratios {summary.ratios.join(' / ')})
          </caption>
          <thead>
            <tr>
              <th scope="col">Split</th>
              {SPLIT_CATEGORIES.map((category) => (
                <th key={category} scope="col">
                  {category}
                </th>
              ))}
              <th scope="col">Total</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {SPLIT_NAMES.map((name) => {
              const counts = summary.counts[name];
              return (
                <tr key={name}>
                  <th scope="row">{SPLIT_LABEL[name]}</th>
                  {SPLIT_CATEGORIES.map((category) => (
                    <td key={category} data-testid={`split-${name}-${category}`}>
                      {formatCount(counts[category])}
                    </td>
                  ))}
                  <td data-testid={`split-${name}-files`}>{formatCount(counts.files)}</td>
                  <td>{formatDuration(counts.seconds)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={SPLIT_CATEGORIES.length + 3}>
                Not split (used for augmentation): {formatCount(summary.background)} background, {formatCount(summary.rirs)} room impulse responses
                {summary.skipped > 0 && `; ${formatCount(summary.skipped)} invalid files left out`}.
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
