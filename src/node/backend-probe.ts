/**
 * Finds out which TensorFlow.js backends this machine can run, and why not where it cannot.
 * The native binding is loaded in a child process: a broken libtensorflow must not take the app down.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendStatus } from '../shared/contract/api';
import { errorMessage } from '../shared/error-message';

const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const GPU_HINT = 'it needs CUDA 11.2 and cuDNN 8.1; see README "Training backends"';

export interface ProbeOptions {
  /** Where module resolution starts (the project root in a checkout). */
  readonly resolveFrom: string;
  /** Seconds to wait for the native binding to load before calling it broken. */
  readonly timeoutMs?: number;
}

function resolver(resolveFrom: string): NodeJS.Require {
  return createRequire(path.join(resolveFrom, 'noop.js'));
}

function tryResolve(req: NodeJS.Require, id: string): string | null {
  try {
    return req.resolve(id);
  } catch {
    return null;
  }
}

export async function probeTensorflow(options: ProbeOptions): Promise<BackendStatus> {
  const req = resolver(options.resolveFrom);
  const entry = tryResolve(req, GPU_PACKAGE);
  if (!entry) return { id: 'tensorflow', available: false, reason: `${GPU_PACKAGE} is not installed (optional; ${GPU_HINT})` };
  const script = `const tf=require(${JSON.stringify(entry)});const gpu=tf.backend&&tf.getBackend();process.stdout.write(String(gpu));`;
  const result = await runNode(script, options.timeoutMs ?? 30_000);
  if (result.code !== 0) {
    return { id: 'tensorflow', available: false, reason: `${GPU_PACKAGE} is installed but does not load: ${errorLine(result)} (${GPU_HINT})` };
  }
  const gpuVisible = /Created TensorFlow device .*GPU|device:GPU/.test(result.stderr);
  return {
    id: 'tensorflow',
    available: true,
    reason: gpuVisible ? 'native TensorFlow with a CUDA GPU' : 'native TensorFlow, CPU build (no CUDA device visible)',
  };
}

export async function probeWasm(options: ProbeOptions): Promise<BackendStatus> {
  const req = resolver(options.resolveFrom);
  const pkg = tryResolve(req, '@tensorflow/tfjs-backend-wasm/package.json');
  if (!pkg) return { id: 'wasm', available: false, reason: '@tensorflow/tfjs-backend-wasm is not installed (run npm install)' };
  const dist = path.join(path.dirname(pkg), 'dist');
  const simd = path.join(dist, 'tfjs-backend-wasm-simd.wasm');
  const plain = path.join(dist, 'tfjs-backend-wasm.wasm');
  const file = existsSync(simd) ? simd : plain;
  try {
    // Compiling proves this runtime accepts the module (SIMD support differs between runtimes).
    await wasmRuntime().compile(await readFile(file));
    return { id: 'wasm', available: true, reason: `WebAssembly${file === simd ? ' with SIMD' : ''} (no GPU needed)` };
  } catch (error) {
    const message = errorMessage(error);
    return { id: 'wasm', available: false, reason: `${path.basename(file)} does not compile here: ${message}` };
  }
}

/** Node has WebAssembly at runtime, but its types live in the DOM lib this layer does not load. */
function wasmRuntime(): { compile(bytes: Uint8Array): Promise<unknown> } {
  return (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }).WebAssembly;
}

export function probeCpu(options: ProbeOptions): BackendStatus {
  const found = tryResolve(resolver(options.resolveFrom), '@tensorflow/tfjs-backend-cpu');
  return found
    ? { id: 'cpu', available: true, reason: 'plain JavaScript (always works, slowest)' }
    : { id: 'cpu', available: false, reason: '@tensorflow/tfjs-backend-cpu is not installed (run npm install)' };
}

export async function probeBackends(options: ProbeOptions): Promise<readonly BackendStatus[]> {
  const [tensorflow, wasm] = await Promise.all([probeTensorflow(options), probeWasm(options)]);
  return [tensorflow, wasm, probeCpu(options)];
}

/** Node prints the throwing source line first; the line naming the error is what a user needs. */
function errorLine(run: NodeRun): string {
  const lines = run.stderr.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines[0] ?? `exit code ${String(run.code)}`;
}

interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runNode(script: string, timeoutMs: number): Promise<NodeRun> {
  return new Promise((resolve) => {
    // In Electron, process.execPath is the app binary; ELECTRON_RUN_AS_NODE makes it a plain Node.
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code, signal) => resolve({ code: signal ? -1 : code, stdout, stderr: signal ? `timed out or killed (${signal})\n${stderr}` : stderr }));
  });
}
