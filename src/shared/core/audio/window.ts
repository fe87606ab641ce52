/**
 * torch.hann_window(win_length, periodic=True), centred inside n_fft with zeros as torch.stft does when
 * win_length < n_fft.
 */
export function periodicHannWindow(winLength: number, nFft: number): Float64Array {
  if (winLength > nFft) throw new RangeError(`win_length (${winLength}) must not exceed n_fft (${nFft})`);
  const window = new Float64Array(nFft);
  const left = Math.floor((nFft - winLength) / 2);
  for (let i = 0; i < winLength; i += 1) {
    window[left + i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / winLength);
  }
  return window;
}
