/**
 * The one RIFF/WAVE chunk walker. The decoder, the 16-bit reader, the scan's header probe and its fast path
 * all find `fmt ` and `data` here, so odd-sized chunks (padded to even), chunks before `fmt `, `data` before
 * `fmt `, RF64's ds64 sizes and WAVE_FORMAT_EXTENSIBLE (mapped to its sub-format) are handled once. What to
 * make of the result (decode, refuse, warn) stays with each caller.
 *
 * The walk is synchronous over the bytes it is given and says where it stopped when it needs more, so a
 * caller holding only a file's head can read on from there (the probe) or give up (the fast path).
 */
import { formatBytes } from '../dataset/formats/bytes';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_ALAW = 0x0006;
export const WAVE_FORMAT_MULAW = 0x0007;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** A chunk size a streaming writer never filled in (or RF64's "see ds64"). */
export const UNKNOWN_CHUNK_SIZE = 0xffffffff;
/** Enough bytes for a chunk header and the largest body the walk reads (an EXTENSIBLE fmt chunk). */
export const CHUNK_WINDOW_BYTES = 48;

/** "RIFF", "RF64", "WAVE", "fmt ", "data" and "ds64" as little-endian 32-bit words. */
const RIFF = 0x46464952;
const RF64 = 0x34364652;
const WAVE = 0x45564157;
const FMT = 0x20746d66;
const DATA = 0x61746164;
const DS64 = 0x34367364;

export interface WavFmt {
  /** The format code; for WAVE_FORMAT_EXTENSIBLE, the code of its sub-format. */
  readonly tag: number;
  readonly extensible: boolean;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bits: number;
}

export interface WavLayout {
  readonly fmt: WavFmt | null;
  /** Why the fmt chunk cannot be read, when it cannot (the walk stops there). */
  readonly fmtProblem: string | null;
  /** The data chunk's body offset and declared size (RF64: the ds64 size; may be UNKNOWN_CHUNK_SIZE). */
  readonly data: { readonly offset: number; readonly size: number } | null;
  readonly sawDs64: boolean;
  readonly ds64DataSize: number | null;
  /** Offset of a chunk header that is not four printable characters (the file is damaged), or -1. */
  readonly corruptAt: number;
  /** Offset of the next chunk header the walk needs and the bytes given do not hold (the file does), or -1 when done. */
  readonly resumeAt: number;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

function printableId(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

/** Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID ({xxxxxxxx-0000-0010-8000-00aa00389b71}). */
const KS_GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71] as const;

function standardSubFormat(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < KS_GUID_TAIL.length; i++) if (bytes[at + i] !== KS_GUID_TAIL[i]) return false;
  return true;
}

/** The RIFF form of a file's first 12 bytes: 'RIFF' or 'RF64' with type WAVE, else null. */
export function wavForm(bytes: Uint8Array): 'RIFF' | 'RF64' | null {
  if (bytes.length < 12 || u32(bytes, 8) !== WAVE) return null;
  const form = u32(bytes, 0);
  return form === RIFF ? 'RIFF' : form === RF64 ? 'RF64' : null;
}

/**
 * Parses a fmt chunk body at `at` (`available` bytes of it present, `declaredSize` as its header says); a
 * string is the reason it cannot be used.
 */
export function parseWavFmt(bytes: Uint8Array, at: number, declaredSize: number, available: number): WavFmt | string {
  if (declaredSize < 16 || available < 16) return `fmt chunk too short (${formatBytes(Math.max(0, Math.min(declaredSize, available)))}, need 16)`;
  let tag = u16(bytes, at);
  const extensible = tag === WAVE_FORMAT_EXTENSIBLE;
  if (extensible) {
    if (declaredSize < 40 || available < 40) return 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short (need 40 bytes)';
    if (!standardSubFormat(bytes, at + 28)) return 'unsupported codec (WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format)';
    tag = u16(bytes, at + 24);
  }
  return { tag, extensible, channels: u16(bytes, at + 2), sampleRate: u32(bytes, at + 4), blockAlign: u16(bytes, at + 12), bits: u16(bytes, at + 14) };
}

const START: WavLayout = { fmt: null, fmtProblem: null, data: null, sawDs64: false, ds64DataSize: null, corruptAt: -1, resumeAt: 12 };

/**
 * Walks the chunks of a RIFF/WAVE file (whose form the caller has checked) until both `fmt ` and `data` are
 * found. `bytes[0, length)` holds the file's bytes from offset `base` on, `fileSize` is the whole file's size;
 * pass the previous layout to continue a walk that stopped at its `resumeAt`. Chunks are padded to even sizes;
 * a `data` chunk before `fmt ` is stepped over to find it (unless its size is unknown: then nothing follows).
 */
export function walkWavChunks(bytes: Uint8Array, length: number, base: number, fileSize: number, previous: WavLayout = START): WavLayout {
  let { fmt, data, sawDs64, ds64DataSize } = previous;
  let fmtProblem: string | null = null;
  let corruptAt = -1;
  let resumeAt = -1;
  const end = base + length;
  let offset = previous.resumeAt;
  while (offset + 8 <= fileSize && (fmt === null || data === null)) {
    if (offset + 8 > end) {
      resumeAt = offset;
      break;
    }
    const at = offset - base;
    if (!printableId(bytes, at)) {
      corruptAt = offset;
      break;
    }
    const id = u32(bytes, at);
    const size = u32(bytes, at + 4);
    let step = size;
    if (id === DS64 || id === FMT) {
      const wanted = Math.min(id === DS64 ? 28 : Math.min(size, 40), fileSize - (offset + 8));
      if (offset + 8 + wanted > end) {
        resumeAt = offset;
        break;
      }
      if (id === DS64) {
        sawDs64 = true;
        if (wanted >= 16) ds64DataSize = u32(bytes, at + 20) * 4294967296 + u32(bytes, at + 16);
      } else {
        const parsed = parseWavFmt(bytes, at + 8, size, wanted);
        if (typeof parsed === 'string') {
          fmtProblem = parsed;
          break;
        }
        fmt = parsed;
      }
    } else if (id === DATA) {
      step = size === UNKNOWN_CHUNK_SIZE && ds64DataSize !== null ? ds64DataSize : size;
      data = { offset: offset + 8, size: step };
      // The samples run to the end of the file: no fmt chunk can follow them.
      if (fmt === null && step === UNKNOWN_CHUNK_SIZE) break;
    }
    offset += 8 + step + (step % 2);
  }
  return { fmt, fmtProblem, data, sawDs64, ds64DataSize, corruptAt, resumeAt };
}

/** Walks a whole file held in memory. */
export function walkWavBytes(bytes: Uint8Array): WavLayout {
  return walkWavChunks(bytes, bytes.length, 0, bytes.length);
}
