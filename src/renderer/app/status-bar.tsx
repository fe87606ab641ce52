import type { AppInfo } from '../../shared/contract/api';
import type { Loadable } from './use-app-info';

/** Always visible: which training backend runs and why, whether a GPU is there, which host serves the UI. */
export function StatusBar({ info }: { readonly info: Loadable<AppInfo> }) {
  if (info.state === 'loading') {
    return (
      <footer className="status-bar" aria-label="Status">
        <span>Checking training backends…</span>
      </footer>
    );
  }
  if (info.state === 'error') {
    return (
      <footer className="status-bar status-bar--error" aria-label="Status">
        <span role="alert">Cannot reach the Wakeword Studio services: {info.message}</span>
      </footer>
    );
  }
  const { value } = info;
  return (
    <footer className="status-bar" aria-label="Status">
      <span data-testid="status-backend" title={value.selectedBackend.reason}>
        Backend: <strong>{value.selectedBackend.id}</strong>
      </span>
      <span data-testid="status-gpu" title={value.gpu.detail}>
        GPU: {value.gpu.available ? value.gpu.detail : 'none'}
      </span>
      <span className="status-bar__spacer" />
      <span>{value.host === 'electron' ? 'Desktop' : 'Browser (wakeword serve)'}</span>
      <span>v{value.version}</span>
    </footer>
  );
}
