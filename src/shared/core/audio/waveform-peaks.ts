/**
 * A waveform overview: the peak amplitude of each of `points` equal slices of the audio, rounded to 3 digits
 * so an hour-long recording's overview stays a few kilobytes on the wire. Pure: the evaluator computes it for
 * scored recordings, the panel for clips it decoded itself.
 */
export function waveformPeaks(audio: ArrayLike<number>, points: number): number[] {
  const count = Math.max(0, Math.min(Math.floor(points), audio.length));
  const peaks: number[] = [];
  for (let p = 0; p < count; p++) {
    const from = Math.floor((p * audio.length) / count);
    const to = Math.floor(((p + 1) * audio.length) / count);
    let peak = 0;
    for (let i = from; i < to; i++) peak = Math.max(peak, Math.abs(audio[i] ?? 0));
    peaks.push(Math.round(Math.min(1, peak) * 1000) / 1000);
  }
  return peaks;
}
