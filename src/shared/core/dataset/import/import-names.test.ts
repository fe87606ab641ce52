import { describe, expect, it } from 'vitest';
import { numberedName, safeRelativeParts } from './import-names';

describe('safeRelativeParts', () => {
  it('keeps ordinary names and sub-folders', () => {
    expect(safeRelativeParts('clip.wav')).toEqual(['clip.wav']);
    expect(safeRelativeParts('speaker_a/session 2/clip.wav')).toEqual(['speaker_a', 'session 2', 'clip.wav']);
  });

  it('never lets a name climb out of the folder', () => {
    expect(safeRelativeParts('../../x.wav')).toEqual(['x.wav']);
    expect(safeRelativeParts('a/../../b/./c.wav')).toEqual(['a', 'b', 'c.wav']);
    expect(safeRelativeParts('/etc/passwd.wav')).toEqual(['etc', 'passwd.wav']);
    expect(safeRelativeParts('..\\..\\windows\\x.wav')).toEqual(['windows', 'x.wav']);
    expect(safeRelativeParts('C:\\Users\\x.wav')).toEqual(['C_', 'Users', 'x.wav']);
    expect(safeRelativeParts('...')).toEqual([]);
    expect(safeRelativeParts('../..')).toEqual([]);
  });

  it('removes characters file systems refuse and leading dots that would hide a file', () => {
    expect(safeRelativeParts('a<b>:c|d?.wav')).toEqual(['a_b__c_d_.wav']);
    expect(safeRelativeParts('.hidden.wav')).toEqual(['hidden.wav']);
    expect(safeRelativeParts('bad\u0000name\n.wav')).toEqual(['bad_name_.wav']);
    expect(safeRelativeParts('con.wav')).toEqual(['_con.wav']);
    const long = safeRelativeParts(`${'x'.repeat(300)}.wav`)[0] as string;
    expect(long).toHaveLength(200);
    expect(long.endsWith('.wav')).toBe(true);
  });
});

describe('numberedName', () => {
  it('numbers before the extension from 2 on', () => {
    expect(numberedName('clip.wav', 1)).toBe('clip.wav');
    expect(numberedName('clip.wav', 2)).toBe('clip (2).wav');
    expect(numberedName('a.b.flac', 3)).toBe('a.b (3).flac');
    expect(numberedName('noext', 2)).toBe('noext (2)');
  });
});
