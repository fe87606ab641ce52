import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { encodeWavPcm16, readPcm16Wav } from '../../src/shared/core/audio/pcm16-wav';

/**
 * What Chromium's fake microphone plays, in a loop: espeak-ng saying the phrase, with 0.5 s of silence
 * before and 1.5 s after, so a take can end "after a pause" and the trim has silence to remove. Returns the
 * phrase's length in seconds.
 */
export function writeFakeMicrophoneVoice(file: string, phrase = 'hey nova'): number {
  const spoken = spawnSync('espeak-ng', ['--stdout', phrase], { maxBuffer: 16 * 1024 * 1024 });
  if (spoken.status !== 0) throw new Error(`espeak-ng failed (is it installed?): ${spoken.stderr?.toString() ?? ''}`);
  const voice = readPcm16Wav(new Uint8Array(spoken.stdout));
  const loop = new Float32Array(Math.round(2 * voice.sampleRate) + voice.samples.length);
  loop.set(voice.samples, Math.round(0.5 * voice.sampleRate));
  writeFileSync(file, encodeWavPcm16(loop, voice.sampleRate));
  return voice.samples.length / voice.sampleRate;
}

/** Chromium switches that make getUserMedia play `file` without a permission prompt. */
export function fakeMicrophoneArgs(file: string): readonly string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`, '--autoplay-policy=no-user-gesture-required'];
}
