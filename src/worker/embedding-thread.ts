/**
 * An openWakeWord embedding worker thread (started by src/ml/oww/backbone-pool.ts; built as
 * out/main/embedding-thread.js, run from source through tsx under tests and the bench). It holds its own
 * single-threaded backbone and runs the same methods the calling thread would, so both paths give the same
 * numbers; training clips are decoded and augmented here too, so that CPU work scales with the workers.
 * Protocol: backbone-pool.ts (ThreadRequest in, ThreadReply out).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest, ThreadSetup } from '../ml/oww/backbone-pool';
import { OwwBackbone } from '../ml/oww/backbone';
import { errorMessage } from '../shared/error-message';

const port = parentPort;
if (!port) throw new Error('embedding-thread.ts runs as a worker thread (see backbone-pool.ts)');
const setup = workerData as ThreadSetup;

function send(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer);
}

async function handle(backbone: OwwBackbone, request: Exclude<ThreadRequest, { type: 'audio' }>): Promise<void> {
  switch (request.type) {
    case 'mel': {
      const inputs: Float32Array[] = [];
      let at = 0;
      for (const length of request.lengths) {
        inputs.push(request.input.subarray(at, at + length));
        at += length;
      }
      const specs = await backbone.melspectrograms(inputs);
      const sizes = Int32Array.from(specs, (spec) => spec.length);
      const output = new Float32Array(sizes.reduce((a, b) => a + b, 0));
      let offset = 0;
      for (const spec of specs) {
        output.set(spec, offset);
        offset += spec.length;
      }
      send({ id: request.id, type: 'mel', output, sizes }, [output.buffer, sizes.buffer]);
      return;
    }
    case 'embed': {
      const output = await backbone.embedWindows(request.windows, request.count);
      send({ id: request.id, type: 'embed', output }, [output.buffer as ArrayBuffer]);
      return;
    }
    case 'clips': {
      // Counted per request: requests of one worker interleave, so a counter's difference would mix them.
      const { outcomes, modelWindows } = await backbone.embedTrainingClipBatch(request.jobs, request.recipe);
      const transfer = outcomes.flatMap((outcome) => ('rows' in outcome ? [outcome.rows.buffer as ArrayBuffer] : []));
      send({ id: request.id, type: 'clips', outcomes, modelWindows }, transfer);
      return;
    }
  }
}

async function main(): Promise<void> {
  let backbone: OwwBackbone;
  try {
    backbone = await OwwBackbone.fromModels(setup.melBytes, setup.embeddingBytes, setup.dir);
  } catch (error) {
    send({ type: 'failed', message: errorMessage(error) });
    return;
  }
  port?.on('message', (request: ThreadRequest) => {
    // Messages arrive in order: the audio a pass shares is in place before its first augmented copy.
    if (request.type === 'audio') {
      backbone.shareAugmentationAudio(request.audio);
      return;
    }
    handle(backbone, request).catch((error: unknown) => send({ id: request.id, error: errorMessage(error) }));
  });
  send({ type: 'ready' });
}

void main();
