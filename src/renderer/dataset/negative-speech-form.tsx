import { useState, type FormEvent } from 'react';
import type { NegativeSpeechResult } from '../../shared/core/dataset/synth/synth-types';
import { useApi } from '../app/api-context';
import { errorMessage, formatCount } from './format';
import { SynthProgressBar } from './synth-progress-bar';
import { useSynthProgress } from './use-synth';

const MAX_HOURS = 100;

/**
 * "Generate negative speech": hours of random everyday sentences in every voice, as long files in
 * data/raw/negative/speech/generated, so false accepts on continuous speech can be trained away and measured.
 */
export function NegativeSpeechForm({ phrase, canGenerate, onGenerated }: { readonly phrase: string; readonly canGenerate: boolean; readonly onGenerated: () => void }) {
  const api = useApi();
  const [hours, setHours] = useState('1');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<NegativeSpeechResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useSynthProgress(busy);
  const value = Number(hours);
  const hoursProblem = hours.trim() !== '' && Number.isFinite(value) && value > 0 && value <= MAX_HOURS ? null : `hours must be a number above 0 and at most ${MAX_HOURS}`;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const wake = phrase.trim();
    api
      .invoke('dataset:negative-speech', { hours: value, ...(wake !== '' ? { phrase: wake } : {}) })
      .then(
        (made) => {
          setResult(made);
          onGenerated();
        },
        (reason: unknown) => setError(errorMessage(reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="dataset__row" aria-label="Negative speech" onSubmit={submit}>
      <label>
        Hours of speech <input type="number" min={0} max={MAX_HOURS} step="any" value={hours} onChange={(e) => setHours(e.target.value)} />
      </label>
      <button type="submit" disabled={!canGenerate || busy || hoursProblem !== null}>
        Generate negative speech
      </button>
      {busy && (
        <button type="button" onClick={() => void api.invoke('dataset:cancel-synth')}>
          Cancel
        </button>
      )}
      <span className="dataset__hint">Random everyday sentences in every voice, never the wake phrase{phrase.trim() !== '' ? ` (“${phrase.trim()}”)` : ''}, as long files in data/raw/negative/speech/generated.</span>
      {hoursProblem && <p className="dataset__hint">{hoursProblem}</p>}
      {busy && <SynthProgressBar label="Negative speech progress" progress={progress} />}
      {error && <p role="alert">{error}</p>}
      {result && (
        <p data-testid="negative-speech-result">
          {formatCount(result.files.length)} file{result.files.length === 1 ? '' : 's'}, {(result.seconds / 60).toFixed(1)} minutes of speech ({formatCount(result.sentences)} sentences, {formatCount(result.voices)} voices) in <code>{result.folder}</code>.
        </p>
      )}
    </form>
  );
}
