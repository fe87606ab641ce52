import { useEffect, useState } from 'react';
import type { ClipAudio } from '../../shared/core/evaluation/contract';

function toBlobUrl(clip: ClipAudio): string {
  const binary = atob(clip.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: clip.mime }));
}

/** Plays audio sent over the contract (base64) from a blob: URL, which the CSP allows for media. */
export function ClipPlayer({ clip, label }: { readonly clip: ClipAudio; readonly label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const next = toBlobUrl(clip);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [clip]);
  return url ? <audio className="evaluation__player" aria-label={label} src={url} controls autoPlay /> : null;
}
