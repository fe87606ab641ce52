import { describe, expect, it } from 'vitest';
import { waveformPeaks } from './waveform-peaks';

describe('waveformPeaks', () => {
  it('takes the peak magnitude of each equal slice, rounded to 3 digits', () => {
    expect(waveformPeaks([0, 0.5, -0.8, 0.1, 0, 0, 0.12345, -0.2], 4)).toEqual([0.5, 0.8, 0, 0.2]);
  });

  it('never makes more points than samples, and clips at full scale', () => {
    expect(waveformPeaks([1.5, -0.25], 10)).toEqual([1, 0.25]);
    expect(waveformPeaks([], 10)).toEqual([]);
  });
});
