/**
 * NumPy .npy format version 1.0 for little-endian float32 arrays: the feature cache and the interchange
 * format with Python tools (`np.load`). Header padded so the data starts on a 64-byte boundary.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** True on little-endian hosts, where a Float32Array's bytes are already the .npy data. */
export function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Magic, version and header of a float32 array of `shape`: the data follows right after (the length is a
 * multiple of 64, so a Float32Array can view the data in place).
 */
export function npyHeader(shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  if (headerBytes.length > 65535) throw new RangeError('npy header too long for format 1.0');
  const out = new Uint8Array(10 + headerBytes.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  return out;
}

export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape (${shape.join(', ')}) holds ${count} values but the data has ${data.length}`);
  const header = npyHeader(shape);
  const out = new Uint8Array(header.length + data.length * 4);
  out.set(header, 0);
  const offset = header.length;
  if (littleEndian()) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
  } else {
    const view = new DataView(out.buffer);
    for (let i = 0; i < data.length; i += 1) view.setFloat32(offset + 4 * i, data[i] as number, true);
  }
  return out;
}

/** Reads a float32 (little-endian, C order) .npy written by encodeNpy or NumPy; `source` names it in errors. */
export function decodeNpy(bytes: Uint8Array, source: string): NpyArray {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a readable .npy file (${why})`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('magic string missing');
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : major === 2 || major === 3 ? view.getUint32(8, true) : fail(`version ${major} unknown`);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) fail('header cut off');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (descr !== '<f4') fail(`dtype ${descr ?? '?'} is not little-endian float32`);
  if (/'fortran_order':\s*True/.test(header)) fail('Fortran order is not supported');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) fail('no shape in header');
  const shape = (shapeText ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) fail('bad shape');
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (bytes.length - offset !== count * 4) fail(`expected ${count * 4} data bytes, found ${bytes.length - offset}`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i += 1) data[i] = view.getFloat32(offset + 4 * i, true);
  return { shape, data };
}
