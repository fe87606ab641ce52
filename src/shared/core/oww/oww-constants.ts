/**
 * openWakeWord's fixed feature geometry (its `AudioFeatures` class): 16 kHz int16-scale audio, 32 mel bins
 * every 10 ms, one 96-d speech embedding per 76-frame window every 8 frames (80 ms), and a classifier that
 * reads the last 16 embeddings. A 2 s clip (32,000 samples) gives exactly 16 embeddings.
 */
export const OWW_SAMPLE_RATE = 16000;
export const OWW_MEL_BINS = 32;
export const OWW_WINDOW_FRAMES = 76;
export const OWW_STEP_FRAMES = 8;
export const OWW_EMBEDDING_DIM = 96;
export const OWW_CONTEXT_EMBEDDINGS = 16;
/** One streaming step: 80 ms. */
export const OWW_CHUNK_SAMPLES = 1280;
/** Samples before each chunk the streaming mel spectrogram also reads (3 hops). */
export const OWW_MEL_CONTEXT_SAMPLES = 480;
/** Audio behind one classifier input (16 embeddings) in the batch (training) path. */
export const OWW_CLIP_SAMPLES = 32000;

/** Mel frames the melspectrogram model gives for `samples` audio samples (openWakeWord: ceil(n/160 - 3)). */
export function owwMelFrames(samples: number): number {
  return Math.max(0, Math.ceil(samples / 160 - 3));
}

/** Embeddings from `frames` mel frames: windows of 76 every 8 frames, short windows at the end dropped. */
export function owwEmbeddingCount(frames: number): number {
  return frames < OWW_WINDOW_FRAMES ? 0 : Math.floor((frames - OWW_WINDOW_FRAMES) / OWW_STEP_FRAMES) + 1;
}
