/**
 * Audio probing is written as generators that yield byte-range requests, so the same pure parsers run
 * against a synchronous file read (the fast scanner), an async one, or an in-memory buffer (tests).
 */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg';
export type AudioCodec = 'pcm' | 'float' | 'flac' | 'mp3' | 'vorbis' | 'opus';

export interface AudioInfo {
  readonly format: AudioFormat;
  readonly codec: AudioCodec;
  readonly sampleRate: number;
  readonly channels: number;
  /** Bits per sample for PCM/float/FLAC; null for lossy codecs. */
  readonly bitDepth: number | null;
  /** Null when the container does not say and finding out would need a full decode. */
  readonly durationSeconds: number | null;
}

export type ProbeOutcome =
  | { readonly ok: true; readonly info: AudioInfo; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: string };

export interface ReadRequest {
  readonly offset: number;
  readonly length: number;
}

/** Yields read requests; the driver answers each with the bytes found there (shorter at end of file). */
export type Probe = Generator<ReadRequest, ProbeOutcome, Uint8Array>;

/** The first bytes of the file, already read by the driver; parsers read beyond it through `readAt`. */
export interface ProbeInput {
  readonly head: Uint8Array;
  readonly size: number;
}

export function invalid(reason: string): ProbeOutcome {
  return { ok: false, reason };
}

export function valid(info: AudioInfo, warnings: readonly string[] = []): ProbeOutcome {
  return { ok: true, info, warnings };
}

/** Bytes at [offset, offset+length), from the head when it covers them, else from the driver. */
export function* readAt(input: ProbeInput, offset: number, length: number): Generator<ReadRequest, Uint8Array, Uint8Array> {
  const end = Math.min(offset + length, input.size);
  if (offset >= end) return new Uint8Array(0);
  if (end <= input.head.length) return input.head.subarray(offset, end);
  return yield { offset, length: end - offset };
}

/** Runs a probe against an in-memory file (tests, uploads). */
export function runProbeOnBytes(probe: Probe, bytes: Uint8Array): ProbeOutcome {
  let step = probe.next(new Uint8Array(0));
  while (!step.done) {
    const { offset, length } = step.value;
    step = probe.next(bytes.subarray(offset, Math.min(offset + length, bytes.length)));
  }
  return step.value;
}
