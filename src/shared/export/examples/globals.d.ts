// What the example files find at run time without importing it, declared for `tsc -p tsconfig.examples.json` only.
import type * as OrtWeb from 'onnxruntime-web';
import type * as Tf from '@tensorflow/tfjs';

declare global {
  /** The browser examples: example-browser.html loads onnxruntime-web's or TF.js's script, which sets this global. */
  const ort: typeof OrtWeb;
  const tf: typeof Tf;
  /** example-openwakeword-browser.mjs is a snippet: the reader's microphone code supplies 1280 samples of 16 kHz audio. */
  const int16Frame: Int16Array;
}
