/** A wake phrase's positives plus hard negatives from confusable phrases: what `dataset:synthesize` and `wakeword synth` make. */
import path from 'node:path';
import type { SynthPhase, SynthResult, SynthesizedSet } from '../../../shared/core/dataset/synth/synth-types';
import { phraseSlug } from '../../../shared/core/dataset/synth/voices';
import { synthesizePhrase } from './synthesize-phrase';
import type { VoiceCatalog } from './voice-catalog';

export interface SynthesizeSetOptions {
  readonly catalog: Pick<VoiceCatalog, 'speak' | 'voices'>;
  /** Voice ids to spread clips over (default: all in the catalog). */
  readonly voices?: readonly string[];
  readonly phrase: string;
  readonly count: number;
  readonly seed: number;
  readonly negatives?: readonly string[];
  /** Hard negatives in all, spread evenly over `negatives`; defaults to `count`. */
  readonly negativeCount?: number;
  readonly positivesDir: string;
  /** Each negative phrase gets its own sub-folder here. */
  readonly negativesDir: string;
  /** How folders are shown in the result (e.g. relative to the workspace). */
  readonly showFolder?: (folder: string) => string;
  readonly onProgress?: (phase: SynthPhase, done: number, total: number) => void;
}

/** Splits `total` into `parts` counts differing by at most one, the larger ones first. */
export function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** A different but reproducible seed for the i-th negative phrase. */
export function derivedSeed(seed: number, i: number): number {
  return (seed + Math.imul(0x9e3779b1, i + 1)) >>> 0;
}

export async function synthesizeSet(options: SynthesizeSetOptions): Promise<SynthResult> {
  const started = performance.now();
  const show = options.showFolder ?? ((folder: string) => folder);
  const phrases = options.negatives ?? [];
  const counts = phrases.length > 0 ? spread(options.negativeCount ?? options.count, phrases.length) : [];
  const total = options.count + counts.reduce((a, b) => a + b, 0);
  let done = 0;
  const tick = (phase: SynthPhase) => () => options.onProgress?.(phase, ++done, total);
  options.onProgress?.('positives', 0, total);

  const positives = await synthesizePhrase({
    catalog: options.catalog,
    ...(options.voices ? { voices: options.voices } : {}),
    phrase: options.phrase,
    count: options.count,
    seed: options.seed,
    outDir: options.positivesDir,
    onClip: tick('positives'),
  });
  let seconds = positives.seconds;
  const negatives: SynthesizedSet[] = [];
  for (let i = 0; i < phrases.length; i++) {
    const phrase = phrases[i] as string;
    const count = counts[i] as number;
    if (count === 0) continue;
    const outDir = path.join(options.negativesDir, phraseSlug(phrase));
    const made = await synthesizePhrase({
      catalog: options.catalog,
      ...(options.voices ? { voices: options.voices } : {}),
      phrase,
      count,
      seed: derivedSeed(options.seed, i),
      // Named after the seed the user gave, which is the one that replays the set.
      stem: `${phraseSlug(phrase)}_s${options.seed}`,
      outDir,
      onClip: tick('negatives'),
    });
    seconds += made.seconds;
    negatives.push({ phrase, folder: show(outDir), files: made.files.length });
  }
  options.onProgress?.('done', total, total);
  return {
    positives: { phrase: options.phrase, folder: show(options.positivesDir), files: positives.files.length },
    negatives,
    seconds,
    durationMs: performance.now() - started,
  };
}
