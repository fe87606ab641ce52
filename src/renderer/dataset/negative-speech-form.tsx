import { useState, type FormEvent } from 'react';
import type { RequestArgs } from '../../shared/contract/api';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { formatCount } from './format';
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
  const speech = useRequest((args: RequestArgs<'dataset:negative-speech'>) => api.invoke('dataset:negative-speech', args));
  const { running: busy, result } = speech;
  const progress = useSynthProgress(busy);
  const value = Number(hours);
  const hoursProblem = hours.trim() !== '' && Number.isFinite(value) && value > 0 && value <= MAX_HOURS ? null : `hours must be a number above 0 and at most ${MAX_HOURS}`;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    speech.reset();
    const wake = phrase.trim();
    void speech.run({ hours: value, ...(wake !== '' ? { phrase: wake } : {}) }).then((made) => made && onGenerated());
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
      <ErrorNotice text={speech.error} onDismiss={speech.dismissError} />
      {result && (
        <p data-testid="negative-speech-result">
          {formatCount(result.files.length)} file{result.files.length === 1 ? '' : 's'}, {(result.seconds / 60).toFixed(1)} minutes of speech ({formatCount(result.sentences)} sentences, {formatCount(result.voices)} voices) in <code>{result.folder}</code>.
        </p>
      )}
    </form>
  );
}
