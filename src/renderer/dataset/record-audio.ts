/**
 * Microphone and speaker access for the Record section, behind an interface so component tests can
 * hand in a fake: the browser one uses getUserMedia and the Web Audio API (the same in Electron and
 * in a browser on `wakeword serve`).
 */
import { createContext, useContext } from 'react';
import { MAX_CAPTURE_RATE } from '../../shared/core/dataset/recording/recording-types';

export interface OpenMicrophone {
  /** The rate the blocks arrive at (the device's, at most 48 kHz). */
  readonly sampleRate: number;
  readonly close: () => void;
}

export interface Playback {
  /** Settles when the sound has finished or was stopped. */
  readonly done: Promise<void>;
  readonly stop: () => void;
}

export interface RecorderIo {
  /** Opens the microphone; every block of samples (~40 ms) goes to `onBlock` until `close`. */
  open(onBlock: (block: Float32Array) => void): Promise<OpenMicrophone>;
  play(samples: Float32Array, sampleRate: number): Playback;
}

export const browserRecorderIo: RecorderIo = {
  async open(onBlock) {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this page cannot use a microphone: browsers allow it only on https:// or http://localhost');
    // The raw signal: echo cancellation, noise suppression and gain control would change the voice the model learns.
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    let context = new AudioContext();
    // Higher rates add nothing for 16 kHz clips and would not fit one message; Chromium converts for us.
    if (context.sampleRate > MAX_CAPTURE_RATE) {
      await context.close();
      context = new AudioContext({ sampleRate: MAX_CAPTURE_RATE });
    }
    await context.resume();
    const source = context.createMediaStreamSource(stream);
    // ScriptProcessor is deprecated but needs no separate worklet module, which the strict CSP would have to allow.
    const processor = context.createScriptProcessor(2048, 1, 1);
    processor.onaudioprocess = (event) => onBlock(Float32Array.from(event.inputBuffer.getChannelData(0)));
    source.connect(processor);
    processor.connect(context.destination);
    return {
      sampleRate: context.sampleRate,
      close: () => {
        processor.onaudioprocess = null;
        processor.disconnect();
        source.disconnect();
        for (const track of stream.getTracks()) track.stop();
        void context.close();
      },
    };
  },

  play(samples, sampleRate) {
    const context = new AudioContext();
    const buffer = context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(Float32Array.from(samples), 0);
    const node = context.createBufferSource();
    node.buffer = buffer;
    node.connect(context.destination);
    const done = new Promise<void>((resolve) => {
      node.onended = () => {
        void context.close();
        resolve();
      };
    });
    void context.resume();
    node.start();
    return { done, stop: () => node.stop() };
  },
};

const RecorderIoContext = createContext<RecorderIo>(browserRecorderIo);
export const RecorderIoProvider = RecorderIoContext.Provider;
export const useRecorderIo = (): RecorderIo => useContext(RecorderIoContext);
