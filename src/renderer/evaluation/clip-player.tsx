import { useEffect, useState, type Ref } from 'react';
import type { ClipAudio } from '../../shared/contract/evaluation-contract';

function toBlobUrl(clip: ClipAudio | Blob): string {
  if (clip instanceof Blob) return URL.createObjectURL(clip);
  const binary = atob(clip.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: clip.mime }));
}

export interface ClipPlayerProps {
  /** Audio sent over the contract (base64), or a file the browser already holds (an upload's own File). */
  readonly clip: ClipAudio | Blob;
  readonly label: string;
  /** Lets the owner seek (a click on the score plot). */
  readonly audioRef?: Ref<HTMLAudioElement>;
  /** The playback position as it moves, for the plot's playhead. */
  readonly onTime?: (seconds: number) => void;
  readonly onEnded?: () => void;
}

/** Plays audio from a blob: URL, which the CSP allows for media. */
export function ClipPlayer({ clip, label, audioRef, onTime, onEnded }: ClipPlayerProps) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const next = toBlobUrl(clip);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [clip]);
  return url ? (
    <audio
      ref={audioRef}
      className="evaluation__player"
      aria-label={label}
      src={url}
      controls
      autoPlay
      onTimeUpdate={onTime ? (event) => onTime(event.currentTarget.currentTime) : undefined}
      onEnded={onEnded}
    />
  ) : null;
}
