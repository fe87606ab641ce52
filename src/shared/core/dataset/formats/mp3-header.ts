/**
 * MP3 probe: skips an ID3v2 tag, finds two consecutive MPEG frame headers (one alone is often a false
 * sync in junk bytes), then takes the length from a Xing/Info or VBRI header, or estimates it from the
 * bitrate for constant-bitrate files.
 */
import { ascii, u32be, u8 } from './bytes';
import { invalid, readAt, valid, type Probe, type ProbeInput } from './probe-types';

const SEARCH_BYTES = 65_536;
const ID3V1_BYTES = 128;

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  3: [44100, 48000, 32000], // MPEG 1
  2: [22050, 24000, 16000], // MPEG 2
  0: [11025, 12000, 8000], // MPEG 2.5
};

interface FrameHeader {
  readonly layer: number;
  readonly mpeg1: boolean;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly frameBytes: number;
  readonly samplesPerFrame: number;
  readonly sideInfoBytes: number;
}

/** Parses a frame header at `at`; null when the bytes there are not a plausible one. */
export function parseFrameHeader(bytes: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > bytes.length || u8(bytes, at) !== 0xff || (u8(bytes, at + 1) & 0xe0) !== 0xe0) return null;
  const b1 = u8(bytes, at + 1);
  const b2 = u8(bytes, at + 2);
  const b3 = u8(bytes, at + 3);
  const version = (b1 >> 3) & 0x03;
  const layerBits = (b1 >> 1) & 0x03;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (version === 1 || layerBits === 0 || bitrateIndex === 0x0f || rateIndex === 3) return null;
  const layer = 4 - layerBits;
  const mpeg1 = version === 3;
  const sampleRate = SAMPLE_RATES[version]?.[rateIndex] ?? 0;
  const channels = b3 >> 6 === 3 ? 1 : 2;
  if (layer !== 3) return { layer, mpeg1, bitrateKbps: 0, sampleRate, channels, frameBytes: 0, samplesPerFrame: 0, sideInfoBytes: 0 };
  const bitrateKbps = (mpeg1 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex] ?? 0;
  if (bitrateKbps === 0) return null; // "free format" streams are vanishingly rare and cannot be framed cheaply
  const padding = (b2 >> 1) & 0x01;
  const frameBytes = Math.floor(((mpeg1 ? 144 : 72) * bitrateKbps * 1000) / sampleRate) + padding;
  const sideInfoBytes = mpeg1 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17;
  return { layer, mpeg1, bitrateKbps, sampleRate, channels, frameBytes, samplesPerFrame: mpeg1 ? 1152 : 576, sideInfoBytes };
}

/** Size of a leading ID3v2 tag (0 when there is none). */
export function id3v2Length(bytes: Uint8Array): number {
  if (ascii(bytes, 0, 3) !== 'ID3' || bytes.length < 10) return 0;
  const size = ((u8(bytes, 6) & 0x7f) << 21) | ((u8(bytes, 7) & 0x7f) << 14) | ((u8(bytes, 8) & 0x7f) << 7) | (u8(bytes, 9) & 0x7f);
  const footer = (u8(bytes, 5) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

function frameCountFromVbrHeader(frame: Uint8Array, header: FrameHeader): number | null {
  const xingAt = 4 + header.sideInfoBytes;
  const tag = ascii(frame, xingAt, 4);
  if (tag === 'Xing' || tag === 'Info') {
    const flags = u32be(frame, xingAt + 4);
    return (flags & 0x01) !== 0 ? u32be(frame, xingAt + 8) : null;
  }
  if (ascii(frame, 36, 4) === 'VBRI') return u32be(frame, 36 + 14);
  return null;
}

export function* probeMp3(input: ProbeInput, start: number): Probe {
  const window = yield* readAt(input, start, SEARCH_BYTES);
  for (let at = 0; at + 4 <= window.length; at++) {
    if (window[at] !== 0xff) continue;
    const header = parseFrameHeader(window, at);
    if (!header) continue;
    const frameStart = start + at;
    if (header.layer !== 3) {
      if (at === 0) return invalid(`unsupported codec (MPEG layer ${header.layer === 2 ? 'II' : 'I'} audio): convert it to MP3, WAV or FLAC`);
      continue;
    }
    // A real stream has another frame header right after this one (or ends there).
    const nextAt = frameStart + header.frameBytes;
    if (nextAt + 4 <= input.size) {
      const next = yield* readAt(input, nextAt, 4);
      const follower = parseFrameHeader(next, 0);
      if (!follower || follower.sampleRate !== header.sampleRate) continue;
    }
    const firstFrame = yield* readAt(input, frameStart, Math.max(header.frameBytes, 64));
    const frames = frameCountFromVbrHeader(firstFrame, header);
    let durationSeconds: number;
    if (frames !== null && frames > 0) {
      durationSeconds = (frames * header.samplesPerFrame) / header.sampleRate;
    } else {
      const tag = input.size >= ID3V1_BYTES ? yield* readAt(input, input.size - ID3V1_BYTES, 3) : new Uint8Array(0);
      const audioBytes = input.size - frameStart - (ascii(tag, 0, 3) === 'TAG' ? ID3V1_BYTES : 0);
      durationSeconds = (audioBytes * 8) / (header.bitrateKbps * 1000);
    }
    return valid({ format: 'mp3', codec: 'mp3', sampleRate: header.sampleRate, channels: header.channels, bitDepth: null, durationSeconds });
  }
  return invalid('not an MP3 file (no MPEG audio frames found)');
}
