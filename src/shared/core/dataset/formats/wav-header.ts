/**
 * WAV header probe: finds `fmt ` and `data` with the shared RIFF walker (never reading the samples), reading
 * on past the head where the chunks lie further in, and explains in plain words why a file cannot be used.
 * Handles PCM 8/16/24/32, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE and RF64, at any rate and channel count.
 */
import { CHUNK_WINDOW_BYTES, UNKNOWN_CHUNK_SIZE, walkWavChunks, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM, type WavFmt } from '../../audio/riff';
import { allZero, ascii, formatBytes } from './bytes';
import { invalid, readAt, valid, type Probe, type ProbeInput } from './probe-types';

const PCM = WAVE_FORMAT_PCM;
const IEEE_FLOAT = WAVE_FORMAT_IEEE_FLOAT;
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

function hex(tag: number): string {
  return `0x${tag.toString(16).padStart(4, '0')}`;
}

function codecName(tag: number): string {
  const name = CODEC_NAMES[tag];
  return name ? `${name}, format ${hex(tag)}` : `format ${hex(tag)}`;
}

function checkFmt(fmt: WavFmt): string | null {
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
  let layout = walkWavChunks(head, head.length, 0, size);
  while (layout.resumeAt >= 0) {
    const window = yield* readAt(input, layout.resumeAt, CHUNK_WINDOW_BYTES);
    layout = walkWavChunks(window, window.length, layout.resumeAt, size, layout);
  }
  if (layout.corruptAt >= 0) return invalid(`corrupt chunk header at byte ${layout.corruptAt} (the file is damaged)`);
  if (layout.fmtProblem !== null) return invalid(layout.fmtProblem);
  const { fmt, data } = layout;

  if (fmt === null) return invalid(data === null ? 'no fmt or data chunk (the file is damaged or truncated)' : 'no fmt chunk (cannot tell how the samples are stored)');
  const problem = checkFmt(fmt);
  if (problem) return invalid(problem);
  if (data === null) return invalid('no data chunk (the file has no audio; it may be truncated)');

  const present = size - data.offset;
  let dataBytes = data.size;
  if (dataBytes === UNKNOWN_CHUNK_SIZE) {
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
