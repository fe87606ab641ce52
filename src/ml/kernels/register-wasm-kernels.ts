/**
 * Adds the kernels conv-net training needs to the tfjs wasm backend, and replaces the slow ones a training
 * step spends its time in. Safe to call any number of times, before or after the backend initialises.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batch-mat-mul';
import { batchNormGradConfig, batchNormTrainConfig } from './batch-norm-kernels';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input';
import { castConfig, identityConfig } from './identity';
import { meanConfig, sumConfig } from './reduce-leading-axes';
import { tileConfig } from './tile';
import { originalKernels, WASM } from './wasm-backend';

/** Kernels the wasm package lacks. */
export const ADDED_WASM_KERNELS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  // Fused batch-norm training (models/batch-norm.ts), ours alone.
  batchNormTrainConfig,
  batchNormGradConfig,
];
/** Kernels the package has, replaced because a training step spends its time there. */
export const REPLACED_WASM_KERNELS: readonly tf.KernelConfig[] = [conv2DBackpropInputConfig, tileConfig, batchMatMulConfig, sumConfig, meanConfig, identityConfig, castConfig];

export function registerWasmKernels(): void {
  const originals = originalKernels();
  for (const config of [...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS]) {
    const current = tf.getKernel(config.kernelName, WASM);
    if (current?.kernelFunc === config.kernelFunc) continue;
    let setupFunc: tf.KernelConfig['setupFunc'];
    if (current) {
      // Another bundled copy of this module may have replaced it already: keep the package's own kernel.
      if (!originals.has(config.kernelName)) originals.set(config.kernelName, current);
      // The replaced kernel's setup (its wasm bindings) must still run when the backend initialises.
      setupFunc = originals.get(config.kernelName)?.setupFunc;
      tf.unregisterKernel(config.kernelName, WASM);
    }
    tf.registerKernel({ ...config, setupFunc });
    if (setupFunc && tf.findBackend(WASM)) setupFunc(tf.findBackend(WASM) as tf.KernelBackend);
  }
}
