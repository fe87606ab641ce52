import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { DemoButton } from './demo-button';

/**
 * Open or create a workspace by typing its path (always possible, and the only way in a browser), by the
 * native folder chooser (desktop), or from the recent list kept in settings.
 */
export function WorkspaceChooser({ status }: { readonly status: WorkspaceStatus | null }) {
  const api = useApi();
  const [typed, setTyped] = useState('');
  const [recent, setRecent] = useState<readonly string[]>([]);
  const request = useRequest((work: () => Promise<unknown>) => work());
  const busy = request.running;

  useEffect(() => {
    let live = true;
    void api.invoke('settings:get').then((settings) => live && setRecent(settings.recentWorkspaces));
    const off = api.on('settings:changed', (settings) => setRecent(settings.recentWorkspaces));
    return () => {
      live = false;
      off();
    };
  }, [api]);

  useEffect(() => {
    if (status) setTyped(status.path);
  }, [status]);

  const run = (work: () => Promise<unknown>): void => void request.run(work);

  const open = (folder: string): void => run(() => api.invoke('workspace:open', { path: folder }));
  const create = (): void => run(() => api.invoke('workspace:create', { path: typed }));
  const choose = (): void =>
    run(async () => {
      const folder = await api.invoke('workspace:pick-folder');
      if (folder !== null) await api.invoke('workspace:open', { path: folder });
    });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    open(typed);
  };

  return (
    <section aria-labelledby="workspace-heading" className="card">
      <h3 id="workspace-heading">Workspace</h3>
      <p data-testid="workspace-path">
        {status ? (
          <>
            Open: <code>{status.path}</code>
            {!status.exists && <strong> (folder not found)</strong>}
          </>
        ) : (
          'No workspace is open yet: type a folder path below and open it, or create a new workspace there.'
        )}
      </p>
      {status && status.exists && status.missingFolders.length > 0 && (
        <p className="dataset__hint">
          Missing folders: {status.missingFolders.join(', ')}. “New workspace” on this path creates them without touching existing files.
        </p>
      )}
      <form className="dataset__row" onSubmit={submit}>
        <label className="dataset__grow">
          Workspace folder{' '}
          <input type="text" value={typed} onChange={(event) => setTyped(event.target.value)} placeholder="/path/to/my-wakeword" spellCheck={false} />
        </label>
        <button type="submit" disabled={busy || typed.trim() === ''}>
          Open workspace
        </button>
        <button type="button" disabled={busy || typed.trim() === ''} onClick={create}>
          New workspace
        </button>
        {api.host === 'electron' && (
          <button type="button" disabled={busy} onClick={choose}>
            Choose folder…
          </button>
        )}
      </form>
      <DemoButton folder={typed} />
      <ErrorNotice text={request.error} onDismiss={request.dismissError} />
      {recent.length > 0 && (
        <nav aria-label="Recent workspaces">
          <h4>Recent workspaces</h4>
          <ul className="dataset__recent">
            {recent.map((folder) => (
              <li key={folder}>
                <button type="button" className="link-button" disabled={busy || folder === status?.path} onClick={() => open(folder)}>
                  {folder}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
