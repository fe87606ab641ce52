import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { collectInputPaths, expandAudioPaths, gatherAudioFiles, type InputStream, parsePathList, readPathList } from './input-paths';

const stdinOf = (text: string, isTTY = false): InputStream => Object.assign(Readable.from([Buffer.from(text)]), { isTTY });
const noStdin = (): InputStream => stdinOf('');

describe('parsePathList', () => {
  it('reads one path per line, skipping blank lines and accepting CRLF', () => {
    expect(parsePathList('a.wav\r\n\nb c.wav\n  \nd/e.wav')).toEqual(['a.wav', 'b c.wav', 'd/e.wav']);
  });

  it('reads NUL-separated lists as find -print0 writes them, keeping newlines inside names', () => {
    expect(parsePathList('a.wav\0odd\nname.wav\0')).toEqual(['a.wav', 'odd\nname.wav']);
  });
});

describe('input paths', () => {
  let root = '';

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wakeword-inputs-'));
    await mkdir(path.join(root, 'data', 'deep', 'deeper'), { recursive: true });
    await mkdir(path.join(root, 'data', '.hidden'), { recursive: true });
    await mkdir(path.join(root, 'empty'), { recursive: true });
    for (const file of ['data/b.wav', 'data/a.FLAC', 'data/notes.txt', 'data/deep/c.mp3', 'data/deep/deeper/d.ogg', 'data/.hidden/e.wav', 'single.wav']) {
      await writeFile(path.join(root, file), 'x');
    }
  });

  it('expands a folder to the audio files under it, sorted and recursive, skipping other and hidden files', async () => {
    const data = path.join(root, 'data');
    expect(await expandAudioPaths([data])).toEqual(['a.FLAC', 'b.wav', 'deep/c.mp3', 'deep/deeper/d.ogg'].map((f) => path.join(data, f)));
  });

  it('counts a link to an audio file as that file, and does not follow links to folders (no cycles)', async () => {
    const linked = path.join(root, 'linked');
    await mkdir(linked);
    await symlink(path.join(root, 'single.wav'), path.join(linked, 'to-file.wav'));
    await symlink(path.join(root, 'data'), path.join(linked, 'to-folder'));
    await symlink(linked, path.join(linked, 'loop'));
    expect(await expandAudioPaths([linked])).toEqual([path.join(linked, 'to-file.wav')]);
  });

  it('keeps files as given (even non-audio or missing ones, reported later per file), in order', async () => {
    const paths = [path.join(root, 'single.wav'), path.join(root, 'data', 'notes.txt'), path.join(root, 'missing.wav')];
    expect(await expandAudioPaths(paths)).toEqual(paths);
  });

  it('refuses a folder without audio, naming it', async () => {
    const error = await expandAudioPaths([path.join(root, 'empty')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain(path.join(root, 'empty'));
  });

  it('reads --files-from FILE, and - from standard input, after the command-line paths', async () => {
    const list = path.join(root, 'list.txt');
    await writeFile(list, 'x.wav\ny.wav\n');
    expect(await collectInputPaths({ paths: ['a.wav'], filesFrom: list }, noStdin())).toEqual(['a.wav', 'x.wav', 'y.wav']);
    expect(await collectInputPaths({ paths: ['a.wav', '-'] }, stdinOf('s1.wav\ns2.wav\n'))).toEqual(['a.wav', 's1.wav', 's2.wav']);
    expect(await collectInputPaths({ paths: [], filesFrom: '-' }, stdinOf('s3.wav'))).toEqual(['s3.wav']);
  });

  it('names a missing list file, refuses reading a terminal or standard input twice', async () => {
    await expect(readPathList(path.join(root, 'nope.txt'), noStdin())).rejects.toThrow(`--files-from ${path.join(root, 'nope.txt')}: file not found`);
    await expect(readPathList('-', stdinOf('', true))).rejects.toThrow('standard input is a terminal');
    await expect(collectInputPaths({ paths: ['-'], filesFrom: '-' }, stdinOf('a.wav'))).rejects.toThrow('standard input can be read only once');
  });

  it('expands folders named in a list, and gives a usage error (exit 2) when nothing is named', async () => {
    expect(await gatherAudioFiles({ paths: ['-'] }, stdinOf(`${path.join(root, 'data', 'deep')}\n`))).toEqual(['c.mp3', 'deeper/d.ogg'].map((f) => path.join(root, 'data', 'deep', f)));
    const none = await gatherAudioFiles({ paths: [], filesFrom: '-' }, stdinOf('\n\n')).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(CliError);
    expect((none as CliError).exitCode).toBe(2);
    expect((none as CliError).message).toBe('no input files (the list of paths was empty): give audio files or folders, --files-from FILE, or - to read paths from standard input');
  });
});
