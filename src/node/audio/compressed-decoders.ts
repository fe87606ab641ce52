/**
 * FLAC, MP3, Ogg Vorbis and Ogg Opus through the WebAssembly decoders of the wasm-audio-decoders project
 * (libFLAC, mpg123, libvorbis, libopus). They are ESM-only, so they are loaded with import(), which works from the CommonJS
 * main/CLI bundle too; each decoder is created once and used by one file at a time (they are stateful).
 */
import { AudioDecodeError, type AudioFormat, type DecodedAudio } from './decoded-audio';
import { errorMessage } from '../../shared/error-message';

interface WasmDecodeResult {
  readonly channelData: Float32Array[];
  readonly samplesDecoded: number;
  readonly sampleRate: number;
  readonly errors: readonly { readonly message: string }[];
}

interface WasmDecoder {
  readonly ready: Promise<void>;
  reset(): Promise<void>;
  decodeFile(bytes: Uint8Array): Promise<WasmDecodeResult> | WasmDecodeResult;
}

type CompressedFormat = Exclude<AudioFormat, 'wav'>;

async function createDecoder(format: CompressedFormat): Promise<WasmDecoder> {
  switch (format) {
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      return new FLACDecoder();
    }
    case 'ogg': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      return new OggVorbisDecoder();
    }
    case 'opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder');
      return new OggOpusDecoder();
    }
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      const decoder = new MPEGDecoder();
      // mpg123 decodes a whole file with decode(); give it the same shape as the others.
      return { ready: decoder.ready, reset: () => decoder.reset(), decodeFile: (bytes) => decoder.decode(bytes) };
    }
  }
}

const LABELS: Readonly<Record<CompressedFormat, string>> = { flac: 'FLAC', mp3: 'MP3', ogg: 'Ogg Vorbis', opus: 'Ogg Opus' };

const decoders = new Map<CompressedFormat, Promise<WasmDecoder>>();
let queue: Promise<unknown> = Promise.resolve();

function decoderFor(format: CompressedFormat): Promise<WasmDecoder> {
  let decoder = decoders.get(format);
  if (!decoder) {
    decoder = createDecoder(format).then(async (d) => {
      await d.ready;
      return d;
    });
    decoders.set(format, decoder);
    decoder.catch(() => decoders.delete(format));
  }
  return decoder;
}

async function decodeNow(bytes: Uint8Array, format: CompressedFormat, file: string): Promise<DecodedAudio> {
  const decoder = await decoderFor(format);
  await decoder.reset();
  let result: WasmDecodeResult;
  try {
    result = await decoder.decodeFile(bytes);
  } catch (error) {
    throw new AudioDecodeError(file, `not a valid ${LABELS[format]} file (${errorMessage(error)})`);
  }
  if (result.samplesDecoded === 0 || result.channelData.length === 0) {
    const detail = result.errors[0] ? ` (${result.errors[0].message})` : '';
    throw new AudioDecodeError(file, `not a valid ${LABELS[format]} file: no audio could be decoded${detail}`);
  }
  if (result.errors.length > 0) {
    throw new AudioDecodeError(file, `damaged ${LABELS[format]} file: ${result.errors.length} frame(s) failed to decode (${result.errors[0]?.message ?? ''})`);
  }
  // The decoders reuse their output memory between calls: copy out.
  const channels = result.channelData.map((channel) => channel.slice(0, result.samplesDecoded));
  return { sampleRate: result.sampleRate, channels, format };
}

/** Decodes a whole FLAC/MP3/Ogg Vorbis/Ogg Opus file held in memory; calls are serialised. */
export function decodeCompressed(bytes: Uint8Array, format: CompressedFormat, file: string): Promise<DecodedAudio> {
  const run = queue.then(() => decodeNow(bytes, format, file));
  queue = run.catch(() => undefined);
  return run;
}
