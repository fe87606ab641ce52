/** What every decoder returns, and the one error type naming the file that failed. */
/** Container/codec pairs we decode; 'ogg' is Ogg Vorbis, 'opus' is Ogg Opus. */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg' | 'opus';

export interface DecodedAudio {
  readonly sampleRate: number;
  /** One array per channel, samples in [-1, 1]. */
  readonly channels: readonly Float32Array[];
  readonly format: AudioFormat;
}

export class AudioDecodeError extends Error {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'AudioDecodeError';
    this.file = file;
  }
}
