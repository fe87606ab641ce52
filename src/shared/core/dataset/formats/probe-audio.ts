/**
 * Chooses the parser from the file's first bytes (never from its name alone) and insists the name agrees,
 * because the training decoder trusts the extension.
 */
import { allZero, ascii, formatBytes } from './bytes';
import { probeFlac } from './flac-header';
import { id3v2Length, parseFrameHeader, probeMp3 } from './mp3-header';
import { probeOgg } from './ogg-header';
import { invalid, readAt, type AudioFormat, type Probe, type ProbeInput } from './probe-types';
import { probeWav } from './wav-header';

/** How many bytes a driver should read up front: enough for nearly every header in one read. */
export const PROBE_HEAD_BYTES = 4096;

const FORMAT_OF_EXTENSION: Readonly<Record<string, AudioFormat>> = {
  wav: 'wav',
  wave: 'wav',
  flac: 'flac',
  mp3: 'mp3',
  ogg: 'ogg',
  oga: 'ogg',
  opus: 'ogg',
};

const FORMAT_LABEL: Readonly<Record<AudioFormat, string>> = { wav: 'WAV', flac: 'FLAC', mp3: 'MP3', ogg: 'Ogg' };

function* sniff(input: ProbeInput): Generator<{ offset: number; length: number }, { format: AudioFormat; start: number } | null, Uint8Array> {
  const { head } = input;
  const magic = ascii(head, 0, 4);
  if (magic === 'RIFF' || magic === 'RF64' || magic === 'RIFX') return ascii(head, 8, 4) === 'WAVE' ? { format: 'wav', start: 0 } : null;
  if (magic === 'fLaC') return { format: 'flac', start: 0 };
  if (magic === 'OggS') return { format: 'ogg', start: 0 };
  const tagLength = id3v2Length(head);
  if (tagLength > 0) {
    const after = yield* readAt(input, tagLength, 4);
    return { format: ascii(after, 0, 4) === 'fLaC' ? 'flac' : 'mp3', start: tagLength };
  }
  if (parseFrameHeader(head, 0)) return { format: 'mp3', start: 0 };
  return null;
}

/** `extension` is lower-case without the dot. */
export function* probeAudio(input: ProbeInput, extension: string): Probe {
  if (input.size === 0) return invalid('zero-length file');
  const expected = FORMAT_OF_EXTENSION[extension];
  if (expected === undefined) return invalid(`not an audio file name (.${extension}); use .wav, .flac, .mp3 or .ogg`);
  const found = yield* sniff(input);
  if (found === null) {
    if (allZero(input.head)) return invalid('file contains only zero bytes (it was never written)');
    // MP3 files may start with junk before the first frame; look further before giving up.
    if (expected === 'mp3') return yield* probeMp3(input, 0);
    if (expected === 'wav') return yield* probeWav(input);
    if (expected === 'flac') return invalid(`not a FLAC file ("fLaC" marker missing)${input.size < 4 ? `: only ${formatBytes(input.size)}` : ''}`);
    return invalid('not an Ogg file ("OggS" marker missing)');
  }
  if (found.format !== expected) {
    return invalid(`content is ${FORMAT_LABEL[found.format]} but the name ends in .${extension}: rename it to .${found.format}`);
  }
  switch (found.format) {
    case 'wav':
      return yield* probeWav(input);
    case 'flac':
      return yield* probeFlac(input, found.start);
    case 'ogg':
      return yield* probeOgg(input);
    case 'mp3':
      return yield* probeMp3(input, found.start);
  }
}
