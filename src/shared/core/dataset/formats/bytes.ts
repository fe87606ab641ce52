/** Little helpers for reading binary headers out of a Uint8Array without Node's Buffer. */
export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}

export function u8(bytes: Uint8Array, offset: number): number {
  return bytes[offset] ?? 0;
}

export function u16le(bytes: Uint8Array, offset: number): number {
  return u8(bytes, offset) | (u8(bytes, offset + 1) << 8);
}

export function u32le(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) | (u8(bytes, offset + 1) << 8) | (u8(bytes, offset + 2) << 16) | (u8(bytes, offset + 3) << 24)) >>> 0;
}

/** Exact up to 2^53; larger values (never real audio sizes) lose precision, which callers treat as "unknown". */
export function u64le(bytes: Uint8Array, offset: number): number {
  return u32le(bytes, offset + 4) * 4294967296 + u32le(bytes, offset);
}

export function u16be(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
}

export function u24be(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) << 16) | (u8(bytes, offset + 1) << 8) | u8(bytes, offset + 2);
}

export function u32be(bytes: Uint8Array, offset: number): number {
  return ((u8(bytes, offset) << 24) | (u8(bytes, offset + 1) << 16) | (u8(bytes, offset + 2) << 8) | u8(bytes, offset + 3)) >>> 0;
}

/** True when every byte in the range is zero (a preallocated file that was never written). */
export function allZero(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}

export function formatBytes(count: number): string {
  return `${count.toLocaleString('en-US')} byte${count === 1 ? '' : 's'}`;
}
