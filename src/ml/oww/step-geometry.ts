/** Where openWakeWord-family scores sit in time, shared by the run scorer and the validation streams. */
import { OWW_CHUNK_SAMPLES, OWW_CLIP_SAMPLES, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import type { StepGeometry } from '../evaluation/scorer-types';

/** Mirrors oww-training-data.ts: clean copies end this long before the window's end (where a score's time sits). */
export const OWW_CLEAN_END_PAD = 0.1 * OWW_SAMPLE_RATE;

/**
 * Score i covers the audio up to (i + 1) x 80 ms, looking back one 2 s window; its time is where training put
 * the phrase's end (0.1 s before the window's end), i.e. when the wake word was just said.
 */
export const OWW_STEP_GEOMETRY: StepGeometry = {
  windowSamples: OWW_CLIP_SAMPLES,
  hopSamples: OWW_CHUNK_SAMPLES,
  firstWindowStartSamples: OWW_CHUNK_SAMPLES - OWW_CLIP_SAMPLES,
  eventOffsetSamples: OWW_CLIP_SAMPLES - OWW_CLEAN_END_PAD,
};
