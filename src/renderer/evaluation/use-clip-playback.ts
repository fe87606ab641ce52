import { useCallback, useState } from 'react';
import type { ClipAudio } from '../../shared/contract/evaluation-contract';

export interface ClipPlayback<K> {
  /** The clip on show and what it was asked for by (a file path, a detection index…), or null. */
  readonly playing: { readonly key: K; readonly clip: ClipAudio } | null;
  /** Fetches a clip from main and plays it once it arrives; a failed fetch goes to `onError`. */
  readonly play: (key: K, fetch: () => Promise<ClipAudio>) => void;
  readonly stop: () => void;
}

/** One clip at a time, fetched on demand (the per-file table and the mining candidates both play this way). */
export function useClipPlayback<K>(onError: (error: unknown) => void): ClipPlayback<K> {
  const [playing, setPlaying] = useState<ClipPlayback<K>['playing']>(null);
  const play = useCallback(
    (key: K, fetch: () => Promise<ClipAudio>): void => {
      fetch().then((clip) => setPlaying({ key, clip }), onError);
    },
    [onError],
  );
  const stop = useCallback(() => setPlaying(null), []);
  return { playing, play, stop };
}
