import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../shared/core/audio/npy';

/** Interchange with Python: the .npy writer against bytes NumPy's np.save produced (stored base64). */
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const numpyFiles = JSON.parse(readFileSync(path.join(__dirname, '../../../tests/fixtures/audio/numpy-npy.json'), 'utf8')) as {
  readonly float32_2x3: string;
  readonly float64_2: string;
};

describe('.npy interchange with NumPy', () => {
  // np.array([[0.5, -1.25, 3], [1e-10, -100, 42.125]], dtype='<f4'), saved by NumPy 2.x.
  const numpyBytes = fromBase64(numpyFiles.float32_2x3);
  const values = Float32Array.from([0.5, -1.25, 3, 1e-10, -100, 42.125]);

  it('writes exactly the bytes np.save writes', () => {
    expect(encodeNpy(values, [2, 3])).toEqual(numpyBytes);
  });

  it('reads a file NumPy wrote', () => {
    const array = decodeNpy(numpyBytes, 'numpy.npy');
    expect(array.shape).toEqual([2, 3]);
    expect(array.data).toEqual(values);
  });

  it('refuses NumPy float64 naming the file', () => {
    expect(() => decodeNpy(fromBase64(numpyFiles.float64_2), 'f64.npy')).toThrow('f64.npy: not a readable .npy file (dtype <f8 is not little-endian float32)');
  });
});
