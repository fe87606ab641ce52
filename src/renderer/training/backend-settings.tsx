import { useEffect, useState } from 'react';
import { type AppInfo } from '../../shared/contract/api';
import { BACKEND_CHOICES, type BackendChoice } from '../../shared/contract/backend-choices';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { errorMessage } from '../../shared/error-message';

/** Which backends this machine offers and why; the choice is a persisted setting. */
export function BackendSettings({ info }: { readonly info: AppInfo }) {
  const api = useApi();
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('settings:get').then((settings) => live && setChoice(settings.backend));
    const off = api.on('settings:changed', (settings) => setChoice(settings.backend));
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const change = (value: BackendChoice): void => {
    setError(null);
    api.invoke('settings:set', { backend: value }).catch((reason: unknown) => setError(errorMessage(reason)));
  };

  return (
    <section aria-labelledby="backend-heading" className="card">
      <h3 id="backend-heading">Training backend</h3>
      <label>
        Backend{' '}
        <select value={choice ?? 'auto'} disabled={choice === null} onChange={(event) => change(event.target.value as BackendChoice)}>
          {BACKEND_CHOICES.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <p data-testid="selected-backend">
        Training will run on <strong>{info.selectedBackend.id}</strong>: {info.selectedBackend.reason}
      </p>
      <ErrorNotice text={error} onDismiss={() => setError(null)} />
      <table className="table">
        <caption className="visually-hidden">Backends on this machine</caption>
        <thead>
          <tr>
            <th scope="col">Backend</th>
            <th scope="col">Available</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {info.backends.map((backend) => (
            <tr key={backend.id}>
              <th scope="row">{backend.id}</th>
              <td>{backend.available ? 'yes' : 'no'}</td>
              <td>{backend.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
