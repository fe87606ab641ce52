/**
 * The scanner's fast path for the common case: a plain RIFF/WAVE file whose `fmt ` and `data` chunks sit in
 * the head already read, with nothing to warn about. It answers in a fraction of a microsecond, where the
 * general probe (generators, one per byte range, and strings for every chunk id) takes a few; on a cold scan
 * of 50,000 files that is a tenth of the time. It never decides anything the general probe would decide
 * differently: for anything else (RF64, a codec or bit depth it does not take, a truncated, damaged or
 * unusual header, a warning) it returns null and the caller runs the general probe, which then gives the
 * reason or the warnings. probe-wav-fast.test.ts checks the two agree on every file the fast path accepts.
 *
 * The chunk walk is the shared one (riff.ts); what this file adds is refusing everything but the clean case.
 */
import type { AudioInfo } from '../../shared/core/dataset/formats/probe-types';
import { UNKNOWN_CHUNK_SIZE, walkWavChunks, WAVE_FORMAT_IEEE_FLOAT as IEEE_FLOAT, WAVE_FORMAT_PCM as PCM, wavForm } from '../../shared/core/audio/riff';

const MAX_SAMPLE_RATE = 768_000;

/**
 * `head` holds the file's first `headLength` bytes (at most the whole file), `size` is the file's size.
 * Returns the facts of a clean PCM or float WAV file, or null when the general probe must decide.
 */
export function probeWavFast(head: Uint8Array, headLength: number, size: number): AudioInfo | null {
  if (size < 12 || headLength < 12 || headLength > head.length) return null;
  if (wavForm(head) !== 'RIFF') return null;
  // The same walk as the general probe; it gives up where that one would read past the head.
  const layout = walkWavChunks(head, headLength, 0, size);
  const { fmt, data } = layout;
  if (layout.resumeAt >= 0 || layout.corruptAt >= 0 || layout.sawDs64 || fmt === null || data === null || data.size === UNKNOWN_CHUNK_SIZE) return null;
  const { tag, bits, channels, sampleRate, blockAlign } = fmt;
  const dataSize = data.size;
  const dataOffset = data.offset;
  if (tag === PCM) {
    if (bits !== 8 && bits !== 16 && bits !== 24 && bits !== 32) return null;
  } else if (tag === IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) return null;
  } else {
    return null;
  }
  if (channels === 0 || sampleRate === 0 || sampleRate > MAX_SAMPLE_RATE) return null;
  if (dataSize > size - dataOffset) return null;
  const frameBytes = channels * (bits / 8);
  if (blockAlign !== frameBytes || dataSize % frameBytes !== 0) return null;
  const frames = dataSize / frameBytes;
  if (frames === 0) return null;
  return { format: 'wav', codec: tag === PCM ? 'pcm' : 'float', sampleRate, channels, bitDepth: bits, durationSeconds: frames / sampleRate };
}
