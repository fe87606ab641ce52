import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ScoreTimeline } from './score-timeline';

const base = { name: 'x.wav', waveform: [0.5, 1], threshold: 0.75, position: null } as const;

describe('ScoreTimeline', () => {
  it('draws a clip scored once as one level across it, with the threshold line and no detections', () => {
    render(<ScoreTimeline {...base} durationSeconds={1.2} times={[]} scores={[]} clipScore={0.25} detections={[]} />);
    const plot = screen.getByRole('img', { name: 'Score over time of x.wav: one clip score, 0.250; 0 detection(s) at threshold 0.750' });
    // Score 0.25 sits three quarters down the 100-unit score strip that starts at 72.
    expect(screen.getByTestId('timeline-score')).toHaveAttribute('points', '0,147.0 1000,147.0');
    expect(plot.querySelector('.timeline__threshold')).toHaveAttribute('y1', '97');
    expect(screen.queryByTestId('timeline-detection')).toBeNull();
    expect(screen.queryByTestId('timeline-playhead')).toBeNull();
    // Peaks are mirrored about the waveform strip's centre (y 32).
    expect(screen.getByTestId('timeline-waveform').getAttribute('d')).toBe('M250.0,17.5L750.0,3.5L750.0,60.5L250.0,46.5Z');
  });

  it('thins an hour of steps to at most 2000 points without losing a peak', () => {
    const times = Array.from({ length: 45_000 }, (_, i) => i * 0.08);
    const scores = times.map((_, i) => (i === 22_223 ? 0.97 : 0.05));
    render(<ScoreTimeline {...base} durationSeconds={3600} times={times} scores={scores} clipScore={0} detections={[]} />);
    const points = (screen.getByTestId('timeline-score').getAttribute('points') ?? '').split(' ');
    expect(points.length).toBeLessThanOrEqual(2000);
    // The peak keeps its own time: step 22223 at 1777.84 s of 3600 s.
    expect(points).toContain(`${((1777.84 / 3600) * 1000).toFixed(1)},${(72 + 0.03 * 100).toFixed(1)}`);
    expect(screen.getByRole('img', { name: /highest 0\.970/ })).toBeInTheDocument();
  });

  it('reads out the nearest step under the pointer and seeks on click', () => {
    const onSeek = vi.fn();
    render(<ScoreTimeline {...base} durationSeconds={10} times={[1, 5, 9]} scores={[0.1, 0.9, 0.3]} clipScore={0.9} detections={[{ time: 5, start: 4.5, end: 5.5, score: 0.9 }]} onSeek={onSeek} />);
    const plot = screen.getByRole('img', { name: /score over 10\.0 s, highest 0\.900; 1 detection\(s\)/ });
    vi.spyOn(plot, 'getBoundingClientRect').mockReturnValue({ left: 100, width: 500, top: 0, height: 176, right: 600, bottom: 176, x: 100, y: 0, toJSON: () => ({}) });
    fireEvent.mouseMove(plot, { clientX: 330 });
    expect(screen.getByText('4.60 s: score 0.900')).toBeInTheDocument();
    fireEvent.click(plot, { clientX: 150 });
    expect(onSeek).toHaveBeenCalledWith(1);
    expect(screen.getByTestId('timeline-detection')).toHaveAttribute('x', '450');
  });
});
