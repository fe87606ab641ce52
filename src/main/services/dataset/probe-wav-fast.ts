/**
 * The scanner's fast path for the common case: a plain RIFF/WAVE file whose `fmt ` and `data` chunks sit in
 * the head already read, with nothing to warn about. It answers in a fraction of a microsecond, where the
 * general probe (generators, one per byte range, and strings for every chunk id) takes a few; on a cold scan
 * of 50,000 files that is a tenth of the time. It never decides anything the general probe would decide
 * differently: for anything else (RF64, a codec or bit depth it does not take, a truncated, damaged or
 * unusual header, a warning) it returns null and the caller runs the general probe, which then gives the
 * reason or the warnings. probe-wav-fast.test.ts checks the two agree on every file the fast path accepts.
 *
 * Self-contained on purpose: no helpers from other modules in this per-file loop.
 */
import type { AudioInfo } from '../../../shared/core/dataset/formats/probe-types';

const PCM = 0x0001;
const IEEE_FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;
const UNKNOWN_SIZE = 0xffffffff;
const MAX_SAMPLE_RATE = 768_000;

/** "RIFF", "WAVE", "fmt ", "data" and "ds64" as little-endian 32-bit words. */
const RIFF = 0x46464952;
const WAVE = 0x45564157;
const FMT = 0x20746d66;
const DATA = 0x61746164;
const DS64 = 0x34367364;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

/** Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID ({xxxxxxxx-0000-0010-8000-00aa00389b71}). */
function standardSubFormat(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 0x00 &&
    bytes[at + 1] === 0x00 &&
    bytes[at + 2] === 0x10 &&
    bytes[at + 3] === 0x00 &&
    bytes[at + 4] === 0x80 &&
    bytes[at + 5] === 0x00 &&
    bytes[at + 6] === 0x00 &&
    bytes[at + 7] === 0xaa &&
    bytes[at + 8] === 0x00 &&
    bytes[at + 9] === 0x38 &&
    bytes[at + 10] === 0x9b &&
    bytes[at + 11] === 0x71
  );
}

function printableId(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

/**
 * `head` holds the file's first `headLength` bytes (at most the whole file), `size` is the file's size.
 * Returns the facts of a clean PCM or float WAV file, or null when the general probe must decide.
 */
export function probeWavFast(head: Uint8Array, headLength: number, size: number): AudioInfo | null {
  if (size < 12 || headLength < 12 || headLength > head.length) return null;
  if (u32(head, 0) !== RIFF || u32(head, 8) !== WAVE) return null;
  let haveFmt = false;
  let tag = 0;
  let channels = 0;
  let sampleRate = 0;
  let blockAlign = 0;
  let bits = 0;
  let dataOffset = -1;
  let dataSize = 0;
  let offset = 12;
  // The same walk as the general probe, but it gives up where that one would read past the head.
  while (offset + 8 <= size && (!haveFmt || dataOffset < 0)) {
    if (offset + 8 > headLength || !printableId(head, offset)) return null;
    const id = u32(head, offset);
    const chunkSize = u32(head, offset + 4);
    if (id === DS64) return null;
    if (id === FMT) {
      const bodyEnd = Math.min(offset + 8 + Math.min(chunkSize, 40), size);
      if (chunkSize < 16 || bodyEnd > headLength || bodyEnd - (offset + 8) < 16) return null;
      const body = offset + 8;
      tag = u16(head, body);
      if (tag === EXTENSIBLE) {
        if (chunkSize < 40 || bodyEnd - body < 40 || !standardSubFormat(head, body + 28)) return null;
        tag = u16(head, body + 24);
      }
      channels = u16(head, body + 2);
      sampleRate = u32(head, body + 4);
      blockAlign = u16(head, body + 12);
      bits = u16(head, body + 14);
      haveFmt = true;
    } else if (id === DATA) {
      if (chunkSize === UNKNOWN_SIZE) return null;
      dataOffset = offset + 8;
      dataSize = chunkSize;
    }
    offset += 8 + chunkSize + (chunkSize % 2);
  }
  if (!haveFmt || dataOffset < 0) return null;
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
