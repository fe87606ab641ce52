import { useEffect, useState, type FormEvent } from 'react';
import type { RequestArgs } from '../../shared/contract/api';
import { parsePhraseList } from '../../shared/core/dataset/synth/voices';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { formatCount } from './format';
import { EngineList } from './engine-list';
import { NegativeSpeechForm } from './negative-speech-form';
import { SynthProgressBar } from './synth-progress-bar';
import { useSynthEngines, useSynthProgress } from './use-synth';

const MAX_CLIPS = 2000;

/** Speak the wake phrase (and confusable phrases) with every installed engine into the open workspace, then rescan; make negative speech. */
export function SynthSection({
  canSynthesize,
  onSynthesized,
  defaultPhrase = null,
}: {
  readonly canSynthesize: boolean;
  readonly onSynthesized: () => void;
  /** The workspace's wake phrase (from its folders), so a "hey nova" workspace does not ask for it again. */
  readonly defaultPhrase?: string | null;
}) {
  const api = useApi();
  const { engines, error: enginesError } = useSynthEngines();
  const [phrase, setPhrase] = useState(defaultPhrase ?? '');
  const [phraseEdited, setPhraseEdited] = useState(false);
  // The overview (and so the phrase) arrives after the first render, and changes with the workspace.
  useEffect(() => {
    if (!phraseEdited && defaultPhrase) setPhrase(defaultPhrase);
  }, [defaultPhrase, phraseEdited]);
  const [count, setCount] = useState('50');
  const [negatives, setNegatives] = useState('');
  const [seed, setSeed] = useState('');
  const synth = useRequest((args: RequestArgs<'dataset:synthesize'>) => api.invoke('dataset:synthesize', args));
  const { running: busy, result } = synth;
  const progress = useSynthProgress(busy);

  const clips = Number(count);
  const countProblem = Number.isInteger(clips) && clips >= 1 && clips <= MAX_CLIPS ? null : `clips must be a whole number from 1 to ${formatCount(MAX_CLIPS)}`;
  const seedProblem = seed.trim() === '' || (Number.isInteger(Number(seed)) && Number(seed) >= 0 && Number(seed) <= 0xffffffff) ? null : 'the seed is a whole number (or empty for a random one)';
  const available = (engines?.voices.length ?? 0) > 0;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const confusable = parsePhraseList(negatives);
    synth.reset();
    void synth
      .run({
        phrase,
        count: clips,
        ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
        ...(confusable.length > 0 ? { negatives: confusable } : {}),
      })
      .then((made) => made && onSynthesized());
  };

  return (
    <section aria-labelledby="synth-heading" className="card">
      <h3 id="synth-heading">Synthetic samples</h3>
      <p className="dataset__hint">
        Every installed speech engine (espeak-ng, flite, piper) speaks the phrase in its voices, at varied speeds and pitches (16 kHz mono WAV). More engines generalise better; recordings of
        real people make a model good.
      </p>
      {engines && <EngineList engines={engines} error={enginesError} />}
      {engines && !available && <p className="dataset__hint">No speech engine is installed: install one of the above, then reopen this panel.</p>}
      <form className="dataset__row" onSubmit={submit}>
        <label className="dataset__grow">
          Wake phrase <input type="text" value={phrase}
            onChange={(e) => {
              setPhraseEdited(true);
              setPhrase(e.target.value);
            }}
            placeholder="hey nova" maxLength={200} />
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
      <NegativeSpeechForm phrase={phrase} canGenerate={canSynthesize && available && !busy} onGenerated={onSynthesized} />
      {busy && <SynthProgressBar label="Synthesis progress" progress={progress} />}
      <ErrorNotice text={synth.error} onDismiss={synth.dismissError} />
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
