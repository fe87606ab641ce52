import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import type { CurrentConfig } from '../../shared/contract/config-contract';
import { DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { checkConfig } from '../../shared/config/validate';
import type { DatasetOverview, ScanSummary, SplitSummary, WorkspaceStatus } from '../../shared/core/dataset/dataset-types';
import { healthReport } from '../../shared/core/dataset/health-report';
import type { ManifestEntry } from '../../shared/core/dataset/manifest';
import { scanSummary } from '../../shared/core/dataset/scan-summary';
import { splitCounts, splitDataset } from '../../shared/core/dataset/split';
import { ApiProvider } from '../app/api-context';
import { createFakeApi, type FakeResponders } from '../test-support/fake-api';
import { DatasetPanel } from './dataset-panel';

const WS: WorkspaceStatus = { path: '/data/ws', exists: true, missingFolders: [] };

function entries(): ManifestEntry[] {
  const valid = (category: ManifestEntry['category'], i: number): ManifestEntry => ({
    category,
    path: `${category}/${i}.wav`,
    sizeBytes: 1,
    mtimeMs: 1,
    status: 'valid',
    format: 'wav',
    codec: 'pcm',
    sampleRate: 16000,
    channels: 1,
    bitDepth: 16,
    durationSeconds: 1,
    warnings: [],
  });
  return [
    ...Array.from({ length: 12 }, (_, i) => valid('positive', i)),
    ...Array.from({ length: 30 }, (_, i) => valid('negative', i)),
    { category: 'negative', path: 'negative/broken.wav', sizeBytes: 0, mtimeMs: 1, status: 'invalid', reason: 'zero-length file' },
  ];
}

function summary(): ScanSummary {
  return scanSummary({ version: 1, scannerVersion: 1, scannedAt: '2025-01-01T00:00:00.000Z', ignoredFiles: 0, files: entries() }, { durationMs: 120, reusedFromCache: 0 });
}

function splitSummary(): SplitSummary {
  const result = splitDataset(entries(), { ratios: [0.7, 0.15, 0.15], seed: 42, groupBy: 'none' });
  return { createdAt: '2025-01-01T00:00:00.000Z', seed: 42, ratios: [0.7, 0.15, 0.15], groupBy: 'none', counts: splitCounts(result.splits), background: 0, rirs: 0, skipped: 1 };
}

function renderPanel(responders: FakeResponders = {}, overview: DatasetOverview = { workspace: WS, scan: null, split: null }) {
  const fake = createFakeApi({
    'dataset:overview': () => overview,
    'settings:get': () => ({ ...DEFAULT_SETTINGS, workspace: WS.path, recentWorkspaces: [WS.path, '/data/older'] }),
    ...responders,
  });
  render(
    <ApiProvider api={fake.api}>
      <DatasetPanel />
    </ApiProvider>,
  );
  return fake;
}

describe('DatasetPanel', () => {
  it('asks for a workspace when none is open and opens a typed path', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({ 'workspace:open': () => WS }, { workspace: null, scan: null, split: null });
    expect(await screen.findByText(/No workspace is open yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Scan dataset' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Choose folder…' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Workspace folder' }), '/data/ws');
    await user.click(screen.getByRole('button', { name: 'Open workspace' }));
    expect(fake.invoke).toHaveBeenCalledWith('workspace:open', { path: '/data/ws' });
  });

  it('creates a new workspace and reopens a recent one', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({ 'workspace:create': () => WS, 'workspace:open': () => WS });
    const field = await screen.findByRole('textbox', { name: 'Workspace folder' });
    await waitFor(() => expect(field).toHaveValue('/data/ws'));
    await user.clear(field);
    await user.type(field, '/data/new');
    await user.click(screen.getByRole('button', { name: 'New workspace' }));
    expect(fake.invoke).toHaveBeenCalledWith('workspace:create', { path: '/data/new' });
    const recent = screen.getByRole('navigation', { name: 'Recent workspaces' });
    await user.click(within(recent).getByRole('button', { name: '/data/older' }));
    expect(fake.invoke).toHaveBeenCalledWith('workspace:open', { path: '/data/older' });
  });

  it('says in words why a workspace cannot be opened, never the request name, and the message can be dismissed', async () => {
    const user = userEvent.setup();
    renderPanel({
      'workspace:open': () => {
        throw new Error('Could not open /nope: the folder does not exist');
      },
    });
    const field = await screen.findByRole('textbox', { name: 'Workspace folder' });
    await user.clear(field);
    await user.type(field, '/nope');
    await user.click(screen.getByRole('button', { name: 'Open workspace' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not open /nope: the folder does not exist');
    expect(alert.textContent).not.toMatch(/workspace:open|failed/);
    await user.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('lays the panel out in workflow order: workspace, scan, health, split, then the ways to add data', async () => {
    renderPanel({}, { workspace: WS, scan: summary(), split: splitSummary() });
    await screen.findByTestId('health-score');
    const headings = screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent ?? '');
    const order = ['Workspace', 'Scan', 'Dataset health', 'Split', 'Add data', 'Add audio', 'Synthetic samples', 'Record'];
    const positions = order.map((name) => headings.findIndex((text) => text.startsWith(name)));
    expect(positions).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('says at a glance whether the dataset is ready: the score, a verdict in words and how many problems and warnings', async () => {
    renderPanel({}, { workspace: WS, scan: summary(), split: null });
    const report = healthReport(entries());
    expect(await screen.findByTestId('health-score')).toHaveTextContent(String(report.score));
    const problems = report.findings.filter((finding) => finding.severity === 'error').length;
    const warnings = report.findings.filter((finding) => finding.severity === 'warning').length;
    const verdict = screen.getByTestId('health-verdict');
    expect(verdict).toHaveTextContent(report.score >= 80 ? 'Ready to train' : report.score >= 50 ? 'Trainable, with gaps' : 'Fix the problems first');
    expect(verdict).toHaveTextContent(`${String(problems)} problem${problems === 1 ? '' : 's'}, ${String(warnings)} warning${warnings === 1 ? '' : 's'}`);
    expect(screen.getByLabelText('Health score')).toHaveAttribute('value', String(report.score));
  });

  it('scans with a progress bar, then shows counts, invalid files and the health report', async () => {
    const user = userEvent.setup();
    let finish: (value: { status: 'completed'; summary: ScanSummary }) => void = () => undefined;
    const fake = renderPanel({ 'dataset:scan': () => new Promise((resolve) => (finish = resolve)), 'dataset:cancel-scan': () => true });
    const scan = await screen.findByRole('button', { name: 'Scan dataset' });
    await waitFor(() => expect(scan).toBeEnabled());
    await user.click(scan);
    expect(scan).toBeDisabled();
    fake.emit('dataset:scan-progress', { workspace: WS.path, phase: 'reading', done: 10, total: 43 });
    const bar = await screen.findByRole('progressbar', { name: 'Scan progress' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '10'));
    expect(bar).toHaveAttribute('max', '43');
    expect(screen.getByText('Reading headers: 10 of 43 files')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel scan' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:cancel-scan');

    finish({ status: 'completed', summary: summary() });
    expect(await screen.findByTestId('count-positive')).toHaveTextContent('12');
    expect(screen.getByTestId('count-negative')).toHaveTextContent('31');
    expect(screen.getByTestId('invalid-negative')).toHaveTextContent('1');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Invalid files' })).getByText(/zero-length file/)).toBeInTheDocument();
    expect(screen.getByTestId('health-score')).toHaveTextContent(String(healthReport(entries()).score));
    expect(within(screen.getByRole('list', { name: 'Findings' })).getByText(/only 12 positives: aim for 1,000\+/)).toBeInTheDocument();
  });

  it('says when a scan was cancelled or failed', async () => {
    const user = userEvent.setup();
    renderPanel({
      'dataset:scan': () => {
        throw new Error('/data/ws has no data/raw folder');
      },
    });
    const scan = await screen.findByRole('button', { name: 'Scan dataset' });
    await waitFor(() => expect(scan).toBeEnabled());
    await user.click(scan);
    expect(await screen.findByRole('alert')).toHaveTextContent('has no data/raw folder');
    expect(scan).toBeEnabled();
  });

  it('splits with the chosen ratios, seed and grouping and shows counts per split', async () => {
    const user = userEvent.setup();
    const fake = renderPanel({ 'dataset:split': () => splitSummary() }, { workspace: WS, scan: summary(), split: null });
    const button = await screen.findByRole('button', { name: 'Split dataset' });
    await waitFor(() => expect(button).toBeEnabled());
    const seed = screen.getByRole('spinbutton', { name: 'Seed' });
    await user.clear(seed);
    await user.type(seed, '7');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Keep together' }), 'folder');
    await user.click(button);
    expect(fake.invoke).toHaveBeenCalledWith('dataset:split', { ratios: [0.7, 0.15, 0.15], seed: 7, groupBy: 'folder' });
    expect(await screen.findByTestId('split-train-positive')).toHaveTextContent('8');
    expect(screen.getByTestId('split-val-negative')).toHaveTextContent('5');
    expect(screen.getByTestId('split-test-files')).toHaveTextContent('6');
  });

  it("takes the split ratios from the configuration, and saves other ratios there before splitting (one source for both panels)", async () => {
    const user = userEvent.setup();
    let config: Record<string, unknown> = { ...DSCNN_DEFAULT_CONFIG };
    const current = (): CurrentConfig => ({ workspace: WS.path, preset: 'dscnn_default', name: null, config, validation: checkConfig(config), trainClips: null, storeWarnings: [] });
    const fake = renderPanel(
      {
        'dataset:split': () => splitSummary(),
        'config:current-get': current,
        'config:current-set': (args) => {
          config = (args as { config: Record<string, unknown> }).config;
          return current();
        },
      },
      { workspace: WS, scan: summary(), split: null },
    );
    const train = await screen.findByRole('spinbutton', { name: 'Train ratio' });
    await waitFor(() => expect(train).toHaveValue(0.8));
    expect(screen.getByRole('spinbutton', { name: 'Validation ratio' })).toHaveValue(0.1);
    expect(screen.getByTestId('split-source')).toHaveTextContent('Training uses the split made here');
    await user.click(screen.getByRole('button', { name: 'Split dataset' }));
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:split', { ratios: [0.8, 0.1, 0.1], seed: 42, groupBy: 'none' }));
    expect(fake.invoke).not.toHaveBeenCalledWith('config:current-set', expect.anything());

    await user.clear(train);
    await user.type(train, '0.7');
    const validation = screen.getByRole('spinbutton', { name: 'Validation ratio' });
    await user.clear(validation);
    await user.type(validation, '0.2');
    await user.click(screen.getByRole('button', { name: 'Split dataset' }));
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:split', { ratios: [0.7, 0.2, 0.1], seed: 42, groupBy: 'none' }));
    expect(config['split']).toEqual({ train: 0.7, validation: 0.2, test: 0.1 });
    const order = fake.invoke.mock.calls.map(([name]) => name).filter((name) => name === 'config:current-set' || name === 'dataset:split');
    expect(order.slice(-2)).toEqual(['config:current-set', 'dataset:split']);
  });

  it('says when data/raw changed after the scan or split, refreshes on dataset:changed, and brings it up to date in one click', async () => {
    const user = userEvent.setup();
    let overview: DatasetOverview = { workspace: WS, scan: summary(), split: splitSummary(), freshness: { dataChangedAt: null, scanStale: false, splitStale: false } };
    const fake = renderPanel({ 'dataset:overview': () => overview, 'dataset:scan': () => ({ status: 'completed', summary: summary() }), 'dataset:split': () => splitSummary() });
    await screen.findByTestId('split-train-positive');
    expect(screen.queryByTestId('dataset-stale')).toBeNull();

    // Synthesis or "Add to hard_negative" (or a file manager) wrote to data/raw: the watcher says so.
    overview = { ...overview, freshness: { dataChangedAt: '2025-01-02T00:00:00.000Z', scanStale: true, splitStale: true } };
    act(() => fake.emit('dataset:changed', { workspace: WS.path, changedAt: '2025-01-02T00:00:00.000Z' }));
    const stale = await screen.findByTestId('dataset-stale');
    expect(stale).toHaveTextContent('data/raw changed after the last scan');
    overview = { ...overview, freshness: { dataChangedAt: '2025-01-02T00:00:00.000Z', scanStale: false, splitStale: true } };
    await user.click(within(stale).getByRole('button', { name: 'Rescan now' }));
    expect(fake.invoke).toHaveBeenCalledWith('dataset:scan');
    await waitFor(() => expect(screen.getByTestId('dataset-stale')).toHaveTextContent('data/raw changed after the last split'));
    overview = { ...overview, freshness: { dataChangedAt: '2025-01-02T00:00:00.000Z', scanStale: false, splitStale: false } };
    await user.click(screen.getByRole('button', { name: 'Split again' }));
    // The last split's seed and grouping, with the ratios it used (no configuration in this fake).
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('dataset:split', { ratios: [0.7, 0.15, 0.15], seed: 42, groupBy: 'none' }));
    await waitFor(() => expect(screen.queryByTestId('dataset-stale')).toBeNull());
  });

  it('waits for a running scan before it splits: the manifest the split reads is being rewritten', async () => {
    const user = userEvent.setup();
    let finish: (value: { status: 'completed'; summary: ScanSummary }) => void = () => undefined;
    renderPanel({ 'dataset:scan': () => new Promise((resolve) => (finish = resolve)) }, { workspace: WS, scan: summary(), split: null });
    const split = await screen.findByRole('button', { name: 'Split dataset' });
    await waitFor(() => expect(split).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Scan dataset' }));
    expect(split).toBeDisabled();
    expect(screen.getByText('A scan is running: split once it has finished, so the split covers what it finds.')).toBeInTheDocument();
    act(() => finish({ status: 'completed', summary: summary() }));
    await waitFor(() => expect(split).toBeEnabled());
    expect(screen.queryByText(/A scan is running/)).toBeNull();
  });

  it('will not split with ratios that do not add up', async () => {
    const user = userEvent.setup();
    renderPanel({}, { workspace: WS, scan: summary(), split: null });
    const train = await screen.findByRole('spinbutton', { name: 'Train ratio' });
    await user.clear(train);
    await user.type(train, '0.9');
    expect(screen.getByRole('button', { name: 'Split dataset' })).toBeDisabled();
    expect(screen.getByText('ratios must add up to 1 (they add up to 1.2)')).toBeInTheDocument();
  });

  it('offers the native folder chooser on the desktop', async () => {
    const user = userEvent.setup();
    const fake = createFakeApi({
      'dataset:overview': () => ({ workspace: null, scan: null, split: null }),
      'workspace:pick-folder': () => '/picked',
      'workspace:open': () => WS,
    });
    const api = { ...fake.api, host: 'electron' as const };
    render(
      <ApiProvider api={api}>
        <DatasetPanel />
      </ApiProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(fake.invoke).toHaveBeenCalledWith('workspace:open', { path: '/picked' }));
  });
});
