/** FLAC probe: rate, channels, bit depth and length all come from the STREAMINFO block. */
import { ascii, u24be, u32be, u8 } from './bytes';
import { invalid, readAt, valid, type Probe, type ProbeInput } from './probe-types';

const STREAMINFO = 0;
const STREAMINFO_BYTES = 34;

/** `start` is where "fLaC" sits (after an ID3v2 tag, which some taggers prepend). */
export function* probeFlac(input: ProbeInput, start: number): Probe {
  const header = yield* readAt(input, start, 8 + STREAMINFO_BYTES);
  if (ascii(header, 0, 4) !== 'fLaC') return invalid('not a FLAC file ("fLaC" marker missing)');
  if (header.length < 8 + STREAMINFO_BYTES) return invalid('truncated FLAC file (STREAMINFO block incomplete)');
  const blockType = u8(header, 4) & 0x7f;
  const blockLength = u24be(header, 5);
  if (blockType !== STREAMINFO || blockLength < STREAMINFO_BYTES) return invalid('damaged FLAC file (first metadata block is not STREAMINFO)');
  const info = header.subarray(8);
  const sampleRate = (u8(info, 10) << 12) | (u8(info, 11) << 4) | (u8(info, 12) >> 4);
  const channels = ((u8(info, 12) >> 1) & 0x07) + 1;
  const bitDepth = (((u8(info, 12) & 0x01) << 4) | (u8(info, 13) >> 4)) + 1;
  const totalSamples = (u8(info, 13) & 0x0f) * 4294967296 + u32be(info, 14);
  if (sampleRate === 0) return invalid('FLAC STREAMINFO says the sample rate is 0 Hz');
  if (input.size <= start + 8 + blockLength) return invalid('FLAC file has no audio frames (truncated after the header)');
  const warnings = totalSamples === 0 ? ['FLAC header does not give the length; duration unknown until decoded'] : [];
  return valid(
    {
      format: 'flac',
      codec: 'flac',
      sampleRate,
      channels,
      bitDepth,
      durationSeconds: totalSamples === 0 ? null : totalSamples / sampleRate,
    },
    warnings,
  );
}
