/**
 * Cuts a live audio stream (pushed in chunks of any size) into windows of `windowSamples` every
 * `hopSamples`, the same windows `windowStarts` gives for a whole recording: window k starts at k x hop.
 */
export class AudioWindower {
  private readonly windowSamples: number;
  private readonly hopSamples: number;
  private buffer = new Float32Array(0);
  /** Stream position of buffer[0]. */
  private bufferStart = 0;
  private received = 0;
  private nextStart = 0;

  constructor(windowSamples: number, hopSamples: number) {
    if (!Number.isInteger(windowSamples) || windowSamples < 1) throw new RangeError(`window must be a positive whole number of samples (got ${String(windowSamples)})`);
    if (!Number.isInteger(hopSamples) || hopSamples < 1) throw new RangeError(`hop must be a positive whole number of samples (got ${String(hopSamples)})`);
    this.windowSamples = windowSamples;
    this.hopSamples = hopSamples;
  }

  /** Adds samples; returns every window completed by them, oldest first. */
  push(samples: ArrayLike<number>): Float32Array[] {
    const joined = new Float32Array(this.buffer.length + samples.length);
    joined.set(this.buffer);
    joined.set(Float32Array.from(samples), this.buffer.length);
    this.buffer = joined;
    this.received += samples.length;
    const windows: Float32Array[] = [];
    while (this.nextStart + this.windowSamples <= this.received) {
      const offset = this.nextStart - this.bufferStart;
      windows.push(this.buffer.slice(offset, offset + this.windowSamples));
      this.nextStart += this.hopSamples;
    }
    // Keep only what the next window still needs.
    const keepFrom = Math.min(this.nextStart, this.received) - this.bufferStart;
    if (keepFrom > 0) {
      this.buffer = this.buffer.slice(keepFrom);
      this.bufferStart += keepFrom;
    }
    return windows;
  }
}
