/**
 * Placing clips in openWakeWord's 2 s classifier window. A detector streaming audio fires when the phrase has
 * just ended, so phrases are placed to end shortly before the window's end (as openWakeWord's training data
 * does); long recordings are cut into windows.
 */
import type { Rng } from '../audio/rng';

/** A `length`-sample window with `clip` ending `endPad` samples before its end (a longer clip keeps its tail). */
export function endAlignedWindow(clip: Float32Array, length: number, endPad: number): Float32Array {
  const out = new Float32Array(length);
  const pad = Math.max(0, Math.min(length - 1, Math.round(endPad)));
  const room = length - pad;
  const take = Math.min(clip.length, room);
  out.set(clip.subarray(clip.length - take), room - take);
  return out;
}

/** A `length`-sample window holding `clip` at a random position (a longer clip is cropped at random). */
export function randomWindow(clip: Float32Array, length: number, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  if (clip.length >= length) {
    const start = rng.int(0, clip.length - length);
    out.set(clip.subarray(start, start + length));
  } else {
    out.set(clip, rng.int(0, length - clip.length));
  }
  return out;
}

/** Starts of `length`-sample windows every `hop` samples; the last window ends at the recording's end. */
export function windowStarts(samples: number, length: number, hop: number): number[] {
  if (samples <= length) return [0];
  const starts: number[] = [];
  for (let start = 0; start + length <= samples; start += hop) starts.push(start);
  const last = samples - length;
  if ((starts[starts.length - 1] ?? -1) < last) starts.push(last);
  return starts;
}

/** The window at `start`, zero-padded past the end of the recording. */
export function windowAt(audio: Float32Array, start: number, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(audio.subarray(start, Math.min(audio.length, start + length)));
  return out;
}
