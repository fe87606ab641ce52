import type { SynthEngines } from '../../shared/core/dataset/synth/synth-types';
import { formatCount } from './format';

/** The speech engines found with their voices, and for each missing one how to install it. */
export function EngineList({ engines, error }: { readonly engines: SynthEngines; readonly error: string | null }) {
  return (
    <div className="dataset__engines">
      {error && <p className="dataset__hint">Could not list the speech engines: {error}</p>}
      <ul aria-label="Speech engines">
        {engines.engines.map((engine) => (
          <li key={engine.id} data-testid={`engine-${engine.id}`}>
            {engine.available ? (
              <details>
                <summary>
                  <strong>{engine.id}</strong>: {formatCount(engine.voices.length)} voice{engine.voices.length === 1 ? '' : 's'}
                  {engine.version ? ` (${engine.version})` : ''}
                </summary>
                <p className="dataset__voices">{engine.voices.join(', ')}</p>
              </details>
            ) : (
              <>
                <strong>{engine.id}</strong>: not available ({engine.problem ?? 'no voices'})
                <pre role="note" aria-label={`How to install ${engine.id}`} className="dataset__install">
                  {engine.install.map((step) => `${step.platform}: ${step.command}`).join('\n')}
                </pre>
              </>
            )}
            {engine.notes.map((note) => (
              <p key={note} className="dataset__hint">
                {note}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
