/**
 * WAV header probe: walks the RIFF chunks (never the samples) to find `fmt ` and `data`, and explains in
 * plain words why a file cannot be used. Handles PCM 8/16/24/32, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE
 * and RF64, at any rate and channel count.
 */
import { allZero, ascii, formatBytes, u16le, u32le, u64le } from './bytes';
import { invalid, readAt, valid, type Probe, type ProbeInput } from './probe-types';

const PCM = 0x0001;
const IEEE_FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;
/** Bytes 4..15 shared by every KSDATAFORMAT_SUBTYPE_* GUID ({xxxxxxxx-0000-0010-8000-00aa00389b71}). */
const KS_GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const UNKNOWN_SIZE = 0xffffffff;
const MAX_SAMPLE_RATE = 768_000;

const CODEC_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x0161: 'Windows Media Audio',
};

interface Fmt {
  readonly tag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bits: number;
}

function hex(tag: number): string {
  return `0x${tag.toString(16).padStart(4, '0')}`;
}

function codecName(tag: number): string {
  const name = CODEC_NAMES[tag];
  return name ? `${name}, format ${hex(tag)}` : `format ${hex(tag)}`;
}

function isChunkId(id: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(id);
}

/** Parses the fmt chunk body; a string is the reason the file is unusable. */
function parseFmt(body: Uint8Array, declaredSize: number): Fmt | string {
  if (declaredSize < 16 || body.length < 16) return `fmt chunk too short (${formatBytes(Math.min(declaredSize, body.length))}, need 16)`;
  let tag = u16le(body, 0);
  if (tag === EXTENSIBLE) {
    if (declaredSize < 40 || body.length < 40) return 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short (need 40 bytes)';
    const guidTail = body.subarray(28, 40);
    if (!KS_GUID_TAIL.every((byte, i) => guidTail[i] === byte)) return 'unsupported codec (WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format)';
    tag = u16le(body, 24);
  }
  return { tag, channels: u16le(body, 2), sampleRate: u32le(body, 4), blockAlign: u16le(body, 12), bits: u16le(body, 14) };
}

function checkFmt(fmt: Fmt): string | null {
  if (fmt.tag !== PCM && fmt.tag !== IEEE_FLOAT) return `unsupported codec (${codecName(fmt.tag)}): convert it to PCM WAV`;
  if (fmt.channels === 0) return 'fmt chunk says the file has 0 channels';
  if (fmt.sampleRate === 0) return 'fmt chunk says the sample rate is 0 Hz';
  if (fmt.sampleRate > MAX_SAMPLE_RATE) return `implausible sample rate ${fmt.sampleRate.toLocaleString('en-US')} Hz in the fmt chunk`;
  if (fmt.tag === PCM && ![8, 16, 24, 32].includes(fmt.bits)) return `unsupported PCM bit depth ${fmt.bits} (8, 16, 24 or 32 are supported)`;
  if (fmt.tag === IEEE_FLOAT && ![32, 64].includes(fmt.bits)) return `unsupported float bit depth ${fmt.bits} (32 or 64 are supported)`;
  return null;
}

export function* probeWav(input: ProbeInput): Probe {
  const { head, size } = input;
  const riff = ascii(head, 0, 4);
  if (riff === 'RIFX') return invalid('big-endian WAV (RIFX) is not supported: convert it to a standard WAV');
  if (riff !== 'RIFF' && riff !== 'RF64') {
    return invalid(allZero(head) ? 'file contains only zero bytes (it was never written)' : 'not a WAV file (RIFF header missing)');
  }
  if (size < 12) return invalid(`file too short to be a WAV file (${formatBytes(size)})`);
  const wave = ascii(head, 8, 4);
  if (wave !== 'WAVE') return invalid(`not a WAV file (RIFF type is "${wave.replace(/[^\x20-\x7e]/g, '?')}", not "WAVE")`);

  const warnings: string[] = [];
  let fmt: Fmt | null = null;
  let data: { offset: number; size: number } | null = null;
  let rf64DataSize: number | null = null;
  let offset = 12;
  while (offset + 8 <= size && (fmt === null || data === null)) {
    const header = yield* readAt(input, offset, 8);
    if (header.length < 8) break;
    const id = ascii(header, 0, 4);
    const chunkSize = u32le(header, 4);
    if (!isChunkId(id)) return invalid(`corrupt chunk header at byte ${offset} (the file is damaged)`);
    if (id === 'ds64') {
      const body = yield* readAt(input, offset + 8, 28);
      if (body.length >= 16) rf64DataSize = u64le(body, 8);
    } else if (id === 'fmt ') {
      const body = yield* readAt(input, offset + 8, Math.min(chunkSize, 40));
      const parsed = parseFmt(body, chunkSize);
      if (typeof parsed === 'string') return invalid(parsed);
      fmt = parsed;
    } else if (id === 'data') {
      const declared = riff === 'RF64' && chunkSize === UNKNOWN_SIZE && rf64DataSize !== null ? rf64DataSize : chunkSize;
      data = { offset: offset + 8, size: declared };
      // Without a fmt chunk yet we must keep walking past the samples to find it.
      if (fmt === null && declared === UNKNOWN_SIZE) break;
    }
    const step = id === 'data' ? data?.size ?? chunkSize : chunkSize;
    offset += 8 + step + (step % 2);
  }

  if (fmt === null) return invalid(data === null ? 'no fmt or data chunk (the file is damaged or truncated)' : 'no fmt chunk (cannot tell how the samples are stored)');
  const problem = checkFmt(fmt);
  if (problem) return invalid(problem);
  if (data === null) return invalid('no data chunk (the file has no audio; it may be truncated)');

  const present = size - data.offset;
  let dataBytes = data.size;
  if (dataBytes === UNKNOWN_SIZE) {
    dataBytes = present;
    warnings.push('data chunk size was never filled in (interrupted recording?): assumed the audio runs to the end of the file');
  } else if (dataBytes > present) {
    return invalid(`truncated data chunk (header says ${formatBytes(dataBytes)} of audio, only ${formatBytes(Math.max(0, present))} present)`);
  }
  const frameBytes = fmt.channels * (fmt.bits / 8);
  if (fmt.blockAlign !== frameBytes) warnings.push(`fmt chunk block align is ${fmt.blockAlign}, expected ${frameBytes}; using ${frameBytes}`);
  const frames = Math.floor(dataBytes / frameBytes);
  if (frames === 0) return invalid('no audio (the data chunk is empty)');
  if (dataBytes % frameBytes !== 0) warnings.push('data chunk ends with a partial sample frame (ignored)');

  return valid(
    {
      format: 'wav',
      codec: fmt.tag === PCM ? 'pcm' : 'float',
      sampleRate: fmt.sampleRate,
      channels: fmt.channels,
      bitDepth: fmt.bits,
      durationSeconds: frames / fmt.sampleRate,
    },
    warnings,
  );
}
