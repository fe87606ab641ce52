import { useEffect, useState } from 'react';
import { PANEL_IDS, THEMES, type PanelId } from '../../shared/contract/api';
import { useApi } from './api-context';
import { ConfigurationPanel } from '../configuration/configuration-panel';
import { DatasetPanel } from '../dataset/dataset-panel';
import { EvaluationPanel } from '../evaluation/evaluation-panel';
import { ExportPanel } from '../export/export-panel';
import { TrainingPanel } from '../training/training-panel';
import { StatusBar } from './status-bar';
import { Tabs, type TabDefinition } from './tabs';
import { useTheme, type Theme } from './theme';
import { useAppInfo } from './use-app-info';


function panelFromHash(hash: string): PanelId {
  const id = hash.replace(/^#/, '');
  return (PANEL_IDS as readonly string[]).includes(id) ? (id as PanelId) : 'dataset';
}

export function App() {
  const info = useAppInfo();
  const [theme, setTheme] = useTheme();
  // The selected panel lives in the URL hash so a reload (or a reconnecting browser) lands on the same panel.
  const [panel, setPanel] = useState<PanelId>(() => panelFromHash(window.location.hash));
  const api = useApi();
  useEffect(() => {
    const onHash = (): void => setPanel(panelFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    // The desktop shell can ask for a panel, e.g. when the user clicks the "training finished" notification.
    const off = api.on('app:show-panel', ({ panel: id }) => {
      setPanel(id);
      window.history.replaceState(null, '', `#${id}`);
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      off();
    };
  }, [api]);
  const select = (id: PanelId): void => {
    setPanel(id);
    window.history.replaceState(null, '', `#${id}`);
  };

  const tabs: readonly TabDefinition<PanelId>[] = [
    { id: 'dataset', label: 'Dataset', render: () => <DatasetPanel /> },
    { id: 'configuration', label: 'Configuration', render: () => <ConfigurationPanel /> },
    { id: 'training', label: 'Training', render: () => <TrainingPanel info={info} /> },
    { id: 'evaluation', label: 'Evaluation', render: () => <EvaluationPanel /> },
    { id: 'export', label: 'Export', render: () => <ExportPanel /> },
  ];

  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">Wakeword Studio</h1>
        <label className="app__theme">
          Theme{' '}
          <select value={theme ?? 'system'} disabled={theme === null} onChange={(event) => setTheme(event.target.value as Theme)}>
            {THEMES.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </header>
      {info.state === 'ready' &&
        info.value.warnings.map((warning) => (
          <p key={warning} role="alert" className="banner banner--warning">
            {warning}
          </p>
        ))}
      <main className="app__main">
        <Tabs label="Panels" tabs={tabs} selected={panel} onSelect={select} />
      </main>
      <StatusBar info={info} />
    </div>
  );
}
