/**
 * How a long general negative recording is cut for evaluation, exactly as training's validation does
 * (src/ml/training-data.ts): consecutive clip-length windows, dropping a last piece shorter than a quarter clip.
 */
export function negativeWindowStarts(length: number, clipSamples: number): number[] {
  if (length <= clipSamples) return [0];
  const starts: number[] = [];
  for (let start = 0; start < length; start += clipSamples) {
    if (Math.min(length, start + clipSamples) - start < clipSamples / 4) break;
    starts.push(start);
  }
  return starts;
}

/** Seconds of negative audio a file contributes to FAH: its length, or one clip when shorter. */
export function negativeSeconds(length: number, clipSamples: number, sampleRate: number): number {
  return Math.max(length, clipSamples) / sampleRate;
}
