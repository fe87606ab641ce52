import { describe, expect, it } from 'vitest';
import { wavBytes, type WavSpec } from '../../../tests/fixtures/dataset/audio-bytes';
import { PROBE_HEAD_BYTES, probeAudio } from '../../shared/core/dataset/formats/probe-audio';
import { runProbeOnBytes, type ProbeOutcome } from '../../shared/core/dataset/formats/probe-types';
import { probeWavFast } from './probe-wav-fast';

/** What the general probe says, given the head the scanner would read. */
function general(bytes: Uint8Array): ProbeOutcome {
  return runProbeOnBytes(probeAudio({ head: bytes.subarray(0, PROBE_HEAD_BYTES), size: bytes.length }, 'wav'), bytes);
}

function fast(bytes: Uint8Array) {
  const head = new Uint8Array(PROBE_HEAD_BYTES);
  const length = Math.min(bytes.length, PROBE_HEAD_BYTES);
  head.set(bytes.subarray(0, length));
  return probeWavFast(head, length, bytes.length);
}

/** The fast path may decline anything, but what it accepts must be exactly what the general probe says. */
function expectAgreement(bytes: Uint8Array): 'accepted' | 'declined' {
  const quick = fast(bytes);
  if (quick === null) return 'declined';
  expect(general(bytes)).toEqual({ ok: true, info: quick, warnings: [] });
  return 'accepted';
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLEAN: readonly WavSpec[] = [
  { bits: 8 },
  { bits: 16 },
  { bits: 24, channels: 2 },
  { bits: 32, sampleRate: 48000 },
  { codec: 'float', bits: 32 },
  { codec: 'float', bits: 64, channels: 3 },
  { bits: 24, channels: 2, extensible: true },
  { codec: 'float', bits: 32, extensible: true },
  { bits: 16, frames: 1, sampleRate: 8000 },
  { bits: 16, leadingChunks: [{ id: 'LIST', body: new Uint8Array(101) }] },
];

describe('probeWavFast', () => {
  it('accepts clean PCM, float and WAVE_FORMAT_EXTENSIBLE files with the general probe’s facts', () => {
    for (const spec of CLEAN) {
      const bytes = wavBytes({ frames: 400, ...spec });
      expect(fast(bytes), JSON.stringify(spec)).not.toBeNull();
      expect(expectAgreement(bytes)).toBe('accepted');
    }
    expect(fast(wavBytes({ bits: 24, channels: 2, sampleRate: 44100, frames: 44100 }))).toEqual({
      format: 'wav',
      codec: 'pcm',
      sampleRate: 44100,
      channels: 2,
      bitDepth: 24,
      durationSeconds: 1,
    });
  });

  it('leaves unusual, damaged and warning-worthy files to the general probe', () => {
    const declined: Uint8Array[] = [
      wavBytes({ formatTag: 7, bits: 8 }), // µ-law
      wavBytes({ bits: 12 }),
      wavBytes({ frames: 1600, declaredDataSize: 0xffffffff }), // streamed: a warning
      wavBytes({ frames: 1600, declaredDataSize: 64000 }), // truncated
      wavBytes({ frames: 1600, blockAlign: 4 }), // a warning
      wavBytes({ frames: 0 }),
      // fmt behind a LIST chunk longer than the head: the general probe reads on
      wavBytes({ frames: 100, leadingChunks: [{ id: 'LIST', body: new Uint8Array(PROBE_HEAD_BYTES * 2) }] }),
      wavBytes({ frames: 100 }).subarray(0, 30),
      new Uint8Array(0),
    ];
    const rf64 = wavBytes({ frames: 100 });
    rf64.set([0x52, 0x46, 0x36, 0x34], 0);
    declined.push(rf64);
    const partial = wavBytes({ frames: 100 });
    new DataView(partial.buffer).setUint32(40, 199, true); // data size not a whole number of frames: a warning
    declined.push(partial);
    for (const bytes of declined) {
      expect(fast(bytes)).toBeNull();
      expect(expectAgreement(bytes)).toBe('declined');
    }
  });

  it('never disagrees with the general probe on thousands of mutated headers', () => {
    const next = random(20240611);
    const bases = CLEAN.map((spec) => wavBytes({ frames: 50, ...spec }));
    const interesting = [0, 1, 2, 3, 8, 16, 24, 32, 40, 64, 0x7f, 0x80, 0xfe, 0xff];
    const counts = { accepted: 0, declined: 0 };
    for (let round = 0; round < 4000; round++) {
      const base = bases[Math.floor(next() * bases.length)] as Uint8Array;
      let bytes = base.slice();
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * Math.min(bytes.length, 96));
        bytes[at] = next() < 0.5 ? (interesting[Math.floor(next() * interesting.length)] as number) : Math.floor(next() * 256);
      }
      if (next() < 0.15) bytes = bytes.subarray(0, Math.floor(next() * bytes.length));
      counts[expectAgreement(bytes)]++;
    }
    // Both branches must be exercised, or the comparison proves nothing.
    expect(counts.accepted).toBeGreaterThan(200);
    expect(counts.declined).toBeGreaterThan(200);
  });
});
