/**
 * Turning a name that came from outside (a dropped file, a browser upload) into a safe path inside one
 * category folder, and the "name (2).wav" rule that keeps imports from overwriting anything.
 */
import { extensionOf, isAudioFileName } from '../categories';

/** Characters Windows, macOS or Linux refuse (or treat specially) in a file name, besides control characters. */
const UNSAFE_CHARS = '<>:"|?*\\';

function replaceUnsafe(segment: string): string {
  let out = '';
  for (const char of segment) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f || UNSAFE_CHARS.includes(char) ? '_' : char;
  }
  return out;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_SEGMENT = 200;

function cleanSegment(segment: string): string {
  // Leading dots would hide the file from the scanner (and ".." must never survive).
  let cleaned = replaceUnsafe(segment).replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > MAX_SEGMENT) {
    const dot = cleaned.lastIndexOf('.');
    const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, MAX_SEGMENT - ext.length) + ext;
  }
  return cleaned;
}

/**
 * Splits a relative name on either slash, drops empty, "." and ".." parts and cleans each part, so
 * "../../x.wav" becomes "x.wav" and "C:\\a\\b.wav" becomes "C_/a/b.wav". Returns the parts ([] when nothing is left).
 */
export function safeRelativeParts(name: string): string[] {
  return name
    .split(/[/\\]+/)
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .map(cleanSegment)
    .filter((part) => part !== '');
}

/** "clip.wav", 2 -> "clip (2).wav"; names without an extension get the suffix at the end. */
export function numberedName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return `${fileName} (${n})`;
  return `${fileName.slice(0, dot)} (${n})${fileName.slice(dot)}`;
}

/** Why a file is not imported by its name alone, or null when its extension is one the scanner reads. */
export function unsupportedReason(name: string): string | null {
  if (isAudioFileName(name)) return null;
  const ext = extensionOf(name);
  return `not an audio file${ext ? ` (.${ext})` : ''}: Wakeword Studio imports .wav, .flac, .mp3 and .ogg files`;
}
