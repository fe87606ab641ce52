/**
 * Ogg probe: codec, rate and channels from the first packet (Vorbis or Opus identification header);
 * duration from the granule position of the last complete page, found by reading only the file's tail.
 */
import { ascii, u16le, u32le, u64le, u8 } from './bytes';
import { invalid, readAt, valid, type Probe, type ProbeInput } from './probe-types';

const PAGE_HEADER = 27;
const TAIL_BYTES = 65_536;
const OPUS_GRANULE_RATE = 48_000;

interface LastGranule {
  readonly granule: number | null;
  readonly truncated: boolean;
}

function pageLength(bytes: Uint8Array, at: number): number | null {
  const segments = u8(bytes, at + 26);
  if (at + PAGE_HEADER + segments > bytes.length) return null;
  let body = 0;
  for (let i = 0; i < segments; i++) body += u8(bytes, at + PAGE_HEADER + i);
  return PAGE_HEADER + segments + body;
}

/** Scans the tail backwards for the last page of our stream that is complete and carries a granule. */
function findLastGranule(tail: Uint8Array, serial: number): LastGranule {
  let truncated = false;
  for (let at = tail.length - PAGE_HEADER; at >= 0; at--) {
    if (tail[at] !== 0x4f || ascii(tail, at, 4) !== 'OggS' || u8(tail, at + 4) !== 0) continue;
    if (u32le(tail, at + 14) !== serial) continue;
    const length = pageLength(tail, at);
    if (length === null || at + length > tail.length) {
      truncated = true;
      continue;
    }
    const high = u32le(tail, at + 10);
    if (high === 0xffffffff) continue;
    const granule = u64le(tail, at + 6);
    return { granule: Number.isSafeInteger(granule) ? granule : null, truncated };
  }
  return { granule: null, truncated };
}

export function* probeOgg(input: ProbeInput): Probe {
  const first = yield* readAt(input, 0, PAGE_HEADER + 255);
  if (ascii(first, 0, 4) !== 'OggS') return invalid('not an Ogg file ("OggS" marker missing)');
  if (first.length < PAGE_HEADER) return invalid('truncated Ogg file (first page header incomplete)');
  const serial = u32le(first, 14);
  const segments = u8(first, 26);
  const packet = yield* readAt(input, PAGE_HEADER + segments, 64);
  if (packet.length < 19) return invalid('truncated Ogg file (no codec header)');

  let codec: 'vorbis' | 'opus';
  let channels: number;
  let sampleRate: number;
  let granuleRate: number;
  let preSkip = 0;
  if (u8(packet, 0) === 1 && ascii(packet, 1, 6) === 'vorbis') {
    codec = 'vorbis';
    channels = u8(packet, 11);
    sampleRate = u32le(packet, 12);
    granuleRate = sampleRate;
  } else if (ascii(packet, 0, 8) === 'OpusHead') {
    codec = 'opus';
    channels = u8(packet, 9);
    preSkip = u16le(packet, 10);
    // Opus always decodes at 48 kHz; the header's input rate is informational only.
    sampleRate = OPUS_GRANULE_RATE;
    granuleRate = OPUS_GRANULE_RATE;
  } else if (ascii(packet, 0, 8) === 'Speex   ') {
    return invalid('unsupported codec (Speex in Ogg): convert it to WAV, FLAC or Ogg Vorbis');
  } else if (u8(packet, 0) === 0x7f && ascii(packet, 1, 4) === 'FLAC') {
    return invalid('unsupported codec (FLAC in Ogg): convert it to a .flac file');
  } else {
    return invalid('unsupported codec in Ogg container (not Vorbis or Opus)');
  }
  if (channels === 0) return invalid(`${codec} header says the file has 0 channels`);
  if (sampleRate === 0) return invalid(`${codec} header says the sample rate is 0 Hz`);

  const tailLength = Math.min(TAIL_BYTES, input.size);
  const tail = yield* readAt(input, input.size - tailLength, tailLength);
  const last = findLastGranule(tail, serial);
  const warnings: string[] = [];
  if (last.truncated) warnings.push('the last Ogg page is incomplete (the file was cut short)');
  let durationSeconds: number | null = null;
  if (last.granule === null) warnings.push('no granule position found; duration unknown until decoded');
  else durationSeconds = Math.max(0, last.granule - preSkip) / granuleRate;
  if (durationSeconds === 0) return invalid(last.truncated ? 'truncated Ogg file (no complete audio page)' : `no audio (the ${codec} stream is empty)`);
  return valid({ format: 'ogg', codec, sampleRate, channels, bitDepth: null, durationSeconds }, warnings);
}
