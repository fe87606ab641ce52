/**
 * Loads a TensorFlow.js backend inside the trainer process: native TensorFlow (the optional
 * @tensorflow/tfjs-node-gpu), then WebAssembly, then plain JavaScript, saying why each skipped one was skipped.
 * An explicit choice that cannot load falls back the way `auto` would, and says so (as src/shared/core/backend-selection.ts does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, BackendId } from '../shared/contract/backend-choices';
import { registerWasmKernels } from './kernels/register-wasm-kernels';
import { errorMessage } from '../shared/error-message';

export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
const GPU_HINT = 'it needs CUDA 11.2 and cuDNN 8.1; see README "Training backends"';

export interface SkippedBackend {
  readonly id: BackendId;
  readonly reason: string;
}

export interface LoadedBackend {
  readonly id: BackendId;
  /** Shown to users: what runs the training and how. */
  readonly reason: string;
  readonly skipped: readonly SkippedBackend[];
}

export interface LoadBackendOptions {
  /** Loads an optional package; throws when it is missing or broken. Tests replace it. */
  readonly requireOptional?: (id: string) => unknown;
  /** Folder holding the tfjs-backend-wasm .wasm binaries (default: the installed package's dist/). */
  readonly wasmDir?: string;
}

type Attempt = { readonly ok: true; readonly reason: string } | { readonly ok: false; readonly reason: string };

const ORDER: readonly BackendId[] = ['tensorflow', 'wasm', 'cpu'];

export async function loadBackend(choice: BackendChoice, options: LoadBackendOptions = {}): Promise<LoadedBackend> {
  // Production mode silences tfjs's "install tfjs-node" banner, which would only confuse users of the CLI and logs.
  tf.env().set('PROD', true);
  const skipped: SkippedBackend[] = [];
  const candidates = choice === 'auto' ? ORDER : [choice, ...ORDER.filter((id) => id !== choice)];
  for (const id of candidates) {
    const attempt = await tryBackend(id, options);
    if (attempt.ok) {
      return { id, reason: id === choice || choice === 'auto' ? attempt.reason : `${attempt.reason} (fallback: ${choice} is unavailable)`, skipped };
    }
    skipped.push({ id, reason: id === choice ? `chosen but unavailable: ${attempt.reason}` : attempt.reason });
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${skipped.map((entry) => `${entry.id}: ${entry.reason}`).join('; ')}`);
}

function tryBackend(id: BackendId, options: LoadBackendOptions): Promise<Attempt> {
  switch (id) {
    case 'tensorflow':
      return tryTensorflow(options);
    case 'wasm':
      return tryWasm(options);
    case 'cpu':
      return tryCpu();
  }
}

/** Resolves from this module's own location, so bundled builds find the app's node_modules. */
const localRequire = createRequire(import.meta.url);

function isModuleNotFound(error: unknown, id: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && error.message.includes(id);
}

function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0] ?? text;
}

async function tryTensorflow(options: LoadBackendOptions): Promise<Attempt> {
  const load = options.requireOptional ?? localRequire;
  try {
    // The package registers the 'tensorflow' backend with the shared tfjs engine as a side effect.
    load(GPU_PACKAGE);
  } catch (error) {
    if (isModuleNotFound(error, GPU_PACKAGE)) return { ok: false, reason: `${GPU_PACKAGE} is not installed (optional; ${GPU_HINT})` };
    return { ok: false, reason: `${GPU_PACKAGE} is installed but does not load: ${firstLine(error)} (${GPU_HINT})` };
  }
  if (!tf.findBackendFactory('tensorflow')) return { ok: false, reason: `${GPU_PACKAGE} loaded but registered no 'tensorflow' backend (version mismatch with @tensorflow/tfjs?)` };
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, reason: `${GPU_PACKAGE} loaded but its backend failed to initialise (${GPU_HINT})` };
  await tf.ready();
  const backend = tf.backend() as unknown as { readonly isUsingGpuDevice?: boolean };
  if (backend.isUsingGpuDevice !== true) return { ok: true, reason: 'native TensorFlow, CPU build (no CUDA device visible)' };
  return { ok: true, reason: `native TensorFlow on GPU: ${gpuName() ?? 'CUDA device'}` };
}

/** tfjs-node does not expose device names; nvidia-smi does, when present. */
function gpuName(): string | null {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

/** The dist/ folder of the installed wasm package, found the way Node would find the package itself. */
export function defaultWasmDir(): string | null {
  try {
    return path.join(path.dirname(localRequire.resolve(`${WASM_PACKAGE}/package.json`)), 'dist');
  } catch {
    return null;
  }
}

async function tryWasm(options: LoadBackendOptions): Promise<Attempt> {
  const dir = options.wasmDir ?? defaultWasmDir();
  if (!dir) return { ok: false, reason: `${WASM_PACKAGE} is not installed (run npm install)` };
  // tfjs only enables threads in browsers (Node has no Blob workers for it); SIMD is validated by tfjs itself.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const binary = simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  if (!existsSync(path.join(dir, binary))) return { ok: false, reason: `${binary} not found in ${dir} (reinstall ${WASM_PACKAGE})` };
  try {
    setWasmPaths(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
  } catch (error) {
    return { ok: false, reason: `WebAssembly backend cannot be configured: ${firstLine(error)}` };
  }
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) return { ok: false, reason: `the WebAssembly backend failed to initialise from ${path.join(dir, binary)}` };
  await tf.ready();
  return { ok: true, reason: `WebAssembly${simd ? ' with SIMD' : ' (no SIMD in this runtime)'}, single-threaded (no GPU needed)` };
}

async function tryCpu(): Promise<Attempt> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'the plain JavaScript backend failed to initialise' };
  await tf.ready();
  return { ok: true, reason: 'plain JavaScript (always works, slowest)' };
}
