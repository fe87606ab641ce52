import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy';


describe('npy', () => {
  const values = Float32Array.from([0.5, -1.25, 3, 1e-10, -100, 42.125]);
  const encoded = encodeNpy(values, [2, 3]);

  it('round-trips [frames, n_mels] features with a v1.0 header aligned to 64 bytes', () => {
    const features = Float32Array.from({ length: 101 * 40 }, (_, i) => Math.sin(i) * 50);
    const encoded = encodeNpy(features, [101, 40]);
    expect(Array.from(encoded.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect((10 + (encoded[8] as number) + 256 * (encoded[9] as number)) % 64).toBe(0);
    const header = new TextDecoder().decode(encoded.subarray(10, 128));
    expect(header).toContain("{'descr': '<f4', 'fortran_order': False, 'shape': (101, 40), }");
    const back = decodeNpy(encoded, 'x.npy');
    expect(back.shape).toEqual([101, 40]);
    expect(back.data).toEqual(features);
  });

  it('handles a 1-D shape the NumPy way', () => {
    const header = new TextDecoder().decode(encodeNpy(Float32Array.from([1, 2]), [2]).subarray(10, 74));
    expect(header).toContain("'shape': (2,)");
  });

  it('refuses mismatched shapes and unreadable files, naming the file', () => {
    expect(() => encodeNpy(values, [4, 2])).toThrow(/shape \(4, 2\) holds 8 values but the data has 6/);
    expect(() => decodeNpy(new Uint8Array(5), 'a.npy')).toThrow('a.npy: not a readable .npy file (magic string missing)');
    expect(() => decodeNpy(encoded.subarray(0, encoded.length - 4), 'b.npy')).toThrow(/b\.npy: .*expected 24 data bytes, found 20/);
    const float64 = encoded.slice();
    float64.set(new TextEncoder().encode('<f8'), new TextDecoder().decode(float64).indexOf('<f4'));
    expect(() => decodeNpy(float64, 'c.npy')).toThrow(/c\.npy: .*dtype <f8 is not little-endian float32/);
  });
});
