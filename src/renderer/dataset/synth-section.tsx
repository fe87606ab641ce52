import { useState, type FormEvent } from 'react';
import type { SynthResult } from '../../shared/core/dataset/synth/synth-types';
import { parsePhraseList } from '../../shared/core/dataset/synth/voices';
import { useApi } from '../app/api-context';
import { errorMessage, formatCount } from './format';
import { SynthProgressBar } from './synth-progress-bar';
import { useSynthProgress, useSynthStatus } from './use-synth';

const MAX_CLIPS = 2000;

/** Speak the wake phrase (and confusable phrases) with espeak-ng into the open workspace, then rescan. */
export function SynthSection({ canSynthesize, onSynthesized }: { readonly canSynthesize: boolean; readonly onSynthesized: () => void }) {
  const api = useApi();
  const status = useSynthStatus();
  const [phrase, setPhrase] = useState('');
  const [count, setCount] = useState('50');
  const [negatives, setNegatives] = useState('');
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SynthResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useSynthProgress(busy);

  const clips = Number(count);
  const countProblem = Number.isInteger(clips) && clips >= 1 && clips <= MAX_CLIPS ? null : `clips must be a whole number from 1 to ${formatCount(MAX_CLIPS)}`;
  const seedProblem = seed.trim() === '' || (Number.isInteger(Number(seed)) && Number(seed) >= 0 && Number(seed) <= 0xffffffff) ? null : 'the seed is a whole number (or empty for a random one)';
  const available = status?.available === true;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const confusable = parsePhraseList(negatives);
    setBusy(true);
    setError(null);
    setResult(null);
    api
      .invoke('dataset:synthesize', {
        phrase,
        count: clips,
        ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
        ...(confusable.length > 0 ? { negatives: confusable } : {}),
      })
      .then(
        (made) => {
          setResult(made);
          onSynthesized();
        },
        (reason: unknown) => setError(errorMessage(reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="synth-heading" className="card">
      <h3 id="synth-heading">Synthetic samples</h3>
      <p className="dataset__hint">
        espeak-ng speaks the phrase in many voices, accents, speeds and pitches (16 kHz mono WAV). Synthetic voices help a model start; recordings of real people make it good.
      </p>
      {status && !status.available && (
        <pre role="note" aria-label="espeak-ng is missing" className="dataset__install">
          {status.installHelp}
        </pre>
      )}
      {status?.available && <p className="dataset__hint">Using {status.version}.</p>}
      <form className="dataset__row" onSubmit={submit}>
        <label className="dataset__grow">
          Wake phrase <input type="text" value={phrase} onChange={(e) => setPhrase(e.target.value)} placeholder="hey nova" maxLength={200} />
        </label>
        <label>
          Clips <input type="number" min={1} max={MAX_CLIPS} value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
        <label className="dataset__grow">
          Confusable phrases (hard negatives, separated by ;) <input type="text" value={negatives} onChange={(e) => setNegatives(e.target.value)} placeholder="hey nora; hey now; a nova" />
        </label>
        <label>
          Seed <input type="text" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" size={10} />
        </label>
        <button type="submit" disabled={!canSynthesize || !available || busy || phrase.trim() === '' || countProblem !== null || seedProblem !== null}>
          Generate samples
        </button>
      </form>
      {(countProblem ?? seedProblem) && <p className="dataset__hint">{countProblem ?? seedProblem}</p>}
      {busy && <SynthProgressBar label="Synthesis progress" progress={progress} />}
      {error && <p role="alert">{error}</p>}
      {result && (
        <ul aria-label="Generated samples" data-testid="synth-result">
          <li>
            {formatCount(result.positives.files)} clips of “{result.positives.phrase}” in <code>{result.positives.folder}</code>
          </li>
          {result.negatives.map((set) => (
            <li key={set.folder}>
              {formatCount(set.files)} hard negatives “{set.phrase}” in <code>{set.folder}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
