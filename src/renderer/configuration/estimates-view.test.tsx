import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DSCNN_DEFAULT_CONFIG } from '../../shared/config/defaults';
import { estimateConfig, formatDuration } from '../../shared/config/estimate';
import { EstimatesView } from './estimates-view';

describe('EstimatesView', () => {
  it('shows the one-time embedding pass for an openWakeWord config', () => {
    const estimate = estimateConfig(DEFAULT_CONFIG, { autoBackend: 'wasm', trainClips: 1000 });
    render(<EstimatesView estimate={estimate} />);
    const preparation = screen.getByTestId('estimate-preparation');
    expect(preparation).toHaveTextContent(`≈ ${formatDuration(estimate.preparation!.seconds)} to embed ${estimate.preparation!.examples.toLocaleString('en-US')} clips and copies`);
    expect(screen.getByTestId('estimate-time')).toHaveTextContent('(each clip with its augmented copies)');
  });

  it('has no embedding line for a log-mel config', () => {
    render(<EstimatesView estimate={estimateConfig(DSCNN_DEFAULT_CONFIG, { autoBackend: 'wasm', trainClips: 1000 })} />);
    expect(screen.getByTestId('estimate-time')).toBeInTheDocument();
    expect(screen.queryByTestId('estimate-preparation')).toBeNull();
  });
});
