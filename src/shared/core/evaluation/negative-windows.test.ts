import { describe, expect, it } from 'vitest';
import { negativeSeconds, negativeWindowStarts } from './negative-windows';

describe('negativeWindowStarts', () => {
  it('cuts consecutive clip windows and drops a tail under a quarter clip', () => {
    expect(negativeWindowStarts(100, 40)).toEqual([0, 40, 80]);
    expect(negativeWindowStarts(89, 40)).toEqual([0, 40]);
    expect(negativeWindowStarts(40, 40)).toEqual([0]);
    expect(negativeWindowStarts(10, 40)).toEqual([0]);
  });

  it('counts short files as one clip of audio', () => {
    expect(negativeSeconds(8000, 16000, 16000)).toBe(1);
    expect(negativeSeconds(48000, 16000, 16000)).toBe(3);
  });
});
