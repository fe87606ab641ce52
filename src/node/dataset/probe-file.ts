/**
 * Runs the pure audio probes against a real file with synchronous reads: one open, one fstat, usually one
 * 4 KB read, one close. Clean WAV files take the fast path in probe-wav-fast.ts. Synchronous calls are
 * several times faster than the promise API for tiny reads; the scanner can block its thread, since it runs
 * in a process of its own (or the CLI's).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PROBE_HEAD_BYTES, probeAudio } from '../../shared/core/dataset/formats/probe-audio';
import { invalid, valid, type Probe, type ProbeOutcome } from '../../shared/core/dataset/formats/probe-types';
import { probeWavFast } from './probe-wav-fast';
import { errorMessage } from '../../shared/error-message';

// A plain Uint8Array, reused: a Buffer's subarray goes through Buffer's own constructor, several times slower.
const head = new Uint8Array(PROBE_HEAD_BYTES);
const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** The fast path for clean WAV files (see probe-wav-fast), else the general probe on the same head. */
function probeHead(bytes: Uint8Array, headLength: number, size: number, extension: string): Probe | ProbeOutcome {
  if (extension === 'wav' || extension === 'wave') {
    const info = probeWavFast(bytes, headLength, size);
    if (info) return valid(info, NO_WARNINGS);
  }
  return probeAudio({ head: headLength === bytes.length ? bytes : bytes.subarray(0, headLength), size }, extension);
}

function isOutcome(value: Probe | ProbeOutcome): value is ProbeOutcome {
  return 'ok' in value;
}

/** A reason a person understands for a failed file-system call. */
export function describeFsError(error: unknown, what = 'the file'): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${what} (permission denied)`;
    case 'ENOENT':
      return `${what} disappeared during the scan`;
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EIO':
      return `read error on ${what} (the disk or file may be damaged)`;
    case 'EISDIR':
      return `${what} is a folder`;
    default:
      return `cannot read ${what} (${code ?? errorMessage(error)})`;
  }
}

function readInto(fd: number, offset: number, length: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(length);
  const read = readSync(fd, buffer, 0, length, offset);
  return buffer.subarray(0, read);
}

export interface ProbedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly outcome: ProbeOutcome;
}

function probeFd(fd: number, size: number, extension: string): ProbeOutcome {
  if (size === 0) return invalid('zero-length file');
  const headLength = readSync(fd, head, 0, Math.min(size, PROBE_HEAD_BYTES), 0);
  const probe = probeHead(head, headLength, size, extension);
  if (isOutcome(probe)) return probe;
  let step = probe.next(new Uint8Array(0));
  while (!step.done) step = probe.next(readInto(fd, step.value.offset, step.value.length));
  return step.value;
}

/**
 * Probes from a head another thread already read (the scan I/O workers). Headers that run past it are rare
 * (a long LIST chunk before fmt, say): only then is the file opened here to read the rest.
 */
export function probeFromHead(absolutePath: string, extension: string, size: number, head: Uint8Array): ProbeOutcome {
  if (size === 0) return invalid('zero-length file');
  const probe = probeHead(head, head.length, size, extension);
  if (isOutcome(probe)) return probe;
  let step = probe.next(new Uint8Array(0));
  if (step.done) return step.value;
  let fd = -1;
  try {
    fd = openSync(absolutePath, 'r');
    while (!step.done) step = probe.next(readInto(fd, step.value.offset, step.value.length));
    return step.value;
  } catch (error) {
    return invalid(describeFsError(error));
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Opens the file once and takes size and mtime from the open descriptor: one path lookup per file,
 * which is what a cold scan of a large tree spends its time on. `null` facts mean the open failed.
 */
export function probeFileSync(absolutePath: string, extension: string): ProbedFile {
  let fd: number;
  try {
    fd = openSync(absolutePath, 'r');
  } catch (error) {
    return { size: 0, mtimeMs: 0, outcome: invalid(describeFsError(error)) };
  }
  let size = 0;
  let mtimeMs = 0;
  try {
    const stats = fstatSync(fd);
    size = stats.size;
    mtimeMs = stats.mtimeMs;
    return { size, mtimeMs, outcome: probeFd(fd, size, extension) };
  } catch (error) {
    return { size, mtimeMs, outcome: invalid(describeFsError(error)) };
  } finally {
    closeSync(fd);
  }
}
